// 会员方案 (admins): the programme in force — earning, redemption, expiry and tiers — edited as one
// versioned document (PUT /admin/programme with expectedVersion), checked first with the shared
// validator the server applies. A stale version (409) says someone else saved meanwhile and offers
// to reload; what the operator typed stays until they choose to.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  EXPIRY_POLICY_CODES,
  TIER_CODES,
  validateProgramme,
  type ProgrammeInput,
  type ProgrammeProblem,
  type ProgrammeView,
} from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { getProgramme, listProgrammeVersions, listStaff, listStores, putProgramme } from '../../api/endpoints';
import { fieldPath, isApiError } from '../../api/errors';
import type { ProgrammeVersionItem } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { showFieldErrors } from '../../lib/form-errors';
import { formatDateTime } from '../../lib/format';
import { EXPIRY_POLICY_LABELS, TIER_LABELS } from '../../lib/labels';
import { memberDayRows, rulesWithMemberDays, WEEKDAY_OPTIONS, type MemberDayRow } from './member-days';

interface FormValues {
  currency: string;
  timezone: string;
  earning: { pointsPerYuan: number; growthPerYuan: number };
  redemption: ProgrammeInput['redemption'];
  expiry: { policy: string; days?: number };
  tiers: ProgrammeInput['tiers'];
  /** 会员日: the member_day earning rules (member-days.ts). */
  memberDays: MemberDayRow[];
}

function toForm(p: ProgrammeView): FormValues {
  return {
    currency: p.currency,
    timezone: p.timezone,
    earning: { pointsPerYuan: p.earning.pointsPerYuan, growthPerYuan: p.earning.growthPerYuan },
    redemption: { ...p.redemption },
    expiry: { ...p.expiry },
    tiers: p.tiers.map((t) => ({ ...t, benefits: t.benefits.map((b) => ({ ...b })) })),
    memberDays: memberDayRows(p.earning.rules),
  };
}

/** The PUT document: the form's fields plus what the form does not edit (the other earning rules). */
function toDocument(v: FormValues, loaded: ProgrammeView): ProgrammeInput {
  const expiry = (
    v.expiry.policy === 'days' ? { policy: 'days', days: v.expiry.days } : { policy: v.expiry.policy }
  ) as ProgrammeInput['expiry'];
  const rules = rulesWithMemberDays(loaded.earning.rules, v.memberDays);
  return {
    currency: v.currency.trim(),
    timezone: v.timezone.trim(),
    earning: {
      pointsPerYuan: v.earning.pointsPerYuan,
      growthPerYuan: v.earning.growthPerYuan,
      ...(rules ? { rules } : {}),
    },
    redemption: { ...v.redemption },
    expiry,
    tiers: (v.tiers ?? []).map((t) => ({ ...t, name: t.name?.trim(), benefits: (t.benefits ?? []).map((b) => ({ ...b })) })),
  };
}

function problemFields(problems: ProgrammeProblem[]) {
  return problems.filter((p) => p.field).map((p) => ({ name: fieldPath(p.field), errors: [p.reason] }));
}

