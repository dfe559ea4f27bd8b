// 人群: saved segments with their member counts; open members, edit, export CSV, delete.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table } from 'antd';
import { useNavigate } from 'react-router';
import { deleteSegment, downloadSegmentCsv, listSegments } from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import type { SegmentView } from '../../api/types';
import { QueryState } from '../../components/query-state';
import { formatCount, formatDateTime } from '../../lib/format';
import { CONDITION_LABELS } from './conditions';

function summary(s: SegmentView): string {
  const names = (list: { code: string }[] | undefined) => (list ?? []).map((c) => CONDITION_LABELS[c.code] ?? c.code);
  const all = names(s.conditions.all);
  const any = names(s.conditions.any);
  return (
    [all.length ? `全部：${all.join('、')}` : '', any.length ? `任一：${any.join('、')}` : ''].filter(Boolean).join('；') ||
    '全部会员'
  );
}

export function useCsvExport() {
  const { message } = App.useApp();
  return useMutation({
    mutationFn: (s: SegmentView) => downloadSegmentCsv(s.id, s.name),
    onError: (err) => void message.error(`导出失败：${errorMessage(err)}`),
  });
}

export default function SegmentListPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const segments = useQuery({ queryKey: ['segments'], queryFn: listSegments });
  const exportCsv = useCsvExport();
  const remove = useMutation({
    mutationFn: (s: SegmentView) => deleteSegment(s.id),
    onSuccess: () => {
      void message.success('已删除');
      void queryClient.invalidateQueries({ queryKey: ['segments'] });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });

  return (
    <Card
      title="人群"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/segments/create')}>
          新建人群
        </Button>
      }
    >
      <QueryState query={segments}>
        {(data) => (
          <Table<SegmentView>
            data-testid="segments-table"
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: '还没有人群，点击右上角新建' }}
            columns={[
              {
                title: '名称',
                dataIndex: 'name',
                render: (n: string, s) => <a onClick={() => void navigate(`/segments/${s.id}`)}>{n}</a>,
              },
              { title: '条件', render: (_, s) => summary(s) },
              { title: '人数', dataIndex: 'memberCount', align: 'right', render: (n: number | null) => formatCount(n) },
              { title: '统计时间', dataIndex: 'countedAt', render: (t: string | null) => formatDateTime(t) },
              { title: '更新时间', dataIndex: 'updatedAt', render: (t: string) => formatDateTime(t) },
              {
                title: '操作',
                render: (_, s) => (
                  <Space>
                    <Button size="small" onClick={() => void navigate(`/segments/${s.id}`)}>
                      成员
                    </Button>
                    <Button size="small" onClick={() => void navigate(`/segments/${s.id}/edit`)}>
                      编辑
                    </Button>
                    <Button
                      size="small"
                      loading={exportCsv.isPending && exportCsv.variables?.id === s.id}
                      onClick={() => exportCsv.mutate(s)}
                    >
                      导出 CSV
                    </Button>
                    <Popconfirm
                      title={`删除人群「${s.name}」？`}
                      okText="删除"
                      cancelText="取消"
                      onConfirm={() => remove.mutate(s)}
                    >
                      <Button size="small" danger>
                        删除
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </QueryState>
    </Card>
  );
}
