// 反馈: the feedback inbox (GET /admin/feedback) — status, store (admins), category and owner
// filters, paged by nextCursor; the last 30 days' figures of GET /admin/analytics/feedback; a
// drawer per item with the reply form (checked with the shared text rule the server applies),
// 指派给我 / 取消指派, 关闭 and (admins) 重新打开. A manager sees and answers their store's only.
import { feedbackTextMessage, normaliseFeedbackText, type FeedbackCategory, type FeedbackStatus } from '@huiyuan/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { getFeedback, getFeedbackStats, listFeedback, listStores, replyFeedback, updateFeedback } from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import type { AdminFeedbackItem } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { useIdentity } from '../../hooks/use-identity';
import {
  FEEDBACK_STATUS_COLORS,
  formatDuration,
  inboxQuery,
  isOverdue,
  stars,
  waitingSeconds,
  type InboxFilters,
} from '../../lib/feedback';
import { formatCount, formatDateTime } from '../../lib/format';
import { showFieldErrors } from '../../lib/form-errors';
import { FEEDBACK_CATEGORY_LABELS, FEEDBACK_STATUS_LABELS } from '../../lib/labels';
import { presetPeriod, todayIn } from '../../lib/period';

const STATUSES: FeedbackStatus[] = ['open', 'replied', 'closed'];
const CATEGORIES: FeedbackCategory[] = ['service', 'product', 'environment', 'other'];

function textRule(what: string) {
  return {
    validator: (_: unknown, value: string | undefined) => {
      const r = normaliseFeedbackText(value ?? '');
      return r.ok
        ? Promise.resolve()
        : Promise.reject(new Error(r.reason === 'empty' ? `请填写${what}` : feedbackTextMessage(r.reason)));
    },
  };
}

function FeedbackFigures({ storeId }: { storeId: string | undefined }) {
  const period = presetPeriod('30d', todayIn('Asia/Shanghai'));
  const stats = useQuery({
    queryKey: ['feedback-stats', period.from, period.to, storeId ?? null],
    queryFn: () => getFeedbackStats({ ...period, ...(storeId ? { storeId } : {}) }),
  });
  if (stats.error) return <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />;
  const t = stats.data?.total;
  return (
    <Card size="small" title="近 30 天" loading={stats.isLoading} data-testid="feedback-figures">
      <Space size={48} wrap>
        <Statistic title="反馈" value={t ? formatCount(t.count) : '—'} />
        <Statistic title="待回复" value={t ? formatCount(t.open) : '—'} />
        <Statistic title="平均评分" value={t?.averageRating ?? '—'} suffix={t?.averageRating ? '/ 5' : undefined} />
        <Statistic title="首次回复用时（中位数）" value={formatDuration(t?.medianFirstReplySeconds)} />
      </Space>
    </Card>
  );
}

function FeedbackDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { identity, isAdmin } = useIdentity();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reply: string; status: 'replied' | 'closed' }>();
  const item = useQuery({ queryKey: ['feedback', id], queryFn: () => getFeedback(id) });
  const refresh = (updated: AdminFeedbackItem) => {
    queryClient.setQueryData(['feedback', id], updated);
    void queryClient.invalidateQueries({ queryKey: ['feedback-inbox'] });
    void queryClient.invalidateQueries({ queryKey: ['feedback-stats'] });
  };
  const reply = useMutation({
    mutationFn: (v: { reply: string; status: 'replied' | 'closed' }) => replyFeedback(id, v),
    onSuccess: (updated) => {
      refresh(updated);
      form.resetFields();
      void message.success(updated.status === 'closed' ? '已回复并关闭' : '已回复，会员会收到通知');
    },
    onError: (err) => showFieldErrors(form, err),
  });
  const update = useMutation({
    mutationFn: (body: { ownerStaffId?: string | null; status?: 'open' | 'closed' }) => updateFeedback(id, body),
    onSuccess: (updated) => {
      refresh(updated);
      void message.success('已保存');
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  const f = item.data;

  return (
    <Drawer title="反馈详情" open width={560} onClose={onClose} data-testid="feedback-drawer">
      {item.error ? <ErrorAlert error={item.error} onRetry={() => void item.refetch()} /> : null}
      {f ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="状态">
              <Tag color={FEEDBACK_STATUS_COLORS[f.status]} data-testid="feedback-drawer-status">
                {FEEDBACK_STATUS_LABELS[f.status]}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label="类型">{FEEDBACK_CATEGORY_LABELS[f.category]}</Descriptions.Item>
            <Descriptions.Item label="评分">{stars(f.rating)}</Descriptions.Item>
            <Descriptions.Item label="内容">
              {f.erased ? (
                <Typography.Text type="secondary">会员已注销，内容已删除</Typography.Text>
              ) : (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="feedback-content">
                  {f.content}
                </Typography.Paragraph>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="门店">{f.storeName ?? '未关联门店'}</Descriptions.Item>
            <Descriptions.Item label="订单号">{f.orderNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="会员号">{f.memberNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="提交时间">{formatDateTime(f.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="负责人">{f.ownerUsername ?? '未指派'}</Descriptions.Item>
            {f.reply ? (
              <Descriptions.Item label="回复">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="feedback-reply">
                  {f.reply}
                </Typography.Paragraph>
                <Typography.Text type="secondary">
                  {f.repliedByUsername ?? '—'} · {formatDateTime(f.repliedAt)}
                </Typography.Text>
              </Descriptions.Item>
            ) : null}
          </Descriptions>

          <Space wrap>
            {f.ownerStaffId !== identity?.id ? (
              <Button onClick={() => update.mutate({ ownerStaffId: identity?.id ?? null })} loading={update.isPending}>
                指派给我
              </Button>
            ) : (
              <Button onClick={() => update.mutate({ ownerStaffId: null })} loading={update.isPending}>
                取消指派
              </Button>
            )}
            {f.status !== 'closed' ? (
              <Button onClick={() => update.mutate({ status: 'closed' })} loading={update.isPending}>
                关闭（不回复）
              </Button>
            ) : isAdmin ? (
              <Button onClick={() => update.mutate({ status: 'open' })} loading={update.isPending} data-testid="feedback-reopen">
                重新打开
              </Button>
            ) : null}
          </Space>

          {f.status !== 'closed' ? (
            <Card size="small" title={f.reply ? '修改回复' : '回复会员'}>
              <Form form={form} layout="vertical" initialValues={{ status: 'replied' }} onFinish={(v) => reply.mutate(v)}>
                <Form.Item name="reply" rules={[textRule('回复内容')]}>
                  <Input.TextArea
                    rows={4}
                    maxLength={500}
                    showCount
                    placeholder="您好，感谢您的反馈……"
                    data-testid="feedback-reply-input"
                  />
                </Form.Item>
                <Form.Item name="status" label="回复后">
                  <Radio.Group
                    options={[
                      { value: 'replied', label: '标记为已回复' },
                      { value: 'closed', label: '回复并关闭' },
                    ]}
                  />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={reply.isPending} data-testid="feedback-reply-submit">
                  发送回复
                </Button>
              </Form>
              {reply.error ? <ErrorAlert error={reply.error} testId="feedback-reply-error" /> : null}
            </Card>
          ) : (
            <Typography.Text type="secondary">已关闭的反馈不能再回复{isAdmin ? '（可重新打开）' : ''}。</Typography.Text>
          )}
        </Space>
      ) : null}
    </Drawer>
  );
}

export default function FeedbackPage() {
  const { identity, isAdmin } = useIdentity();
  const [filters, setFilters] = useState<InboxFilters>({ status: 'open', owner: 'all' });
  const [openId, setOpenId] = useState<string | null>(null);
  const stores = useQuery({ queryKey: ['stores'], queryFn: listStores, enabled: isAdmin });
  const query = inboxQuery(filters, identity?.id);
  const inbox = useInfiniteQuery({
    queryKey: ['feedback-inbox', query],
    queryFn: ({ pageParam }) => listFeedback(query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  // Ages are measured when the page of rows arrived, so they do not change on every render.
  const now = new Date(inbox.dataUpdatedAt || Date.now());

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <FeedbackFigures storeId={filters.storeId} />
      <Card title="反馈">
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Select<FeedbackStatus | 'all'>
              aria-label="状态"
              data-testid="feedback-filter-status"
              style={{ width: 140 }}
              value={filters.status ?? 'all'}
              onChange={(v) => setFilters({ ...filters, status: v === 'all' ? undefined : v })}
              options={[
                { value: 'all', label: '全部状态' },
                ...STATUSES.map((s) => ({ value: s, label: FEEDBACK_STATUS_LABELS[s] })),
              ]}
            />
            {isAdmin ? (
              <Select<string>
                aria-label="门店"
                style={{ width: 180 }}
                allowClear
                placeholder="全部门店"
                value={filters.storeId}
                onChange={(v) => setFilters({ ...filters, storeId: v })}
                options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              />
            ) : (
              <Tag>本店</Tag>
            )}
            <Select<FeedbackCategory | 'all'>
              aria-label="类型"
              style={{ width: 140 }}
              value={filters.category ?? 'all'}
              onChange={(v) => setFilters({ ...filters, category: v === 'all' ? undefined : v })}
              options={[
                { value: 'all', label: '全部类型' },
                ...CATEGORIES.map((c) => ({ value: c, label: FEEDBACK_CATEGORY_LABELS[c] })),
              ]}
            />
            <Radio.Group
              optionType="button"
              value={filters.owner}
              onChange={(e) => setFilters({ ...filters, owner: e.target.value as InboxFilters['owner'] })}
              options={[
                { value: 'all', label: '全部' },
                { value: 'mine', label: '指派给我' },
                { value: 'unassigned', label: '未指派' },
              ]}
            />
          </Space>
          {inbox.error ? <ErrorAlert error={inbox.error} onRetry={() => void inbox.refetch()} /> : null}
          <Table<AdminFeedbackItem>
            data-testid="feedback-table"
            rowKey="id"
            loading={inbox.isLoading}
            dataSource={rows}
            pagination={false}
            locale={{ emptyText: '暂无反馈' }}
            onRow={(f) => ({ onClick: () => setOpenId(f.id), style: { cursor: 'pointer' } })}
            columns={[
              {
                title: '提交时间',
                dataIndex: 'createdAt',
                render: (v: string, f) => (
                  <Space direction="vertical" size={0}>
                    <span>{formatDateTime(v)}</span>
                    <Typography.Text type={isOverdue(f, now) ? 'danger' : 'secondary'}>
                      {f.firstRepliedAt
                        ? `${formatDuration(waitingSeconds(f, now))}后回复`
                        : `已等待 ${formatDuration(waitingSeconds(f, now))}`}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: '门店', dataIndex: 'storeName', render: (v: string | null) => v ?? '未关联门店' },
              { title: '类型', dataIndex: 'category', render: (v: FeedbackCategory) => FEEDBACK_CATEGORY_LABELS[v] },
              { title: '评分', dataIndex: 'rating', render: (v: number | null) => stars(v) },
              {
                title: '内容',
                dataIndex: 'content',
                ellipsis: true,
                render: (v: string | null) => v ?? <Typography.Text type="secondary">（已删除）</Typography.Text>,
              },
              {
                title: '状态',
                dataIndex: 'status',
                render: (v: FeedbackStatus) => <Tag color={FEEDBACK_STATUS_COLORS[v]}>{FEEDBACK_STATUS_LABELS[v]}</Tag>,
              },
              { title: '负责人', dataIndex: 'ownerUsername', render: (v: string | null) => v ?? '—' },
            ]}
          />
          <Space>
            {inbox.hasNextPage && (
              <Button onClick={() => void inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>
                加载更多
              </Button>
            )}
            {rows.length > 0 && <Typography.Text type="secondary">已显示 {rows.length} 条</Typography.Text>}
          </Space>
        </Space>
      </Card>
      {openId ? <FeedbackDrawer id={openId} onClose={() => setOpenId(null)} /> : null}
    </Space>
  );
}
