// The member 360's 付费会员 tab: status, expiry and benefits, every purchase, and (admins) 退款 of
// the unused term — confirmed first, sent with an Idempotency-Key (the same key when retried), the
// amount refunded shown after.
import type { MembershipPurchase, MembershipRefundResponse, MyMembershipResponse } from '@huiyuan/shared';
import { useCan } from '@refinedev/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Empty, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { refundMembership } from '../../api/stored-value';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { useSubmitKey } from '../../hooks/use-submit-key';
import { formatDateTime, formatFen } from '../../lib/format';
import { MEMBERSHIP_PURCHASE_STATUS_LABELS } from '../../lib/labels';
import { MEMBERSHIP_KEYS, useMemberMembership } from './use-membership';

function membershipStatus(m: MyMembershipResponse): { text: string; color: string } {
  if (m.active) return { text: '有效', color: 'gold' };
  if (m.expiresAt) return { text: '已结束', color: 'default' };
  return { text: '未开通', color: 'default' };
}

function RefundMembershipModal({
  memberId,
  onDone,
  onClose,
}: {
  memberId: string;
  onDone: (r: MembershipRefundResponse) => void;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ reason?: string }>();
  const queryClient = useQueryClient();
  const submitKey = useSubmitKey('mp-refund');
  const refund = useMutation({
    mutationFn: (reason: string | undefined) => refundMembership(memberId, reason, submitKey.keyFor({ memberId, reason })),
    onSuccess: (r) => {
      submitKey.done();
      void queryClient.invalidateQueries({ queryKey: MEMBERSHIP_KEYS.member(memberId) });
      void queryClient.invalidateQueries({ queryKey: ['member', memberId] });
      onDone(r);
    },
  });
  return (
    <Modal
      title="退还付费会员"
      open
      okText="确认退款"
      okButtonProps={{ danger: true, id: 'membership-refund-confirm' }}
      cancelText="取消"
      confirmLoading={refund.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message="按未使用的会员期比例退款，付费会员资格立即结束"
        description="尚未开始的续费期全额退还，进行中的会员期按剩余天数折算（精确到分）；免费试用不退款。"
      />
      <Form<{ reason?: string }>
        form={form}
        layout="vertical"
        onFinish={(v) => refund.mutate(v.reason?.trim() || undefined)}
        data-testid="membership-refund-form"
      >
        <Form.Item label="退款原因" name="reason" rules={[{ max: 80, message: '原因最多 80 个字' }]}>
          <Input.TextArea rows={2} maxLength={80} showCount placeholder="选填" />
        </Form.Item>
      </Form>
      {refund.error ? <ErrorAlert error={refund.error} testId="membership-refund-error" /> : null}
    </Modal>
  );
}

export function MemberMembershipTab({ memberId }: { memberId: string }) {
  const membership = useMemberMembership(memberId);
  const { data: canRefund } = useCan({ resource: 'members', action: 'refundMembership' });
  const [refunding, setRefunding] = useState(false);
  const [refunded, setRefunded] = useState<MembershipRefundResponse | null>(null);

  return (
    <QueryState query={membership}>
      {(m) => {
        const status = membershipStatus(m);
        return (
          <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="member-membership">
            {refunded ? (
              <Alert
                type="success"
                showIcon
                data-testid="membership-refund-result"
                message={`已退款 ${formatFen(refunded.amount)}，付费会员已于 ${formatDateTime(refunded.expiresAt)} 结束`}
                description={
                  refunded.refunds.length > 1
                    ? refunded.refunds.map((r) => formatFen(r.amount)).join(' + ') + '（按每笔购买分别退回）'
                    : undefined
                }
              />
            ) : null}
            <Descriptions
              size="small"
              column={2}
              bordered
              extra={
                canRefund?.can && m.active ? (
                  <Button danger onClick={() => setRefunding(true)} data-testid="membership-refund">
                    退款
                  </Button>
                ) : null
              }
            >
              <Descriptions.Item label="状态">
                <Tag color={status.color} data-testid="membership-status">
                  {status.text}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label="方案">{m.title ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={m.active ? '到期时间' : '结束时间'}>{formatDateTime(m.expiresAt)}</Descriptions.Item>
              <Descriptions.Item label="免费试用">{m.trialUsed ? '已使用' : '未使用'}</Descriptions.Item>
              <Descriptions.Item label="权益" span={2}>
                {m.benefits && m.benefits.lines.length > 0 ? (
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {m.benefits.lines.map((l) => (
                      <li key={l}>{l}</li>
                    ))}
                  </ul>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                )}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ margin: 0 }}>
              购买记录
            </Typography.Title>
            <Table<MembershipPurchase>
              data-testid="member-membership-purchases"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={m.purchases}
              locale={{ emptyText: <Empty description="暂无购买记录" /> }}
              columns={[
                { title: '时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
                { title: '方案', dataIndex: 'title' },
                {
                  title: '价格',
                  dataIndex: 'price',
                  align: 'right',
                  render: (v: number, p) => (p.trial ? '免费试用' : formatFen(v)),
                },
                {
                  title: '状态',
                  dataIndex: 'status',
                  render: (s: MembershipPurchase['status']) => <Tag>{MEMBERSHIP_PURCHASE_STATUS_LABELS[s] ?? s}</Tag>,
                },
                { title: '开始', dataIndex: 'startsAt', render: (v: string) => formatDateTime(v) },
                { title: '结束', dataIndex: 'endsAt', render: (v: string) => formatDateTime(v) },
                { title: '已退', dataIndex: 'refunded', align: 'right', render: (v: number) => (v ? formatFen(v) : '—') },
              ]}
            />
            {refunding && (
              <RefundMembershipModal
                memberId={memberId}
                onClose={() => setRefunding(false)}
                onDone={(r) => {
                  setRefunded(r);
                  setRefunding(false);
                }}
              />
            )}
          </Space>
        );
      }}
    </QueryState>
  );
}
