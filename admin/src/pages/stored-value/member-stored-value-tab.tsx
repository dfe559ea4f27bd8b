// The member 360's 储值 tab: balance (principal + bonus), every top-up with what is left of it
// (退款 for admins and the top-up store's manager), and the ledger.
import type { StoredValueEntry, TopUp } from '@huiyuan/shared';
import { useCan } from '@refinedev/core';
import { Button, Col, Empty, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatFen } from '../../lib/format';
import { STORED_VALUE_ENTRY_LABELS, TOP_UP_STATUS_COLORS, TOP_UP_STATUS_LABELS } from '../../lib/labels';
import { TopUpRefundModal } from './top-up-refund-modal';
import { topUpRefundable } from './top-up-refund';
import { useMemberStoredValue } from './use-stored-value';

function signedFen(v: number) {
  if (v === 0) return '—';
  return (
    <Typography.Text type={v < 0 ? 'danger' : 'success'}>{v < 0 ? `-${formatFen(-v)}` : `+${formatFen(v)}`}</Typography.Text>
  );
}

export function MemberStoredValueTab({ memberId }: { memberId: string }) {
  const sv = useMemberStoredValue(memberId);
  const { data: canRefund } = useCan({ resource: 'members', action: 'refundTopUp' });
  const [refunding, setRefunding] = useState<TopUp | null>(null);

  return (
    <QueryState query={sv}>
      {(data) => (
        <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="member-stored-value">
          <Row gutter={16}>
            <Col span={8}>
              <Statistic
                title="储值余额"
                value={data.balance}
                formatter={() => <span data-testid="member-sv-balance">{formatFen(data.balance)}</span>}
              />
            </Col>
            <Col span={8}>
              <Statistic title="本金" value={data.principal} formatter={() => formatFen(data.principal)} />
            </Col>
            <Col span={8}>
              <Statistic title="赠送金（未过期）" value={data.bonus} formatter={() => formatFen(data.bonus)} />
            </Col>
          </Row>
          <Typography.Title level={5} style={{ margin: 0 }}>
            充值记录
          </Typography.Title>
          <Table<TopUp>
            data-testid="member-top-ups-table"
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.topUps}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description="暂无充值" /> }}
            columns={[
              { title: '时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              { title: '方案', dataIndex: 'title' },
              { title: '充值', dataIndex: 'amount', align: 'right', render: (v: number) => formatFen(v) },
              { title: '赠送', dataIndex: 'bonus', align: 'right', render: (v: number) => formatFen(v) },
              {
                title: '状态',
                dataIndex: 'status',
                render: (s: TopUp['status']) => <Tag color={TOP_UP_STATUS_COLORS[s]}>{TOP_UP_STATUS_LABELS[s]}</Tag>,
              },
              { title: '剩余本金', dataIndex: 'principalLeft', align: 'right', render: (v: number) => formatFen(v) },
              { title: '剩余赠送金', dataIndex: 'bonusLeft', align: 'right', render: (v: number) => formatFen(v) },
              {
                title: '赠送金到期',
                dataIndex: 'bonusExpiresAt',
                render: (v: string | null, t) => (t.bonus === 0 ? '—' : v ? formatDateTime(v) : '永不过期'),
              },
              {
                title: '已退本金',
                dataIndex: 'principalRefunded',
                align: 'right',
                render: (v: number) => (v ? formatFen(v) : '—'),
              },
              ...(canRefund?.can
                ? [
                    {
                      title: '操作',
                      render: (_: unknown, t: TopUp) =>
                        topUpRefundable(t) ? (
                          <Button size="small" danger onClick={() => setRefunding(t)} data-testid={`top-up-refund-${t.id}`}>
                            退款
                          </Button>
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
          <Typography.Title level={5} style={{ margin: 0 }}>
            储值明细
          </Typography.Title>
          <Table<StoredValueEntry>
            data-testid="member-sv-ledger-table"
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.entries}
            locale={{ emptyText: <Empty description="暂无储值记录" /> }}
            columns={[
              { title: '时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              { title: '类型', dataIndex: 'kind', render: (k: StoredValueEntry['kind']) => STORED_VALUE_ENTRY_LABELS[k] ?? k },
              { title: '变动', dataIndex: 'delta', align: 'right', render: (v: number) => signedFen(v) },
              { title: '其中本金', dataIndex: 'principalDelta', align: 'right', render: (v: number) => signedFen(v) },
              { title: '其中赠送金', dataIndex: 'bonusDelta', align: 'right', render: (v: number) => signedFen(v) },
              { title: '余额', dataIndex: 'balanceAfter', align: 'right', render: (v: number) => formatFen(v) },
              { title: '订单号', dataIndex: 'orderNo', render: (v: string | null) => v ?? '—' },
            ]}
          />
          {refunding && <TopUpRefundModal memberId={memberId} topUp={refunding} onClose={() => setRefunding(null)} />}
        </Space>
      )}
    </QueryState>
  );
}
