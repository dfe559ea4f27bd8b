// 任务 (admins): every scheduled job with its schedule and latest queue run (GET /admin/jobs), and
// 立即运行 per job (POST /admin/jobs/:name/run: the same idempotent run, inline, audited job.run).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Table, Tag, Typography } from 'antd';
import { listJobs, runJob } from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import type { JobView } from '../../api/types';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { cronLabel, JOB_DESCRIPTIONS, JOB_RUN_STATE_COLORS, JOB_RUN_STATE_LABELS, lastRun } from './job-labels';

export default function JobsPage() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const jobs = useQuery({ queryKey: ['jobs'], queryFn: listJobs });
  const run = useMutation({
    mutationFn: (name: string) => runJob(name),
    onSuccess: (r) => {
      void message.success(`「${JOB_DESCRIPTIONS[r.job] ?? r.job}」已运行完成（用时 ${(r.ms / 1000).toFixed(1)} 秒）`);
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
      void queryClient.invalidateQueries({ queryKey: ['audit-log'] });
    },
    onError: (err) => void message.error(errorMessage(err, { NOT_FOUND: '未找到该任务' })),
  });
  return (
    <Card title="任务" extra={<Button onClick={() => void jobs.refetch()}>刷新</Button>}>
      <QueryState query={jobs}>
        {(data) => (
          <>
            {!data.queueRunning && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                message="本服务器未运行任务队列（HUIYUAN_JOBS=0），不显示定时运行记录；“立即运行”仍可使用。"
              />
            )}
            <Table<JobView>
              data-testid="jobs-table"
              rowKey="name"
              size="small"
              pagination={false}
              dataSource={data.items}
              columns={[
                {
                  title: '任务',
                  dataIndex: 'name',
                  render: (n: string) => (
                    <span>
                      {JOB_DESCRIPTIONS[n] ?? n} <Typography.Text type="secondary">{n}</Typography.Text>
                    </span>
                  ),
                },
                { title: '计划', dataIndex: 'cron', render: (c: string) => <span title={c}>{cronLabel(c)}</span> },
                {
                  title: '最近运行',
                  render: (_, j) => {
                    const r = lastRun(j);
                    if (!r) return '—';
                    return (
                      <span>
                        <Tag color={JOB_RUN_STATE_COLORS[r.state]}>{JOB_RUN_STATE_LABELS[r.state]}</Tag>
                        {formatDateTime(r.completedAt ?? r.startedAt ?? r.createdAt)}
                      </span>
                    );
                  },
                },
                {
                  title: '操作',
                  render: (_, j) => (
                    <Popconfirm
                      title={`立即运行「${JOB_DESCRIPTIONS[j.name] ?? j.name}」？与定时运行相同，重复运行不会重复处理。`}
                      okText="立即运行"
                      cancelText="返回"
                      onConfirm={() => run.mutate(j.name)}
                    >
                      <Button size="small" loading={run.isPending && run.variables === j.name} data-testid={`job-run-${j.name}`}>
                        立即运行
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]}
            />
          </>
        )}
      </QueryState>
    </Card>
  );
}
