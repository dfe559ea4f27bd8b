// 数据概览: the five KPIs of a period and store with their definitions, the trend charts and the
// lifecycle funnel. A manager sees their own store only (the server answers 403 STORE_SCOPE for
// another); an admin picks all stores or one.
import { InfoCircleOutlined } from '@ant-design/icons';
import { DEFAULT_LIFECYCLE, DEFAULT_TIMEZONE, type Granularity, type LifecycleStage } from '@huiyuan/shared';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Empty, Row, Segmented, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { getKpis, getKpiSeries, getLifecycleSettings, getProgramme, listStores } from '../../api/endpoints';
import { Chart } from '../../components/chart';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { useIdentity } from '../../hooks/use-identity';
import { formatCount, formatRate } from '../../lib/format';
import {
  chartPeriod,
  defaultGranularity,
  PERIOD_PRESETS,
  presetPeriod,
  todayIn,
  type Period,
  type PeriodPreset,
} from '../../lib/period';
import { lifecycleOption, membersOrdersOption, ratesOption, salesOption } from './charts';
import { drillDown, drillDownHref, lifecycleDrillDown, type DrillContext, type DrillDown } from './drill-down';
import { kpiFigures, lifecycleDefinition, lifecycleStages, type Figure } from './figures';

const GRANULARITIES: { value: Granularity; label: string }[] = [
  { value: 'day', label: '按日' },
  { value: 'week', label: '按周' },
  { value: 'month', label: '按月' },
];

function FigureCard({ figure, version, drill }: { figure: Figure; version: string; drill?: DrillDown | null }) {
  const navigate = useNavigate();
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Statistic
        title={
          <Space size={4}>
            {figure.label}
            <Tooltip
              title={
                <div data-testid={`kpi-${figure.key}-definition`}>
                  <div>{figure.definition}</div>
                  <div style={{ marginTop: 4, opacity: 0.75 }}>口径版本 {version}</div>
                </div>
              }
            >
              <InfoCircleOutlined aria-label={`${figure.label}口径说明`} style={{ cursor: 'help' }} />
            </Tooltip>
          </Space>
        }
        valueRender={() => (
          <span data-testid={`kpi-${figure.key}`} style={{ fontSize: figure.primary ? 28 : 20 }}>
            {figure.value}
          </span>
        )}
      />
      {figure.hint && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {figure.hint}
        </Typography.Text>
      )}
      {drill && (
        <div>
          <Typography.Link
            style={{ fontSize: 12 }}
            data-testid={`kpi-${figure.key}-drill`}
            onClick={() => void navigate(drillDownHref(drill))}
          >
            查看会员{drill.approximate ? '（近似）' : ''}
          </Typography.Link>
        </div>
      )}
    </Card>
  );
}

