// 抽奖: every lottery with its status, window and odds of a prize; open one for its report.
// Managers read only (no 新建抽奖, no commands).
import { PlusOutlined } from '@ant-design/icons';
import { useCan } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { listLotteries } from '../../api/endpoints';
import type { AdminLotteryView } from '../../api/types';
import { QueryState } from '../../components/query-state';
import { formatBp, formatCount, formatDateTime } from '../../lib/format';
import { LOTTERY_STATUS_COLORS, LOTTERY_STATUS_LABELS } from '../../lib/labels';
import { LotteryCommands } from './lottery-actions';
import { lotteryPhase } from './lottery-phase';

export default function LotteryListPage() {
  const navigate = useNavigate();
  const lotteries = useQuery({ queryKey: ['lotteries'], queryFn: listLotteries });
  const { data: canCreate } = useCan({ resource: 'lotteries', action: 'create' });
  return (
    <Card
      title="抽奖"
      extra={
        canCreate?.can ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/lotteries/create')}>
            新建抽奖
          </Button>
        ) : null
      }
    >
      <QueryState query={lotteries}>
        {(data) => (
          <Table<AdminLotteryView>
            data-testid="lotteries-table"
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: canCreate?.can ? '还没有抽奖，点击右上角新建' : '还没有抽奖' }}
            columns={[
              {
                title: '名称',
                dataIndex: 'title',
                render: (t: string, l) => <a onClick={() => void navigate(`/lotteries/${l.id}`)}>{t}</a>,
              },
              {
                title: '状态',
                render: (_, l) => {
                  const phase = lotteryPhase(l);
                  return (
                    <Tag color={phase.color ?? LOTTERY_STATUS_COLORS[l.status]}>
                      {phase.label ?? LOTTERY_STATUS_LABELS[l.status]}
                    </Tag>
                  );
                },
              },
              { title: '时间', render: (_, l) => `${formatDateTime(l.startsAt)} 至 ${formatDateTime(l.endsAt)}` },
              { title: '每次消耗', dataIndex: 'costPoints', render: (n: number) => (n ? `${formatCount(n)} 积分` : '免费') },
              { title: '奖品数', render: (_, l) => l.prizes.length },
              {
                title: '中奖概率',
                render: (_, l) => formatBp(l.prizes.reduce((s, p) => s + (p.kind === 'none' ? 0 : p.odds), 0)),
              },
              ...(canCreate?.can
                ? [{ title: '操作', render: (_: unknown, l: AdminLotteryView) => <LotteryCommands lottery={l} /> }]
                : []),
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
