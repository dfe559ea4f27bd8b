// The members a segment matches now (GET /admin/segments/:id/members, keyset paging) and its CSV export.
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Card, Space, Table, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { getSegment, segmentMembers } from '../../api/endpoints';
import type { SegmentMembersItem } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { formatCount } from '../../lib/format';
import { tierLabel } from '../../lib/labels';
import { useCsvExport } from './segment-list-page';

export default function SegmentMembersPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const segment = useQuery({ queryKey: ['segment', id], queryFn: () => getSegment(id) });
  const members = useInfiniteQuery({
    queryKey: ['segment-members', id],
    queryFn: ({ pageParam }) => segmentMembers(id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const exportCsv = useCsvExport();
  const rows = members.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/segments')} style={{ padding: 0 }}>
        返回人群列表
      </Button>
      <QueryState query={segment}>
        {(s) => (
          <Card
            title={`人群成员：${s.name}`}
            extra={
              <Space>
                <Button onClick={() => void navigate(`/segments/${s.id}/edit`)}>编辑条件</Button>
                <Button
                  icon={<DownloadOutlined />}
                  loading={exportCsv.isPending}
                  onClick={() => exportCsv.mutate(s)}
                  data-testid="segment-csv"
                >
                  导出 CSV
                </Button>
              </Space>
            }
          >
            <Typography.Paragraph type="secondary">
              保存时统计 {formatCount(s.memberCount)} 人；下表为当前实时匹配的会员。
            </Typography.Paragraph>
            {members.error ? <ErrorAlert error={members.error} onRetry={() => void members.refetch()} /> : null}
            <Table<SegmentMembersItem>
              data-testid="segment-members-table"
              rowKey="id"
              loading={members.isLoading}
              dataSource={rows}
              pagination={false}
              locale={{ emptyText: '当前没有匹配的会员' }}
              onRow={(m) => ({ onClick: () => void navigate(`/members/${m.id}`), style: { cursor: 'pointer' } })}
              columns={[
                { title: '会员号', dataIndex: 'memberNo' },
                { title: '昵称', dataIndex: 'nickname', render: (v: string | null) => v ?? '—' },
                { title: '手机号', dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
                { title: '等级', dataIndex: 'tier', render: (v: string) => tierLabel(v) },
                { title: '积分', dataIndex: 'points', align: 'right', render: (v: number) => formatCount(v) },
              ]}
            />
            {members.hasNextPage && (
              <Button style={{ marginTop: 12 }} onClick={() => void members.fetchNextPage()} loading={members.isFetchingNextPage}>
                加载更多
              </Button>
            )}
          </Card>
        )}
      </QueryState>
    </Space>
  );
}
