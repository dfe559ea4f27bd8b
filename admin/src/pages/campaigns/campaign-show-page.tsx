// One campaign: its progress (targeted, holdout, delivered, skipped by reason) and, once started,
// the report — target against holdout over N days, with the lift (docs/campaigns.md).
import { describeCampaignAction } from '@huiyuan/shared';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Progress, Row, Segmented, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { getCampaign, getCampaignReport } from '../../api/endpoints';
import type { CampaignReport, CampaignView } from '../../api/types';
import { Chart } from '../../components/chart';
import { QueryState } from '../../components/query-state';
import { formatCount, formatDateTime, formatFen, formatRate } from '../../lib/format';
import { CAMPAIGN_STATUS_COLORS, CAMPAIGN_STATUS_LABELS } from '../../lib/labels';
import { CampaignCommands } from './campaign-actions';
import { campaignProgress } from './campaign-request';

const signed = (s: string, v: number | null) => (v === null ? s : v > 0 ? `+${s}` : s);

function ReportCard({ campaign }: { campaign: CampaignView }) {
  const [days, setDays] = useState(14);
  const report = useQuery({
    queryKey: ['campaigns', campaign.id, 'report', days],
    queryFn: () => getCampaignReport(campaign.id, days),
  });
  return (
    <Card
      title="效果：目标组 vs 对照组"
      extra={
        <Segmented
          value={days}
          onChange={(v) => setDays(Number(v))}
          options={[7, 14, 30].map((d) => ({ value: d, label: `${d} 天` }))}
        />
      }
    >
      <QueryState query={report}>
        {(r: CampaignReport) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Table
              data-testid="campaign-report"
              size="small"
              pagination={false}
              rowKey="key"
              dataSource={[
                {
                  key: 'members',
                  label: '人数',
                  target: formatCount(r.target.members),
                  holdout: formatCount(r.holdout.members),
                  lift: '',
                },
                {
                  key: 'buyers',
                  label: '购买人数',
                  target: formatCount(r.target.buyers),
                  holdout: formatCount(r.holdout.buyers),
                  lift: '',
                },
                {
                  key: 'buyerRate',
                  label: '购买率',
                  target: formatRate(r.target.buyerRate),
                  holdout: formatRate(r.holdout.buyerRate),
                  lift: signed(formatRate(r.lift.buyerRate), r.lift.buyerRate),
                },
                {
                  key: 'repurchaseRate',
                  label: '复购率',
                  target: formatRate(r.target.repurchaseRate),
                  holdout: formatRate(r.holdout.repurchaseRate),
                  lift: signed(formatRate(r.lift.repurchaseRate), r.lift.repurchaseRate),
                },
                {
                  key: 'gmvPerMember',
                  label: '人均消费',
                  target: formatFen(r.target.gmvPerMember),
                  holdout: formatFen(r.holdout.gmvPerMember),
                  lift: `${signed(formatFen(r.lift.gmvPerMember), r.lift.gmvPerMember)}（${signed(formatRate(r.lift.gmvPerMemberRelative), r.lift.gmvPerMemberRelative)}）`,
                },
              ]}
              columns={[
                { title: `活动后 ${r.days} 天`, dataIndex: 'label' },
                { title: '目标组', dataIndex: 'target', align: 'right' },
                { title: '对照组', dataIndex: 'holdout', align: 'right' },
                { title: '提升', dataIndex: 'lift', align: 'right' },
              ]}
            />
            <Chart
              testId="campaign-report-chart"
              height={220}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { data: ['目标组', '对照组'], top: 0 },
                grid: { left: 48, right: 16, top: 32, bottom: 24 },
                xAxis: { type: 'category', data: ['购买率 %', '复购率 %'] },
                yAxis: { type: 'value' },
                series: [
                  { name: '目标组', type: 'bar', data: [100 * (r.target.buyerRate ?? 0), 100 * (r.target.repurchaseRate ?? 0)] },
                  {
                    name: '对照组',
                    type: 'bar',
                    data: [100 * (r.holdout.buyerRate ?? 0), 100 * (r.holdout.repurchaseRate ?? 0)],
                  },
                ],
              }}
            />
            <span style={{ color: '#888' }}>
              统计 {formatDateTime(r.from)} 至 {formatDateTime(r.to)}{' '}
              的门店订单（净额）；目标组含因频次或预算未发送的会员（意向处理），所以提升即“发起活动”带来的效果。
            </span>
          </Space>
        )}
      </QueryState>
    </Card>
  );
}

export default function CampaignShowPage() {
  const { id = '' } = useParams();
  const campaign = useQuery({
    queryKey: ['campaigns', id],
    queryFn: () => getCampaign(id),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 2000 : false),
  });
  return (
    <QueryState query={campaign}>
      {(c) => (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card
            title={
              <Space>
                {c.name}
                <Tag color={CAMPAIGN_STATUS_COLORS[c.status]} data-testid="campaign-status">
                  {CAMPAIGN_STATUS_LABELS[c.status]}
                </Tag>
              </Space>
            }
            extra={<CampaignCommands campaign={c} size="middle" />}
          >
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="动作">{describeCampaignAction(c.action)}</Descriptions.Item>
              <Descriptions.Item label="对照组">{c.holdoutBp / 100}%</Descriptions.Item>
              <Descriptions.Item label="频次限制">{c.frequencyCapDays ? `${c.frequencyCapDays} 天` : '不限'}</Descriptions.Item>
              <Descriptions.Item label="预算">
                {[
                  c.budget.maxMembers ? `最多 ${formatCount(c.budget.maxMembers)} 人` : '',
                  c.budget.maxPoints ? `${formatCount(c.budget.maxPoints)} 积分` : '',
                ]
                  .filter(Boolean)
                  .join('，') || '不限'}
              </Descriptions.Item>
              <Descriptions.Item label="开始">{formatDateTime(c.launchedAt ?? c.scheduleAt)}</Descriptions.Item>
              <Descriptions.Item label="完成">{formatDateTime(c.completedAt)}</Descriptions.Item>
            </Descriptions>
            <Row gutter={16} style={{ marginTop: 16 }}>
              <Col span={4}>
                <Statistic title="冻结人数" value={c.targeted} />
              </Col>
              <Col span={4}>
                <Statistic title="对照组" value={c.holdout} />
              </Col>
              <Col span={4}>
                <Statistic title="已送达" value={c.delivered} valueStyle={{ color: '#3f8600' }} />
              </Col>
              <Col span={4}>
                <Statistic title="待发送" value={c.pending} />
              </Col>
              <Col span={8}>
                <div style={{ color: '#888' }}>未发送原因</div>
                <div data-testid="campaign-skipped">
                  频次 {formatCount(c.skipped.capped)} · 预算 {formatCount(c.skipped.budget)} · 无订阅次数{' '}
                  {formatCount(c.skipped.noQuota)} · 不符合 {formatCount(c.skipped.ineligible)}
                </div>
              </Col>
            </Row>
            {c.status !== 'draft' && c.status !== 'scheduled' && (
              <Progress percent={campaignProgress(c)} style={{ marginTop: 16 }} data-testid="campaign-progress" />
            )}
          </Card>
          {c.launchedAt && <ReportCard campaign={c} />}
        </Space>
      )}
    </QueryState>
  );
}