function ProgrammeForm({ loaded, onReload }: { loaded: ProgrammeView; onReload: () => Promise<ProgrammeView | undefined> }) {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(loaded.version);
  const [base, setBase] = useState(loaded);
  const [localProblems, setLocalProblems] = useState<ProgrammeProblem[]>([]);
  const policy = Form.useWatch(['expiry', 'policy'], form);
  const stores = useQuery({ queryKey: ['stores'], queryFn: listStores });
  const otherRules = (base.earning.rules ?? []).filter((r) => r.code !== 'member_day');

  const save = useMutation({
    mutationFn: (doc: ProgrammeInput) => putProgramme({ expectedVersion: version, ...doc }),
    onSuccess: (saved) => {
      setVersion(saved.version);
      setBase(saved);
      queryClient.setQueryData(['programme'], saved);
      void queryClient.invalidateQueries({ queryKey: ['programme-versions'] });
      form.setFieldsValue(toForm(saved));
      void message.success(`会员方案已保存，当前版本 v${saved.version}`);
    },
    onError: (err) => showFieldErrors(form, err),
  });

  const reload = async () => {
    const fresh = await onReload();
    if (!fresh) return;
    setVersion(fresh.version);
    setBase(fresh);
    form.resetFields();
    form.setFieldsValue(toForm(fresh));
    save.reset();
    setLocalProblems([]);
  };

  const onFinish = (values: FormValues) => {
    const doc = toDocument(values, base);
    const checked = validateProgramme(doc);
    if (!checked.ok) {
      setLocalProblems(checked.details);
      form.setFields(problemFields(checked.details) as unknown as Parameters<typeof form.setFields>[0]);
      return;
    }
    setLocalProblems([]);
    save.mutate(doc);
  };

  const conflict = isApiError(save.error, 'VERSION_CONFLICT');

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={toForm(loaded)}
      onFinish={onFinish}
      data-testid="programme-form"
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary" data-testid="programme-version">
          当前编辑基于版本 v{version}。保存后生成新版本，之后的订单按新规则计算，之前的订单保持不变。
        </Typography.Text>
      </Space>

      <Divider orientation="left">积分与成长值获取</Divider>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item
            label="每消费 1 元获得积分"
            name={['earning', 'pointsPerYuan']}
            rules={[{ required: true, message: '请填写' }]}
          >
            <InputNumber min={0} max={1000} step={0.1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            label="每消费 1 元获得成长值"
            name={['earning', 'growthPerYuan']}
            rules={[{ required: true, message: '请填写' }]}
          >
            <InputNumber min={0} max={1000} step={0.1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          {otherRules.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
              另有 {otherRules.length} 条积分规则（{otherRules.map((r) => r.code).join('、')}），保存时保持不变。
            </Typography.Paragraph>
          )}
        </Col>
      </Row>

      <Divider orientation="left">会员日（积分倍数）</Divider>
      <Form.List name="memberDays">
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="member-days">
            {fields.map((field) => (
              <Card
                key={field.key}
                size="small"
                data-testid="member-day"
                title={`会员日 ${field.name + 1}`}
                extra={
                  <Button type="link" danger icon={<MinusCircleOutlined />} onClick={() => remove(field.name)}>
                    删除
                  </Button>
                }
              >
                <Row gutter={16}>
                  <Col span={14}>
                    <Form.Item label="每周" name={[field.name, 'weekdays']} extra="不选 = 每天（可再按每月日期、时段限定）">
                      <Checkbox.Group options={WEEKDAY_OPTIONS} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item
                      label="积分倍数（合计）"
                      name={[field.name, 'times']}
                      rules={[{ required: true, message: '请填写' }]}
                      extra="2 = 积分 2 倍"
                    >
                      <InputNumber min={1.0001} max={10} step={0.5} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item label="每月日期" name={[field.name, 'monthDays']}>
                      <Select
                        mode="multiple"
                        allowClear
                        placeholder="不限"
                        options={Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: `${i + 1} 日` }))}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Row gutter={16}>
                  <Col span={4}>
                    <Form.Item label="开始时间" name={[field.name, 'timeFrom']}>
                      <Input placeholder="HH:MM，不限" maxLength={5} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item label="结束时间" name={[field.name, 'timeTo']}>
                      <Input placeholder="HH:MM（不含）" maxLength={5} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item label="会员等级" name={[field.name, 'tiers']}>
                      <Select
                        mode="multiple"
                        allowClear
                        placeholder="全部等级"
                        options={TIER_CODES.map((c) => ({ value: c, label: TIER_LABELS[c] }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item label="门店" name={[field.name, 'storeIds']}>
                      <Select
                        mode="multiple"
                        allowClear
                        placeholder="全部门店"
                        options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item label="商品分类" name={[field.name, 'category']}>
                      <Input placeholder="全部商品" maxLength={64} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ weekdays: [3], times: 2 })}>
              添加会员日
            </Button>
          </Space>
        )}
      </Form.List>

      <Divider orientation="left">积分抵扣</Divider>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item
            label="抵扣 1 元所需积分"
            name={['redemption', 'pointsPerYuan']}
            rules={[{ required: true, message: '请填写' }]}
          >
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="抵扣步长（积分）" name={['redemption', 'unit']} rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="最低使用积分" name={['redemption', 'minPoints']} rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            label="最高抵扣比例（基点）"
            name={['redemption', 'maxShareBp']}
            extra="10000 基点 = 100%，5000 = 订单金额的 50%"
            rules={[{ required: true, message: '请填写' }]}
          >
            <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>

      <Divider orientation="left">积分有效期</Divider>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="过期规则" name={['expiry', 'policy']} rules={[{ required: true, message: '请选择' }]}>
            <Select options={EXPIRY_POLICY_CODES.map((c) => ({ value: c, label: EXPIRY_POLICY_LABELS[c] ?? c }))} />
          </Form.Item>
        </Col>
        {policy === 'days' && (
          <Col span={6}>
            <Form.Item label="有效天数" name={['expiry', 'days']} rules={[{ required: true, message: '请填写天数' }]}>
              <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
      </Row>

      <Divider orientation="left">会员等级</Divider>
      <Typography.Paragraph type="secondary">
        按成长值从低到高排列；第一个等级必须是普通会员且门槛为 0。倍率与折扣用基点：10000 = 1 倍 / 不打折，9500 = 95 折。
      </Typography.Paragraph>
      <Form.List name="tiers">
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                title={`等级 ${index + 1}`}
                data-testid={`tier-${index}`}
                extra={
                  fields.length > 1 ? (
                    <Button type="link" danger onClick={() => remove(field.name)}>
                      删除
                    </Button>
                  ) : null
                }
              >
                <Row gutter={12}>
                  <Col span={4}>
                    <Form.Item label="等级代码" name={[field.name, 'code']} rules={[{ required: true, message: '请选择' }]}>
                      <Select options={TIER_CODES.map((c) => ({ value: c, label: c, title: TIER_LABELS[c] }))} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item
                      label="名称"
                      name={[field.name, 'name']}
                      rules={[{ required: true, whitespace: true, message: '请填写' }]}
                    >
                      <Input maxLength={32} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item
                      label="成长值门槛"
                      name={[field.name, 'growthThreshold']}
                      rules={[{ required: true, message: '请填写' }]}
                    >
                      <InputNumber min={0} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item
                      label="保级成长值"
                      name={[field.name, 'keepGrowth']}
                      rules={[{ required: true, message: '请填写' }]}
                    >
                      <InputNumber min={0} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item
                      label="积分倍率（基点）"
                      name={[field.name, 'pointsMultiplierBp']}
                      rules={[{ required: true, message: '请填写' }]}
                    >
                      <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item
                      label="会员折扣（基点）"
                      name={[field.name, 'discountRateBp']}
                      rules={[{ required: true, message: '请填写' }]}
                    >
                      <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.List name={[field.name, 'benefits']}>
                  {(benefits, ops) => (
                    <Space direction="vertical" style={{ width: '100%' }}>
                      <Typography.Text>权益</Typography.Text>
                      {benefits.map((b) => (
                        <Space key={b.key} align="baseline">
                          <Form.Item
                            name={[b.name, 'code']}
                            rules={[{ required: true, message: '代码' }]}
                            style={{ marginBottom: 8 }}
                          >
                            <Input placeholder="代码，如 birthday_gift" style={{ width: 200 }} />
                          </Form.Item>
                          <Form.Item
                            name={[b.name, 'title']}
                            rules={[{ required: true, message: '名称' }]}
                            style={{ marginBottom: 8 }}
                          >
                            <Input placeholder="名称，如 生日礼券" style={{ width: 260 }} maxLength={64} />
                          </Form.Item>
                          <MinusCircleOutlined aria-label="删除权益" onClick={() => ops.remove(b.name)} />
                        </Space>
                      ))}
                      <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => ops.add({ code: '', title: '' })}>
                        添加权益
                      </Button>
                    </Space>
                  )}
                </Form.List>
              </Card>
            ))}
            {fields.length < TIER_CODES.length && (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() =>
                  add({
                    code: undefined,
                    name: '',
                    growthThreshold: 0,
                    keepGrowth: 0,
                    pointsMultiplierBp: 10000,
                    discountRateBp: 10000,
                    benefits: [],
                  })
                }
              >
                添加等级
              </Button>
            )}
          </Space>
        )}
      </Form.List>

      <Divider orientation="left">基本</Divider>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item label="币种" name="currency" rules={[{ required: true, message: '请填写' }]}>
            <Input maxLength={3} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            label="时区"
            name="timezone"
            rules={[{ required: true, message: '请填写' }]}
            extra="业务日期（签到、过期、报表）按此时区计算"
          >
            <Input />
          </Form.Item>
        </Col>
      </Row>

      {/* Next to the save button, where the operator is looking when a save fails. */}
      <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
        {conflict && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            data-testid="version-conflict"
            message="会员方案已被其他人修改"
            description="您编辑期间有人保存了新版本。重新加载将载入最新方案（您的修改不会保留），之后可再次编辑。"
            action={
              <Button size="small" type="primary" onClick={() => void reload()}>
                重新加载
              </Button>
            }
          />
        )}
        {save.error && !conflict ? <ErrorAlert error={save.error} testId="programme-error" /> : null}
        {localProblems.length > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            message="请先修改以下问题"
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {localProblems.map((p) => (
                  <li key={`${p.field}:${p.reason}`}>
                    {p.field}: {p.reason}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </Space>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存为新版本
        </Button>
        <Button onClick={() => form.setFieldsValue(toForm(base))}>撤销修改</Button>
      </Space>
    </Form>
  );
}

function Versions() {
  const versions = useQuery({ queryKey: ['programme-versions'], queryFn: listProgrammeVersions });
  const staff = useQuery({ queryKey: ['staff'], queryFn: listStaff });
  const names = new Map((staff.data?.items ?? []).map((s) => [s.id, s.username]));
  return (
    <QueryState query={versions}>
      {(v) => (
        <Table<ProgrammeVersionItem>
          data-testid="programme-versions-table"
          size="small"
          rowKey="version"
          dataSource={v.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '版本', dataIndex: 'version', render: (n: number) => `v${n}` },
            { title: '生效时间', dataIndex: 'changedAt', render: (t: string) => formatDateTime(t) },
            {
              title: '修改人',
              dataIndex: 'changedBy',
              render: (id: string | null) => (id === null ? '系统初始化' : (names.get(id) ?? id)),
            },
          ]}
        />
      )}
    </QueryState>
  );
}

export default function ProgrammePage() {
  const programme = useQuery({ queryKey: ['programme'], queryFn: getProgramme, staleTime: 0 });
  return (
    <Row gutter={16}>
      <Col xs={24} xl={17}>
        <Card title="会员方案">
          <QueryState query={programme}>
            {(p) => (
              <ProgrammeForm
                loaded={p}
                onReload={async () => {
                  const r = await programme.refetch();
                  return r.data;
                }}
              />
            )}
          </QueryState>
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Card title="版本历史">
          <Versions />
        </Card>
      </Col>
    </Row>
  );
}
