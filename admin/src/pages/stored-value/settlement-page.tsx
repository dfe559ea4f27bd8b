// 跨店结算 (admins; managers see their store): for a period, per store, the principal topped up,
// the bonus granted, principal and bonus spent at its till, what it is owed by other stores (their
// members' principal spent here) and owes them (its principal spent elsewhere), the net and the
// principal refunded, with totals; above it, the balance all members hold now (principal + bonus).
import { DEFAULT_TIMEZONE, type LocalDate, type StoredValueSettlementRow } from '@huiyuan/shared';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { getProgramme, listStores } from '../../api/endpoints';
import { QueryState } from '../../components/query-state';
import { useIdentity } from '../../hooks/use-identity';
import { formatFen } from '../../lib/format';
import { todayIn } from '../../lib/period';
import {
  SETTLEMENT_PRESETS,
  settlementPeriod,
  settlementRange,
  settlementTotals,
  type DatePeriod,
  type SettlementFigure,
  type SettlementPreset,
} from './settlement';
import { useSettlement } from './use-stored-value';

const COLUMNS: { key: SettlementFigure; title: string; hint: string }[] = [
  { key: 'toppedUp', title: '充值本金', hint: '本期为本店充值的本金' },
  { key: 'bonusGranted', title: '赠送金发放', hint: '本期为本店充值所赠送的金额' },
  { key: 'principalSpent', title: '本金消费', hint: '本期在本店收银台用储值支付的本金' },
  { key: 'bonusSpent', title: '赠送金消费', hint: '本期在本店收银台用掉的赠送金' },
  { key: 'owedByOthers', title: '他店应付本店', hint: '在其他门店充值、在本店消费的本金' },
  { key: 'owedToOthers', title: '本店应付他店', hint: '在本店充值、在其他门店消费的本金' },
  { key: 'net', title: '净额', hint: '他店应付本店 − 本店应付他店；正数 = 本店应收' },
  { key: 'principalRefunded', title: '退款本金', hint: '本期退还给会员的充值本金' },
];

function money(v: number, signed = false) {
  const text = formatFen(Math.abs(v));
  if (!signed || v === 0) return v < 0 ? `-${text}` : text;
  return <Typography.Text type={v < 0 ? 'danger' : 'success'}>{v < 0 ? `-${text}` : `+${text}`}</Typography.Text>;
}

export default function SettlementPage() {
  const { identity, isAdmin } = useIdentity();
  const programme = useQuery({ queryKey: ['programme'], queryFn: getProgramme, enabled: Boolean(identity) });
  const timeZone = programme.data?.timezone ?? DEFAULT_TIMEZONE;
  const today = todayIn(timeZone);
  const [preset, setPreset] = useState<SettlementPreset>('this_month');
  const [custom, setCustom] = useState<DatePeriod | null>(null);
  const period = preset === 'custom' && custom ? custom : settlementPeriod(preset, today);
  const [storeChoice, setStoreChoice] = useState('');
  const stores = useQuery({ queryKey: ['stores'], queryFn: listStores, enabled: isAdmin });
  // A manager's scope is their store: the server answers that whatever is asked.
  const storeId = isAdmin ? storeChoice || undefined : undefined;
  const range = settlementRange(period, timeZone);
  const settlement = useSettlement({ ...range, ...(storeId ? { storeId } : {}) }, Boolean(identity) && !programme.isLoading);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size="middle">
          <Typography.Title level={4} style={{ margin: 0 }}>
            跨店结算
          </Typography.Title>
          <Segmented<SettlementPreset>
            value={preset}
            onChange={(p) => {
              setPreset(p);
              if (p === 'custom' && !custom) setCustom(settlementPeriod('this_month', today));
            }}
            options={SETTLEMENT_PRESETS.map((p) => ({ value: p.key, label: p.label }))}
            data-testid="settlement-preset"
          />
          {preset === 'custom' && (
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(period.from), dayjs(period.to)]}
              disabledDate={(d) => d.isAfter(dayjs(today), 'day')}
              onChange={(v) => {
                if (v?.[0] && v[1])
                  setCustom({ from: v[0].format('YYYY-MM-DD') as LocalDate, to: v[1].format('YYYY-MM-DD') as LocalDate });
              }}
            />
          )}
          {isAdmin ? (
            <Select
              data-testid="settlement-store-picker"
              style={{ width: 180 }}
              value={storeChoice}
              onChange={setStoreChoice}
              options={[
                { value: '', label: '全部门店' },
                ...(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
              ]}
            />
          ) : (
            <Tag color="blue">仅本门店</Tag>
          )}
          <Typography.Text type="secondary">
            {period.from} 至 {period.to}（{timeZone}）
          </Typography.Text>
        </Space>
      </Card>
      <QueryState query={settlement}>
        {(data) => {
          const totals = settlementTotals(data.items);
          return (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Card size="small" title="会员储值余额（当前，全部会员）">
                <Row gutter={16}>
                  <Col span={8}>
                    <Statistic
                      title="未消费余额"
                      value={data.outstanding.principal + data.outstanding.bonus}
                      formatter={() => (
                        <span data-testid="settlement-outstanding">
                          {formatFen(data.outstanding.principal + data.outstanding.bonus)}
                        </span>
                      )}
                    />
                  </Col>
                  <Col span={8}>
                    <Statistic
                      title="其中本金（会员实付，可退）"
                      value={data.outstanding.principal}
                      formatter={() => formatFen(data.outstanding.principal)}
                    />
                  </Col>
                  <Col span={8}>
                    <Statistic
                      title="其中赠送金"
                      value={data.outstanding.bonus}
                      formatter={() => formatFen(data.outstanding.bonus)}
                    />
                  </Col>
                </Row>
              </Card>
              <Card size="small" title="各门店结算">
                <Table<StoredValueSettlementRow>
                  data-testid="settlement-table"
                  size="small"
                  rowKey={(r) => r.storeId ?? 'none'}
                  pagination={false}
                  dataSource={data.items}
                  scroll={{ x: 'max-content' }}
                  locale={{ emptyText: '本期没有储值充值或消费' }}
                  columns={[
                    { title: '门店', dataIndex: 'storeName', render: (v: string, r) => (r.storeId ? v : `${v || '未指定门店'}`) },
                    ...COLUMNS.map((c) => ({
                      title: <span title={c.hint}>{c.title}</span>,
                      dataIndex: c.key,
                      align: 'right' as const,
                      render: (v: number) => money(v, c.key === 'net'),
                    })),
                  ]}
                  summary={() =>
                    data.items.length > 1 ? (
                      <Table.Summary.Row data-testid="settlement-totals">
                        <Table.Summary.Cell index={0}>
                          <Typography.Text strong>合计</Typography.Text>
                        </Table.Summary.Cell>
                        {COLUMNS.map((c, i) => (
                          <Table.Summary.Cell key={c.key} index={i + 1} align="right">
                            <Typography.Text strong>{money(totals[c.key], c.key === 'net')}</Typography.Text>
                          </Table.Summary.Cell>
                        ))}
                      </Table.Summary.Row>
                    ) : null
                  }
                />
                <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                  结算只按本金计算：赠送金是门店让利，不在门店之间结算。净额为正，表示其他门店应向本店结算这笔本金。
                </Typography.Paragraph>
              </Card>
            </Space>
          );
        }}
      </QueryState>
    </Space>
  );
}
