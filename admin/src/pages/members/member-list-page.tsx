// 会员: search by member number, nickname or full phone number (GET /admin/members?q=), paged by
// the server's nextCursor ("加载更多"). A manager sees the members of their store.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { searchMembers } from '../../api/endpoints';
import type { AdminMemberView } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { formatCount, formatDateTime } from '../../lib/format';
import { MEMBER_STATUS_LABELS, tierLabel } from '../../lib/labels';

export default function MemberListPage() {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const members = useInfiniteQuery({
    queryKey: ['members', q],
    queryFn: ({ pageParam }) => searchMembers(q || undefined, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = members.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card title="会员">
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Input.Search
          aria-label="搜索会员"
          placeholder="会员号、昵称或完整手机号"
          allowClear
          enterButton="搜索"
          maxLength={32}
          style={{ maxWidth: 480 }}
          onSearch={(value) => setQ(value.trim())}
        />
        {members.error ? <ErrorAlert error={members.error} onRetry={() => void members.refetch()} /> : null}
        <Table<AdminMemberView>
          data-testid="members-table"
          rowKey="id"
          loading={members.isLoading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: q ? '没有找到匹配的会员' : '暂无会员' }}
          onRow={(m) => ({ onClick: () => void navigate(`/members/${m.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: '会员号', dataIndex: 'memberNo' },
            { title: '昵称', dataIndex: 'nickname', render: (v: string | null) => v ?? '—' },
            { title: '手机号', dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
            { title: '等级', dataIndex: 'tier', render: (v: string) => tierLabel(v) },
            { title: '积分', dataIndex: 'points', align: 'right', render: (v: number) => formatCount(v) },
            { title: '成长值', dataIndex: 'growth', align: 'right', render: (v: number) => formatCount(v) },
            {
              title: '状态',
              dataIndex: 'status',
              render: (v: string) => <Tag color={v === 'active' ? 'green' : 'default'}>{MEMBER_STATUS_LABELS[v] ?? v}</Tag>,
            },
            { title: '注册时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          ]}
        />
        <Space>
          {members.hasNextPage && (
            <Button onClick={() => void members.fetchNextPage()} loading={members.isFetchingNextPage}>
              加载更多
            </Button>
          )}
          {rows.length > 0 && <Typography.Text type="secondary">已显示 {rows.length} 位会员</Typography.Text>}
        </Space>
      </Space>
    </Card>
  );
}
