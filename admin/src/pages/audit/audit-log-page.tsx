// 操作日志 (admins): staff and system actions newest first (GET /admin/audit-log), filtered by
// action and by staff account, 50 at a time with 加载更多 (nextCursor). Ids and counts only.
import type { AuditLogEntry } from '@huiyuan/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { listAuditLog, listStaff, type AuditLogFilter } from '../../api/endpoints';
import { ErrorAlert } from '../../components/error-alert';
import { formatDateTime } from '../../lib/format';
import { auditActionLabel, auditActorLabel, auditDetailsText } from './audit-labels';

const ACTION = /^[a-z_]{1,40}(\.[a-z_]{1,40}){0,3}$/;

export default function AuditLogPage() {
  const [actionText, setActionText] = useState('');
  const [filter, setFilter] = useState<AuditLogFilter>({});
  const staff = useQuery({ queryKey: ['staff'], queryFn: listStaff });
  const usernames = useMemo(() => new Map((staff.data?.items ?? []).map((s) => [s.id, s.username])), [staff.data]);
  const log = useInfiniteQuery({
    queryKey: ['audit-log', filter],
    queryFn: ({ pageParam }) => listAuditLog(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const actionValid = actionText.trim() === '' || ACTION.test(actionText.trim());
  return (
    <Card title="操作日志">
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          data-testid="audit-action-filter"
          placeholder="动作代码，例如 lottery.create"
          allowClear
          style={{ width: 280 }}
          status={actionValid ? undefined : 'error'}
          value={actionText}
          onChange={(e) => setActionText(e.target.value)}
          onSearch={(v) => {
            const action = v.trim();
            if (action === '' || ACTION.test(action)) setFilter((f) => ({ ...f, action: action || undefined }));
          }}
        />
        <Select
          data-testid="audit-actor-filter"
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="全部操作人"
          style={{ width: 200 }}
          value={filter.actorId ?? null}
          onChange={(v: string | null) => setFilter((f) => ({ ...f, actorId: v ?? undefined }))}
          options={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.username }))}
        />
        {!actionValid && <Typography.Text type="danger">动作代码由小写字母、下划线和点组成</Typography.Text>}
      </Space>
      {log.error ? (
        <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <Table<AuditLogEntry>
          data-testid="audit-log-table"
          rowKey="id"
          size="small"
          loading={log.isLoading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: '没有符合条件的记录' }}
          columns={[
            { title: '时间', dataIndex: 'createdAt', width: 170, render: (t: string) => formatDateTime(t) },
            { title: '操作人', width: 160, render: (_, e) => auditActorLabel(e, usernames) },
            {
              title: '动作',
              dataIndex: 'action',
              render: (a: string) => (
                <Space size={4}>
                  {auditActionLabel(a)}
                  <Tag>{a}</Tag>
                </Space>
              ),
            },
            {
              title: '对象',
              render: (_, e) => (e.targetType ? `${e.targetType}${e.targetId ? ` ${e.targetId.slice(0, 8)}` : ''}` : '—'),
            },
            {
              title: '详情',
              dataIndex: 'details',
              render: (d: Record<string, unknown>) => (
                <Typography.Text type="secondary" ellipsis={{ tooltip: auditDetailsText(d) }} style={{ maxWidth: 360 }}>
                  {auditDetailsText(d)}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
      {log.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            加载更多
          </Button>
        </div>
      )}
    </Card>
  );
}
