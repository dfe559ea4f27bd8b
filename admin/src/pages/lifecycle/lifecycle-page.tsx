// 生命周期 (admins): the three thresholds of the lifecycle stages (GET/PUT
// /admin/analytics/lifecycle, checked with the shared rule first; the server's problems go onto the
// fields) and 立即重新计算, the member-scores job run now (POST /admin/jobs/member-scores/run) so
// segments and the member 360 follow a change before the nightly run. docs/metrics.md.
import type { LifecycleThresholds } from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { getLifecycleSettings, putLifecycleSettings, runJob } from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import type { LifecycleSettingsResponse } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { LIFECYCLE_LABELS } from '../../lib/labels';
import { problemFields, problemLines } from '../../lib/problems';
import { lifecycleFormProblems, lifecycleStageRules, toThresholds, type LifecycleValues } from './lifecycle-settings';

function ThresholdsForm({ initial }: { initial: LifecycleSettingsResponse }) {
  const [form] = Form.useForm<LifecycleValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [general, setGeneral] = useState<string[]>([]);
  const values = Form.useWatch([], form) as LifecycleValues | undefined;
  const typed = toThresholds({ ...initial, ...values });
  const typedValid = lifecycleFormProblems(typed).fields.length === 0;
  const place = (lines: string[]) => {
    const p = problemFields(lines);
    if (p.fields.length) form.setFields(p.fields as Parameters<typeof form.setFields>[0]);
    setGeneral(p.general);
    return p.fields.length + p.general.length > 0;
  };
  const save = useMutation({
    mutationFn: (t: LifecycleThresholds) => putLifecycleSettings(t),
    onSuccess: (saved) => {
      queryClient.setQueryData(['lifecycle-settings'], saved);
      void queryClient.invalidateQueries({ queryKey: ['kpis'] });
      void message.success('生命周期阈值已保存；数据概览立即生效，人群和会员详情在重新计算后生效');
    },
    onError: (err) => place(problemLines(err)),
  });
  const onFinish = (v: LifecycleValues) => {
    const p = lifecycleFormProblems(v);
    if (p.fields.length) form.setFields(p.fields as Parameters<typeof form.setFields>[0]);
    else save.mutate(toThresholds(v));
  };
  return (
    <Form<LifecycleValues> form={form} layout="vertical" initialValues={initial} onFinish={onFinish} data-testid="lifecycle-form">
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item label="新会员期（天）" name="newDays" extra="首单（未消费的：注册）在这么多天内">
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="沉默起始（天）" name="silentAfterDays" extra="最近消费超过这么多天为沉默">
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="流失起始（天）" name="churnedAfterDays" extra="最近消费超过这么多天为流失">
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {typedValid && (
        <Table
          size="small"
          pagination={false}
          rowKey="stage"
          style={{ maxWidth: 720, marginBottom: 16 }}
          dataSource={lifecycleStageRules(typed)}
          columns={[
            { title: '阶段', dataIndex: 'stage', render: (s: keyof typeof LIFECYCLE_LABELS) => <Tag>{LIFECYCLE_LABELS[s]}</Tag> },
            { title: '消费过的会员', dataIndex: 'buyer' },
            { title: '从未消费的会员', dataIndex: 'never' },
          ]}
        />
      )}
      {general.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={general.join('；')} />}
      {save.error && <ErrorAlert error={save.error} testId="lifecycle-error" />}
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="lifecycle-submit">
          保存阈值
        </Button>
        <Typography.Text type="secondary" data-testid="lifecycle-updated">
          {initial.updatedAt ? `上次修改：${formatDateTime(initial.updatedAt)}` : '当前为默认值'}
        </Typography.Text>
      </Space>
    </Form>
  );
}

export function RunMemberScores() {
  const { message } = App.useApp();
  const run = useMutation({
    mutationFn: () => runJob('member-scores'),
    onSuccess: (r) => void message.success(`已重新计算会员生命周期和 RFM（用时 ${(r.ms / 1000).toFixed(1)} 秒）`),
    onError: (err) => void message.error(errorMessage(err, { NOT_FOUND: '未找到该任务' })),
  });
  return (
    <Popconfirm
      title="立即按当前阈值重新计算全部会员的生命周期和 RFM？会员较多时需要一些时间。"
      okText="立即计算"
      cancelText="返回"
      onConfirm={() => run.mutate()}
    >
      <Button loading={run.isPending} data-testid="run-member-scores">
        立即重新计算
      </Button>
    </Popconfirm>
  );
}

export default function LifecyclePage() {
  const settings = useQuery({ queryKey: ['lifecycle-settings'], queryFn: getLifecycleSettings });
  return (
    <Card title="生命周期阈值" extra={<RunMemberScores />}>
      <Typography.Paragraph type="secondary">
        阈值修改后，数据概览的生命周期和流失率立即按新阈值计算；人群条件和会员详情里的生命周期在会员评分任务下次运行（每晚，或点击“立即重新计算”）后更新。
      </Typography.Paragraph>
      <QueryState query={settings}>{(s) => <ThresholdsForm initial={s} />}</QueryState>
    </Card>
  );
}
