// 人群 builder: conditions from the shared registry combined as "all of" and "any of", a live
// count (POST /admin/segments/preview, debounced, checked locally first with the shared
// validator), then save (create or update). What was typed stays on any error.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { SegmentConditions } from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, List, Row, Select, Space, Spin, Statistic, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { createSegment, getSegment, previewSegment, updateSegment } from '../../api/endpoints';
import type { SegmentView } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { showFieldErrors } from '../../lib/form-errors';
import { formatCount } from '../../lib/format';
import { readDrillDown, type DrillDown } from '../dashboard/drill-down';
import { ConditionArgs } from './condition-args';
import { checkConditions, CONDITION_OPTIONS, describeProblem, fromConditions, type BuilderValues } from './conditions';

const PREVIEW_DELAY_MS = 500;

function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(t);
  }, [value, delay]);
  return debounced;
}

function ConditionList({ list, title }: { list: 'all' | 'any'; title: string }) {
  return (
    <Form.List name={list}>
      {(fields, { add, remove }) => (
        <Card size="small" title={title} data-testid={`conditions-${list}`}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((field) => (
              <Space key={field.key} align="start" wrap data-testid={`condition-${list}-${field.name}`}>
                <Form.Item name={[field.name, 'code']} style={{ marginBottom: 0, width: 220 }}>
                  <Select
                    options={CONDITION_OPTIONS}
                    showSearch
                    optionFilterProp="label"
                    placeholder="选择条件"
                    aria-label="条件类型"
                  />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {({ getFieldValue }) => (
                    <ConditionArgs code={getFieldValue([list, field.name, 'code']) as string | undefined} name={[field.name]} />
                  )}
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} aria-label="删除条件" onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
              添加条件
            </Button>
          </Space>
        </Card>
      )}
    </Form.List>
  );
}

function Builder({ segment, prefill }: { segment: SegmentView | null; prefill?: DrillDown | null }) {
  const [form] = Form.useForm<BuilderValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const values = Form.useWatch([], form) as BuilderValues | undefined;
  const checked = useMemo(() => checkConditions(values ?? {}), [values]);
  const conditionsKey = checked.ok ? JSON.stringify(checked.conditions) : null;
  const debouncedKey = useDebounced(conditionsKey, PREVIEW_DELAY_MS);
  const preview = useQuery({
    queryKey: ['segment-preview', debouncedKey],
    queryFn: ({ signal }) => previewSegment(JSON.parse(debouncedKey ?? '{}') as SegmentConditions, signal),
    enabled: debouncedKey !== null,
    staleTime: 10_000,
    retry: false,
  });
  const save = useMutation({
    mutationFn: (v: { name: string; conditions: SegmentConditions }) =>
      segment ? updateSegment(segment.id, v.name, v.conditions) : createSegment(v.name, v.conditions),
    onSuccess: (s) => {
      void queryClient.invalidateQueries({ queryKey: ['segments'] });
      void message.success(`已保存人群「${s.name}」，共 ${formatCount(s.memberCount)} 人`);
      void navigate(`/segments/${s.id}`);
    },
    onError: (err) => showFieldErrors(form, err),
  });
  const [submitted, setSubmitted] = useState(false);
  const hasAny = Boolean(values?.all?.some((r) => r?.code) || values?.any?.some((r) => r?.code));

  return (
    <Form<BuilderValues>
      form={form}
      layout="vertical"
      initialValues={
        segment
          ? { name: segment.name, ...fromConditions(segment.conditions) }
          : prefill
            ? { name: prefill.name, ...fromConditions(prefill.conditions) }
            : { all: [{}], any: [] }
      }
      onFinish={(v) => {
        setSubmitted(true);
        const c = checkConditions(v);
        if (c.ok) save.mutate({ name: (v.name ?? '').trim(), conditions: c.conditions });
      }}
      data-testid="segment-form"
    >
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Form.Item
              label="人群名称"
              name="name"
              rules={[{ required: true, whitespace: true, message: '请填写人群名称' }]}
              style={{ maxWidth: 420 }}
            >
              <Input maxLength={64} placeholder="例如：沉默的金卡会员" />
            </Form.Item>
            {prefill && (
              <Alert
                type="info"
                showIcon
                data-testid="segment-drill-down"
                message="条件已按数据概览中的指标带入，可修改后保存为人群"
                description={
                  prefill.approximate
                    ? '该人群与指标口径不完全一致（例如按当前生命周期或按“注册或消费门店”筛选），人数可能与指标略有差异。'
                    : undefined
                }
              />
            )}
            <ConditionList list="all" title="同时满足以下全部条件" />
            <ConditionList list="any" title="并且满足以下任一条件（可不填）" />
            {!checked.ok && (submitted || hasAny) && (
              <Alert
                type={submitted ? 'error' : 'info'}
                showIcon
                message="条件未填写完整"
                description={
                  <ul style={{ margin: 0, paddingLeft: 20 }}>
                    {checked.problems.map((p) => (
                      <li key={`${p.field}:${p.reason}`}>{describeProblem(p)}</li>
                    ))}
                  </ul>
                }
              />
            )}
            {save.error ? <ErrorAlert error={save.error} testId="segment-save-error" /> : null}
            <Space>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                保存人群
              </Button>
              <Button onClick={() => void navigate('/segments')}>取消</Button>
            </Space>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title="实时预估" data-testid="segment-preview">
            {debouncedKey === null ? (
              <Typography.Text type="secondary">填写完整的条件后显示匹配人数</Typography.Text>
            ) : preview.error ? (
              <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} testId="segment-preview-error" />
            ) : (
              <Spin spinning={preview.isFetching || conditionsKey !== debouncedKey}>
                <Statistic
                  title="匹配会员"
                  value={preview.data?.count ?? 0}
                  valueRender={() => (
                    <span data-testid="segment-preview-count">{preview.data ? formatCount(preview.data.count) : '…'}</span>
                  )}
                  suffix="人"
                />
                {preview.data && preview.data.sample.length > 0 && (
                  <List
                    size="small"
                    header="示例会员"
                    dataSource={preview.data.sample}
                    renderItem={(m) => (
                      <List.Item>
                        {m.memberNo} {m.nickname ?? ''}
                      </List.Item>
                    )}
                  />
                )}
              </Spin>
            )}
          </Card>
        </Col>
      </Row>
    </Form>
  );
}

export default function SegmentEditorPage() {
  const { id } = useParams();
  const { search } = useLocation();
  const prefill = useMemo(() => (id ? null : readDrillDown(search)), [id, search]);
  const segment = useQuery({ queryKey: ['segment', id], queryFn: () => getSegment(id ?? ''), enabled: Boolean(id) });
  return (
    <Card title={id ? '编辑人群' : '新建人群'}>
      {id ? (
        <QueryState query={segment}>{(s) => <Builder segment={s} />}</QueryState>
      ) : (
        <Builder key={search} segment={null} prefill={prefill} />
      )}
    </Card>
  );
}