export default function DashboardPage() {
  const { identity, isAdmin } = useIdentity();
  const programme = useQuery({ queryKey: ['programme'], queryFn: getProgramme, enabled: Boolean(identity) });
  const timeZone = programme.data?.timezone ?? DEFAULT_TIMEZONE;
  const today = todayIn(timeZone);

  const [preset, setPreset] = useState<PeriodPreset>('7d');
  const [custom, setCustom] = useState<Period | null>(null);
  const period: Period = preset === 'custom' && custom ? custom : presetPeriod(preset, today);
  const [storeChoice, setStoreChoice] = useState<string>('');
  // A manager's scope is their store, whatever the picker says (there is none for them).
  const storeId = isAdmin ? storeChoice || undefined : (identity?.storeId ?? undefined);

  const trend = chartPeriod(period);
  const [granularityChoice, setGranularity] = useState<Granularity | null>(null);
  const granularity = granularityChoice ?? defaultGranularity(trend);

  const stores = useQuery({ queryKey: ['stores'], queryFn: listStores, enabled: Boolean(identity) });
  const lifecycle = useQuery({ queryKey: ['lifecycle-settings'], queryFn: getLifecycleSettings, enabled: Boolean(identity) });
  const windows = lifecycle.data ?? DEFAULT_LIFECYCLE;
  const ready = Boolean(identity) && (isAdmin || Boolean(storeId));
  const kpis = useQuery({
    queryKey: ['kpis', period.from, period.to, storeId ?? null],
    queryFn: () => getKpis({ from: period.from, to: period.to, ...(storeId ? { storeId } : {}) }),
    enabled: ready,
  });
  const series = useQuery({
    queryKey: ['kpi-series', trend.from, trend.to, granularity, storeId ?? null],
    queryFn: () => getKpiSeries({ from: trend.from, to: trend.to, granularity, ...(storeId ? { storeId } : {}) }),
    enabled: ready,
  });

  const storeName = stores.data?.items.find((s) => s.id === storeId)?.name;
  const figures = useMemo(() => (kpis.data ? kpiFigures(kpis.data, windows) : []), [kpis.data, windows]);
  const stages = kpis.data ? lifecycleStages(kpis.data) : [];
  const navigate = useNavigate();
  // Drill-down opens the segment editor: admins only (segments are theirs).
  const drillContext: DrillContext | null = isAdmin
    ? { from: period.from, to: period.to, today, ...(storeId ? { storeId, ...(storeName ? { storeName } : {}) } : {}) }
    : null;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size="middle">
          <Typography.Title level={4} style={{ margin: 0 }}>
            数据概览
          </Typography.Title>
          <Segmented<PeriodPreset>
            aria-label="统计周期"
            data-testid="period-picker"
            value={preset}
            options={PERIOD_PRESETS.map((p) => ({ value: p.key, label: p.label }))}
            onChange={(value) => {
              setPreset(value);
              if (value === 'custom' && !custom) setCustom(presetPeriod('30d', today));
              setGranularity(null);
            }}
          />
          {preset === 'custom' && (
            <DatePicker.RangePicker
              aria-label="自定义日期范围"
              allowClear={false}
              value={custom ? [dayjs(custom.from), dayjs(custom.to)] : null}
              disabledDate={(d) => d.format('YYYY-MM-DD') > today}
              onChange={(range) => {
                if (range?.[0] && range[1]) {
                  setCustom({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
                  setGranularity(null);
                }
              }}
            />
          )}
          {isAdmin ? (
            <Select
              aria-label="门店"
              data-testid="store-picker"
              style={{ minWidth: 180 }}
              value={storeChoice}
              loading={stores.isLoading}
              onChange={setStoreChoice}
              options={[
                { value: '', label: '全部门店' },
                ...(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
              ]}
            />
          ) : (
            <Tag color="blue" data-testid="store-scope">
              {storeName ?? '本门店'}
            </Tag>
          )}
          <Typography.Text type="secondary">
            {period.from} 至 {period.to}（{timeZone}）
          </Typography.Text>
        </Space>
      </Card>

      {!isAdmin && identity && !identity.storeId && <ErrorAlert error={new Error('您的账号没有所属门店，无法查看数据。')} />}

      <QueryState query={kpis}>
        {(k) => (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Row gutter={[16, 16]} data-testid="kpi-primary">
              {figures
                .filter((f) => f.primary)
                .map((f) => (
                  <Col key={f.key} xs={24} sm={12} lg={8} xl={{ flex: '20%' }}>
                    <FigureCard
                      figure={f}
                      version={k.definitionVersion}
                      drill={drillContext ? drillDown(f.key, drillContext) : null}
                    />
                  </Col>
                ))}
            </Row>
            <Row gutter={[16, 16]} data-testid="kpi-secondary">
              {figures
                .filter((f) => !f.primary)
                .map((f) => (
                  <Col key={f.key} xs={12} md={6} xl={3}>
                    <FigureCard
                      figure={f}
                      version={k.definitionVersion}
                      drill={drillContext ? drillDown(f.key, drillContext) : null}
                    />
                  </Col>
                ))}
            </Row>
          </Space>
        )}
      </QueryState>

      <Card
        title="趋势"
        size="small"
        extra={
          <Segmented<Granularity>
            aria-label="时间粒度"
            data-testid="granularity-picker"
            value={granularity}
            options={GRANULARITIES}
            onChange={setGranularity}
          />
        }
      >
        <QueryState query={series} isEmpty={(s) => s.items.length === 0}>
          {(s) => (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Typography.Text strong>会员与订单</Typography.Text>
                <Chart testId="chart-members-orders" option={membersOrdersOption(s.items)} />
              </Col>
              <Col xs={24} xl={12}>
                <Typography.Text strong>销售额与客单价</Typography.Text>
                <Chart testId="chart-sales" option={salesOption(s.items)} />
              </Col>
              <Col xs={24} xl={12}>
                <Typography.Text strong>复购率与活跃度</Typography.Text>
                <Chart testId="chart-rates" option={ratesOption(s.items)} />
              </Col>
              <Col xs={24} xl={12}>
                <Typography.Text type="secondary">
                  趋势区间 {trend.from} 至 {trend.to}
                  {trend.from !== period.from ? '（所选周期不足 7 天，趋势图显示近 7 天）' : ''}；口径版本 {s.definitionVersion}
                </Typography.Text>
              </Col>
            </Row>
          )}
        </QueryState>
      </Card>

      {kpis.data && (
        <Card
          size="small"
          title={
            <Space size={4}>
              会员生命周期（截至 {kpis.data.to}）
              <Tooltip title={lifecycleDefinition(windows)}>
                <InfoCircleOutlined aria-label="生命周期口径说明" />
              </Tooltip>
            </Space>
          }
        >
          {stages.every((s) => s.count === 0) ? (
            <Empty description="暂无会员" />
          ) : (
            <Row gutter={16}>
              <Col xs={24} lg={14}>
                <Chart testId="chart-lifecycle" option={lifecycleOption(stages)} height={260} />
              </Col>
              <Col xs={24} lg={10}>
                <Table
                  data-testid="lifecycle-table"
                  size="small"
                  pagination={false}
                  rowKey="stage"
                  dataSource={stages}
                  columns={[
                    { title: '阶段', dataIndex: 'label' },
                    { title: '人数', dataIndex: 'count', render: (n: number) => formatCount(n) },
                    { title: '占比', dataIndex: 'share', render: (r: number | null) => formatRate(r) },
                    ...(drillContext
                      ? [
                          {
                            title: '',
                            dataIndex: 'stage',
                            render: (stage: LifecycleStage) => (
                              <Typography.Link
                                data-testid={`lifecycle-${stage}-drill`}
                                onClick={() => void navigate(drillDownHref(lifecycleDrillDown(stage, drillContext)))}
                              >
                                查看会员
                              </Typography.Link>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </Col>
            </Row>
          )}
        </Card>
      )}
    </Space>
  );
}
