// The member 360 (GET /admin/members/:id): card, lifecycle, RFM, tags, stats, segments, recent
// orders, points ledger, coupons, check-ins and referrals. Admins may adjust points and add / remove tags; managers read only.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useCan } from '@refinedev/core';
import { rfmGroupName, isRfmGroupCode, type Coupon, type MyOrder, type PointsHistoryItem } from '@huiyuan/shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Empty, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { getMember } from '../../api/endpoints';
import { QueryState } from '../../components/query-state';
import { formatCount, formatDateTime, formatFen } from '../../lib/format';
import { COUPON_STATUS_LABELS, LIFECYCLE_LABELS, MEMBER_STATUS_LABELS, tierLabel } from '../../lib/labels';
import { MemberCheckIns, MemberReferrals } from './member-engagement-tabs';
import { MemberTags } from './member-tags';
import { MemberMembershipTab } from '../membership/member-membership-tab';
import { MemberStoredValueTab } from '../stored-value/member-stored-value-tab';
import { PointsAdjustmentModal } from './points-adjustment-modal';

export default function MemberShowPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const member = useQuery({ queryKey: ['member', id], queryFn: () => getMember(id), enabled: Boolean(id) });
  const { data: canAdjust } = useCan({ resource: 'members', action: 'adjustPoints' });
  const { data: canTag } = useCan({ resource: 'members', action: 'tag' });
  const [adjusting, setAdjusting] = useState(false);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/members')} style={{ padding: 0 }}>
        返回会员列表
      </Button>
      <QueryState query={member}>
        {(m) => (
          <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="member-360">
            <Card
              title={
                <Space>
                  {m.card.nickname ?? '（未设置昵称）'}
                  <Tag color="gold">{tierLabel(m.card.tier)}</Tag>
                  <Tag color={m.card.status === 'active' ? 'green' : 'default'}>
                    {MEMBER_STATUS_LABELS[m.card.status] ?? m.card.status}
                  </Tag>
                </Space>
              }
              extra={
                canAdjust?.can ? (
                  <Button type="primary" onClick={() => setAdjusting(true)}>
                    调整积分
                  </Button>
                ) : null
              }
            >
              <Row gutter={16}>
                <Col span={6}>
                  <Statistic
                    title="积分"
                    value={m.card.points}
                    valueRender={() => <span data-testid="member-points">{formatCount(m.card.points)}</span>}
                  />
                </Col>
                <Col span={6}>
                  <Statistic title="成长值" value={m.card.growth} formatter={() => formatCount(m.card.growth)} />
                </Col>
                <Col span={6}>
                  <Statistic title="累计订单" value={m.stats.orders} formatter={() => formatCount(m.stats.orders)} />
                </Col>
                <Col span={6}>
                  <Statistic title="累计消费" value={m.stats.spend} formatter={() => formatFen(m.stats.spend)} />
                </Col>
              </Row>
              <Descriptions size="small" column={3} style={{ marginTop: 16 }}>
                <Descriptions.Item label="会员号">{m.card.memberNo}</Descriptions.Item>
                <Descriptions.Item label="手机号">{m.card.phoneMasked ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="注册门店">{m.card.homeStore?.name ?? '—'}</Descriptions.Item>
                <Descriptions.Item label="注册时间">{formatDateTime(m.card.registeredAt)}</Descriptions.Item>
                <Descriptions.Item label="首单时间">{formatDateTime(m.stats.firstOrderAt)}</Descriptions.Item>
                <Descriptions.Item label="最近消费">{formatDateTime(m.stats.lastOrderAt)}</Descriptions.Item>
                <Descriptions.Item label="生命周期">
                  {m.lifecycle ? (
                    <Tag>{LIFECYCLE_LABELS[m.lifecycle]}</Tag>
                  ) : (
                    <Typography.Text type="secondary">尚未计算</Typography.Text>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label="RFM">
                  {m.rfm && m.rfm.group ? (
                    <Space size={4}>
                      <Tag color="purple">{isRfmGroupCode(m.rfm.group) ? rfmGroupName(m.rfm.group) : m.rfm.group}</Tag>
                      <Typography.Text type="secondary">
                        R{m.rfm.r ?? '—'} F{m.rfm.f ?? '—'} M{m.rfm.m ?? '—'}
                      </Typography.Text>
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">暂无（未消费或尚未计算）</Typography.Text>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label="标签">
                  <MemberTags memberId={m.card.id} tags={m.tags} canEdit={Boolean(canTag?.can)} />
                </Descriptions.Item>
                <Descriptions.Item label="所在人群" span={3}>
                  {m.segments.length
                    ? m.segments.map((s) => (
                        <Tag key={s.id} color="blue">
                          {s.name}
                        </Tag>
                      ))
                    : '—'}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card>
              <Tabs
                items={[
                  {
                    key: 'orders',
                    label: `最近订单（${m.recentOrders.length}）`,
                    children: (
                      <Table<MyOrder>
                        data-testid="member-orders-table"
                        size="small"
                        rowKey="orderNo"
                        pagination={false}
                        dataSource={m.recentOrders}
                        locale={{ emptyText: <Empty description="暂无订单" /> }}
                        columns={[
                          { title: '订单号', dataIndex: 'orderNo' },
                          { title: '门店', dataIndex: 'storeName' },
                          { title: '金额', dataIndex: 'amount', align: 'right', render: (v: number) => formatFen(v) },
                          { title: '实付', dataIndex: 'payable', align: 'right', render: (v: number) => formatFen(v) },
                          { title: '获得积分', dataIndex: 'pointsEarned', align: 'right' },
                          {
                            title: '已退款',
                            dataIndex: 'refunded',
                            align: 'right',
                            render: (v: number) => (v ? formatFen(v) : '—'),
                          },
                          { title: '时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
                        ]}
                      />
                    ),
                  },
                  {
                    key: 'ledger',
                    label: '积分明细',
                    children: (
                      <Table<PointsHistoryItem>
                        data-testid="member-ledger-table"
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={m.recentLedger}
                        locale={{ emptyText: <Empty description="暂无积分记录" /> }}
                        columns={[
                          { title: '时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
                          { title: '类型', dataIndex: 'reason' },
                          {
                            title: '变动',
                            dataIndex: 'delta',
                            align: 'right',
                            render: (v: number) => (
                              <Typography.Text type={v < 0 ? 'danger' : 'success'}>{v > 0 ? `+${v}` : v}</Typography.Text>
                            ),
                          },
                          { title: '余额', dataIndex: 'balanceAfter', align: 'right' },
                          { title: '订单号', dataIndex: 'orderNo', render: (v?: string | null) => v ?? '—' },
                          { title: '过期时间', dataIndex: 'expiresAt', render: (v?: string | null) => formatDateTime(v) },
                        ]}
                      />
                    ),
                  },
                  {
                    key: 'checkins',
                    label: '签到',
                    children: <MemberCheckIns memberId={m.card.id} />,
                  },
                  {
                    key: 'referrals',
                    label: '邀请',
                    children: <MemberReferrals memberId={m.card.id} />,
                  },
                  {
                    key: 'coupons',
                    label: `优惠券（${m.coupons.length}）`,
                    children: (
                      <Table<Coupon>
                        data-testid="member-coupons-table"
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={m.coupons}
                        locale={{ emptyText: <Empty description="暂无优惠券" /> }}
                        columns={[
                          { title: '券名', dataIndex: 'title' },
                          { title: '券码', dataIndex: 'code' },
                          {
                            title: '状态',
                            dataIndex: 'status',
                            render: (v: string) => (
                              <Tag color={v === 'available' ? 'green' : 'default'}>{COUPON_STATUS_LABELS[v] ?? v}</Tag>
                            ),
                          },
                          { title: '有效期', render: (_, c) => `${c.validFrom} 至 ${c.validTo}` },
                        ]}
                      />
                    ),
                  },
                  { key: 'stored-value', label: '储值', children: <MemberStoredValueTab memberId={m.card.id} /> },
                  { key: 'membership', label: '付费会员', children: <MemberMembershipTab memberId={m.card.id} /> },
                ]}
              />
            </Card>
            {canAdjust?.can && (
              <PointsAdjustmentModal
                memberId={m.card.id}
                balance={m.card.points}
                open={adjusting}
                onClose={() => setAdjusting(false)}
              />
            )}
          </Space>
        )}
      </QueryState>
    </Space>
  );
}
