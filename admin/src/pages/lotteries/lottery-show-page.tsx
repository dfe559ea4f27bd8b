// One lottery: its definition (window, cost, limits, budget, prizes with odds and stock left) and
// the report — draws, members, points spent and granted, budget left, winners per prize and the
// fallbacks by reason (docs/lottery.md). Admins may pause, resume or end it.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useCan } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Row, Space, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { getLottery, getLotteryReport } from '../../api/endpoints';
import type { AdminLotteryPrizeView, AdminLotteryView, LotteryReport } from '../../api/types';
import { QueryState } from '../../components/query-state';
import { formatBp, formatCount, formatDateTime } from '../../lib/format';
import {
  LOTTERY_FALLBACK_LABELS,
  LOTTERY_PRIZE_KIND_LABELS,
  LOTTERY_STATUS_COLORS,
  LOTTERY_STATUS_LABELS,
} from '../../lib/labels';
import { EditLotteryModal } from './edit-lottery-modal';
import { LotteryCommands } from './lottery-actions';
import { lotteryPhase } from './lottery-phase';

function prizeContent(p: AdminLotteryPrizeView): string {
  if (p.kind === 'points') return `${formatCount(p.points ?? 0)} 积分`;
  if (p.kind === 'physical') return `兑奖期 ${p.claimDays ?? 30} 天`;
  if (p.kind === 'coupon') return '优惠券';
  return '—';
}

function ReportCard({ lottery }: { lottery: AdminLotteryView }) {
  const report = useQuery({ queryKey: ['lotteries', lottery.id, 'report'], queryFn: () => getLotteryReport(lottery.id) });
  return (
    <Card
      title="抽奖报告"
      extra={
        <Button size="small" onClick={() => void report.refetch()}>
          刷新
        </Button>
      }
    >
      <QueryState query={report}>
        {(r: LotteryReport) => (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="lottery-report">
            <Row gutter={16}>
              <Col span={4}>
                <Statistic
                  title="抽奖次数"
                  valueRender={() => <span data-testid="lottery-report-draws">{formatCount(r.draws)}</span>}
                />
              </Col>
              <Col span={4}>
                <Statistic
                  title="参与人数"
                  valueRender={() => <span data-testid="lottery-report-members">{formatCount(r.members)}</span>}
                />
              </Col>
              <Col span={4}>
                <Statistic title="消耗积分" valueRender={() => formatCount(r.pointsSpent)} />
              </Col>
              <Col span={4}>
                <Statistic title="使用免费次数" valueRender={() => formatCount(r.freeEntriesUsed)} />
              </Col>
              <Col span={4}>
                <Statistic title="发放积分" valueRender={() => formatCount(r.pointsGranted)} />
              </Col>
              <Col span={4}>
                <Statistic title="剩余预算" valueRender={() => (r.budgetLeft === null ? '不限' : formatCount(r.budgetLeft))} />
              </Col>
            </Row>
            <Table
              data-testid="lottery-report-prizes"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r.prizes}
              columns={[
                { title: '奖品', dataIndex: 'title' },
                { title: '类型', dataIndex: 'kind', render: (k: AdminLotteryPrizeView['kind']) => LOTTERY_PRIZE_KIND_LABELS[k] },
                { title: '中奖人次', dataIndex: 'winners', align: 'right', render: (n: number) => formatCount(n) },
                {
                  title: '库存（剩余 / 总量）',
                  align: 'right',
                  render: (_, p) => (p.remaining === null ? '不限' : `${formatCount(p.remaining)} / ${formatCount(p.stock)}`),
                },
              ]}
            />
            <Descriptions size="small" column={3} title="未中原定奖品（改为谢谢参与）">
              {(Object.keys(LOTTERY_FALLBACK_LABELS) as (keyof LotteryReport['fallbacks'])[]).map((k) => (
                <Descriptions.Item key={k} label={LOTTERY_FALLBACK_LABELS[k]}>
                  {formatCount(r.fallbacks[k])}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Space>
        )}
      </QueryState>
    </Card>
  );
}

export default function LotteryShowPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const lottery = useQuery({ queryKey: ['lotteries', id], queryFn: () => getLottery(id), enabled: Boolean(id) });
  const { data: canEdit } = useCan({ resource: 'lotteries', action: 'edit' });
  const [editing, setEditing] = useState(false);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/lotteries')} style={{ padding: 0 }}>
        返回抽奖列表
      </Button>
      <QueryState query={lottery}>
        {(l) => {
          const phase = lotteryPhase(l);
          return (
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <Card
                title={
                  <Space>
                    {l.title}
                    <Tag color={phase.color ?? LOTTERY_STATUS_COLORS[l.status]} data-testid="lottery-status">
                      {phase.label ?? LOTTERY_STATUS_LABELS[l.status]}
                    </Tag>
                  </Space>
                }
                extra={
                  canEdit?.can ? (
                    <Space>
                      {l.status !== 'ended' && (
                        <Button onClick={() => setEditing(true)} data-testid="lottery-edit">
                          编辑
                        </Button>
                      )}
                      <LotteryCommands lottery={l} size="middle" />
                      {editing && <EditLotteryModal lottery={l} onClose={() => setEditing(false)} />}
                    </Space>
                  ) : null
                }
              >
                <Descriptions size="small" column={3}>
                  <Descriptions.Item label="开始">{formatDateTime(l.startsAt)}</Descriptions.Item>
                  <Descriptions.Item label="结束">{formatDateTime(l.endsAt)}</Descriptions.Item>
                  <Descriptions.Item label="每次消耗">
                    {l.costPoints ? `${formatCount(l.costPoints)} 积分` : '免费'}
                  </Descriptions.Item>
                  <Descriptions.Item label="每人每天">{l.perMemberDaily} 次</Descriptions.Item>
                  <Descriptions.Item label="每人总计">{l.perMemberTotal} 次</Descriptions.Item>
                  <Descriptions.Item label="积分预算">
                    {l.budgetPoints === null ? '不限' : `${formatCount(l.budgetUsed ?? 0)} / ${formatCount(l.budgetPoints)}`}
                  </Descriptions.Item>
                  {l.description && (
                    <Descriptions.Item label="说明" span={3}>
                      {l.description}
                    </Descriptions.Item>
                  )}
                </Descriptions>
                <Table<AdminLotteryPrizeView>
                  data-testid="lottery-prizes-view"
                  style={{ marginTop: 16 }}
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={l.prizes}
                  columns={[
                    { title: '奖品', dataIndex: 'title' },
                    {
                      title: '类型',
                      dataIndex: 'kind',
                      render: (k: AdminLotteryPrizeView['kind']) => LOTTERY_PRIZE_KIND_LABELS[k],
                    },
                    { title: '内容', render: (_, p) => prizeContent(p) },
                    { title: '权重', dataIndex: 'weight', align: 'right' },
                    { title: '中奖概率', dataIndex: 'odds', align: 'right', render: (bp: number) => formatBp(bp) },
                    {
                      title: '剩余 / 总库存',
                      align: 'right',
                      render: (_, p) => (p.remaining === null ? '不限' : `${formatCount(p.remaining)} / ${formatCount(p.stock)}`),
                    },
                  ]}
                />
              </Card>
              <ReportCard lottery={l} />
            </Space>
          );
        }}
      </QueryState>
    </Space>
  );
}
