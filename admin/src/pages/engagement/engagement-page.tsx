// 签到与邀请 (admins): the check-in settings, the referral settings (both checked with the shared
// engagement rules before the PUT; the server's problems go onto the same fields; what was typed
// stays) and the review of held referral rewards (approve / reject). docs/engagement.md.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CHECKIN_REWARD_CODES,
  CHECKIN_REWARD_RULES,
  describeCheckInReward,
  type CheckInRewardRuleConfig,
  type CheckInSettings,
  type ReferralRewardStatus,
  type ReferralSettings,
} from '@huiyuan/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  getCheckInConfig,
  getReferralConfig,
  listCouponTemplates,
  listLotteries,
  listReferralRewards,
  putCheckInConfig,
  putReferralConfig,
  reviewReferralReward,
} from '../../api/endpoints';
import { errorMessage } from '../../api/errors';
import type { ReferralRewardView } from '../../api/types';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { formatCount, formatDateTime, formatFen } from '../../lib/format';
import { problemLines, type FormProblems } from '../../lib/problems';
import { REFERRAL_BENEFICIARY_LABELS, REFERRAL_REWARD_REASON_LABELS, REFERRAL_REWARD_STATUS_LABELS } from '../../lib/labels';
import {
  checkInFormProblems,
  checkInProblemFields,
  CHECKIN_REWARD_ARGS,
  fromReferralSettings,
  referralFormProblems,
  referralServerProblems,
  toCheckInSettings,
  toReferralSettings,
  type CheckInValues,
  type ReferralValues,
} from './engagement-settings';

function usePlaceProblems<T>(form: ReturnType<typeof Form.useForm<T>>[0]) {
  const [general, setGeneral] = useState<string[]>([]);
  const place = (p: FormProblems) => {
    if (p.fields.length) form.setFields(p.fields as Parameters<typeof form.setFields>[0]);
    setGeneral(p.general);
    return p.fields.length + p.general.length > 0;
  };
  return { general, place };
}

function couponOptions(channel: string, templates: ReturnType<typeof useQuery<Awaited<ReturnType<typeof listCouponTemplates>>>>) {
  return (templates.data?.items ?? [])
    .filter((t) => t.channels.includes(channel as never) && t.status === 'active')
    .map((t) => ({ value: t.id, label: t.title }));
}

const ARG_LABELS: Record<string, string> = {
  points: '积分',
  day: '连续天数',
  repeat: '每满 N 天重复',
  days: '累计天数',
  couponTemplateId: '优惠券',
  lotteryId: '抽奖',
  lotteryEntries: '免费抽奖次数',
};

function CheckInForm({ initial }: { initial: CheckInSettings }) {
  const [form] = Form.useForm<CheckInValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { general, place } = usePlaceProblems(form);
  const templates = useQuery({ queryKey: ['coupon-templates'], queryFn: listCouponTemplates });
  const lotteries = useQuery({ queryKey: ['lotteries'], queryFn: listLotteries });
  const values = Form.useWatch([], form) as CheckInValues | undefined;
  const save = useMutation({
    mutationFn: (doc: CheckInSettings) => putCheckInConfig(doc),
    onSuccess: (saved) => {
      queryClient.setQueryData(['checkin-config'], saved);
      void message.success('签到设置已保存');
    },
    onError: (err) => place(checkInProblemFields(problemLines(err))),
  });
  const onFinish = (v: CheckInValues) => {
    if (!place(checkInFormProblems(v))) save.mutate(toCheckInSettings(v));
  };
  const cycle = values?.cycle ?? initial.cycle;
  return (
    <Form<CheckInValues> form={form} layout="vertical" initialValues={initial} onFinish={onFinish} data-testid="checkin-form">
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="签到周期" name="cycle" extra="累计签到奖励每个周期重新计算">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'week', label: '每周' },
                { value: 'month', label: '每月' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="连续签到" name="streakScope">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'continuous', label: '跨周期累计' },
                { value: 'cycle', label: '每周期重新开始' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="提醒订阅消息模板 ID" name="reminderTemplateId" extra="留空则不发送签到提醒">
            <Input maxLength={128} allowClear />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5}>签到奖励</Typography.Title>
      <Form.List name="rewards">
        {(fields, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {fields.map((f) => {
              const reward = values?.rewards?.[f.name];
              const code = reward?.code;
              const preview = (() => {
                const doc = toCheckInSettings({ ...values, rewards: reward ? [reward] : [] }).rewards[0];
                return doc &&
                  code &&
                  CHECKIN_REWARD_RULES[code].validateArgs(doc.args as never, { cycleDays: cycle === 'week' ? 7 : 31 }).length ===
                    0
                  ? describeCheckInReward(doc as CheckInRewardRuleConfig, cycle)
                  : '';
              })();
              return (
                <Card key={f.key} size="small" data-testid={`checkin-reward-${f.name}`}>
                  <Space align="start" wrap>
                    <Form.Item label="奖励类型" name={[f.name, 'code']} style={{ marginBottom: 0 }}>
                      <Select
                        style={{ width: 150 }}
                        options={CHECKIN_REWARD_CODES.map((c) => ({ value: c, label: CHECKIN_REWARD_RULES[c].title }))}
                      />
                    </Form.Item>
                    {(code ? CHECKIN_REWARD_ARGS[code] : []).map((arg) => (
                      <Form.Item
                        key={arg}
                        label={ARG_LABELS[arg]}
                        name={[f.name, 'args', arg]}
                        valuePropName={arg === 'repeat' ? 'checked' : 'value'}
                        style={{ marginBottom: 0 }}
                      >
                        {arg === 'repeat' ? (
                          <Switch />
                        ) : arg === 'couponTemplateId' ? (
                          <Select
                            allowClear
                            style={{ width: 200 }}
                            placeholder="不送券"
                            options={couponOptions('grant', templates)}
                          />
                        ) : arg === 'lotteryId' ? (
                          <Select
                            allowClear
                            style={{ width: 200 }}
                            placeholder="不送抽奖"
                            options={(lotteries.data?.items ?? [])
                              .filter((l) => l.status !== 'ended')
                              .map((l) => ({ value: l.id, label: l.title }))}
                          />
                        ) : (
                          <InputNumber
                            min={0}
                            precision={0}
                            style={{ width: 110 }}
                            aria-label={`奖励${f.name + 1}${ARG_LABELS[arg]}`}
                          />
                        )}
                      </Form.Item>
                    ))}
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={`删除奖励${f.name + 1}`}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                  {preview && <Typography.Text type="secondary">{preview}</Typography.Text>}
                </Card>
              );
            })}
            <Button icon={<PlusOutlined />} onClick={() => add({ code: 'base_points', args: { points: 5 } })}>
              添加奖励
            </Button>
          </Space>
        )}
      </Form.List>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        补签
      </Typography.Title>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item label="每周期可补签次数" name={['makeUp', 'perCycle']}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="每次补签消耗积分" name={['makeUp', 'costPoints']}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {general.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={general.join('；')} />}
      {save.error && <ErrorAlert error={save.error} testId="checkin-error" />}
      <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }} data-testid="checkin-submit">
        保存签到设置
      </Button>
    </Form>
  );
}

function ReferralForm({ initial }: { initial: ReferralSettings }) {
  const [form] = Form.useForm<ReferralValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { general, place } = usePlaceProblems(form);
  const templates = useQuery({ queryKey: ['coupon-templates'], queryFn: listCouponTemplates });
  const save = useMutation({
    mutationFn: (doc: ReferralSettings) => putReferralConfig(doc),
    onSuccess: (saved) => {
      queryClient.setQueryData(['referral-config'], saved);
      void message.success('邀请设置已保存');
    },
    onError: (err) => place(referralServerProblems(problemLines(err))),
  });
  const onFinish = (v: ReferralValues) => {
    if (!place(referralFormProblems(v))) save.mutate(toReferralSettings(v));
  };
  const side = (who: 'inviter' | 'invitee') => (
    <Col span={12}>
      <Card size="small" title={`${REFERRAL_BENEFICIARY_LABELS[who]}奖励`}>
        <Form.Item label="积分" name={['rewards', who, 'points']}>
          <InputNumber min={0} precision={0} style={{ width: 160 }} aria-label={`${REFERRAL_BENEFICIARY_LABELS[who]}积分`} />
        </Form.Item>
        <Form.Item label="优惠券" name={['rewards', who, 'couponTemplateId']} extra="只列出开放了“邀请奖励”渠道的优惠券">
          <Select allowClear placeholder="不送券" options={couponOptions('referral', templates)} />
        </Form.Item>
      </Card>
    </Col>
  );
  return (
    <Form<ReferralValues>
      form={form}
      layout="vertical"
      initialValues={fromReferralSettings(initial)}
      onFinish={onFinish}
      data-testid="referral-form"
    >
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="可被邀请的会员" name="binding">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'new_members_only', label: '仅新注册会员' },
                { value: 'all_members', label: '全部会员' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="退款观察期（天）" name="refundWindowDays" extra="好友首单付款后这么多天内退款则不发奖励">
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="首单最低实付（元）" name="minOrderYuan">
            <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>{[side('inviter'), side('invitee')]}</Row>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        防刷与上限
      </Typography.Title>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item name={['abuse', 'holdOnInviterDevice']} valuePropName="checked" label=" ">
            <Checkbox>好友使用邀请人的设备时转人工审核</Checkbox>
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="同设备好友超过（人）" name={['abuse', 'maxSameDevice']}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="同网络好友超过（人）" name={['abuse', 'maxSameIp']}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item label="每位邀请人每天最多奖励" name={['caps', 'perInviterPerDay']}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="每位邀请人每月最多奖励" name={['caps', 'perInviterPerMonth']}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {general.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={general.join('；')} />}
      {save.error && <ErrorAlert error={save.error} testId="referral-error" />}
      <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }} data-testid="referral-submit">
        保存邀请设置
      </Button>
    </Form>
  );
}

const STATUS_FILTERS: ReferralRewardStatus[] = ['on_hold', 'pending', 'released', 'cancelled'];

function HeldRewards() {
  const [status, setStatus] = useState<ReferralRewardStatus>('on_hold');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rewards = useQuery({ queryKey: ['referral-rewards', status], queryFn: () => listReferralRewards(status) });
  const review = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'reject' }) => reviewReferralReward(id, decision),
    onSuccess: (r, { decision }) => {
      void message.success(
        decision === 'approve'
          ? r.status === 'released'
            ? '已通过，奖励已发放'
            : `已通过，但${REFERRAL_REWARD_REASON_LABELS[r.reason!] ?? '未能发放'}`
          : '已拒绝，奖励不再发放',
      );
      void queryClient.invalidateQueries({ queryKey: ['referral-rewards'] });
    },
    onError: (err) => void message.error(errorMessage(err, { CONFLICT: '该奖励已不在待审核状态，请刷新' })),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as ReferralRewardStatus)}
        options={STATUS_FILTERS.map((s) => ({ value: s, label: REFERRAL_REWARD_STATUS_LABELS[s] }))}
      />
      <QueryState query={rewards}>
        {(data) => (
          <Table<ReferralRewardView>
            data-testid="referral-rewards-table"
            rowKey="id"
            size="small"
            dataSource={data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: status === 'on_hold' ? '没有待审核的奖励' : '暂无记录' }}
            columns={[
              { title: '获奖方', dataIndex: 'beneficiary', render: (b: 'inviter' | 'invitee') => REFERRAL_BENEFICIARY_LABELS[b] },
              { title: '会员', dataIndex: 'memberId', render: (id: string) => <Link to={`/members/${id}`}>查看会员</Link> },
              {
                title: '状态',
                dataIndex: 'status',
                render: (s: ReferralRewardStatus) => (
                  <Tag color={s === 'on_hold' ? 'orange' : undefined}>{REFERRAL_REWARD_STATUS_LABELS[s]}</Tag>
                ),
              },
              {
                title: '原因',
                dataIndex: 'reason',
                render: (r: ReferralRewardView['reason']) => (r ? (REFERRAL_REWARD_REASON_LABELS[r] ?? r) : '—'),
              },
              {
                title: '奖励',
                render: (_, r) =>
                  [r.points ? `${formatCount(r.points)} 积分` : '', r.couponTemplateId ? '优惠券' : '']
                    .filter(Boolean)
                    .join(' + ') || '—',
              },
              {
                title: '首单实付',
                dataIndex: 'paidFen',
                align: 'right',
                render: (f: number | null) => (f === null ? '—' : formatFen(f)),
              },
              { title: '已退款', dataIndex: 'refundedFen', align: 'right', render: (f: number) => (f ? formatFen(f) : '—') },
              { title: '观察期至', dataIndex: 'releaseAt', render: (t: string | null) => formatDateTime(t) },
              ...(status === 'on_hold'
                ? [
                    {
                      title: '审核',
                      render: (_: unknown, r: ReferralRewardView) => (
                        <Space>
                          <Button
                            size="small"
                            type="primary"
                            loading={review.isPending && review.variables?.id === r.id && review.variables.decision === 'approve'}
                            onClick={() => review.mutate({ id: r.id, decision: 'approve' })}
                          >
                            通过
                          </Button>
                          <Popconfirm
                            title="拒绝后该奖励不再发放，确定拒绝？"
                            okText="拒绝"
                            cancelText="返回"
                            onConfirm={() => review.mutate({ id: r.id, decision: 'reject' })}
                          >
                            <Button size="small" danger>
                              拒绝
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </QueryState>
    </Space>
  );
}

export default function EngagementPage() {
  const checkIn = useQuery({ queryKey: ['checkin-config'], queryFn: getCheckInConfig });
  const referral = useQuery({ queryKey: ['referral-config'], queryFn: getReferralConfig });
  const [tab, setTab] = useState('checkin');
  useEffect(() => {
    const wanted = new URLSearchParams(window.location.search).get('tab');
    if (wanted) setTab(wanted);
  }, []);
  return (
    <Card title="签到与邀请">
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'checkin',
            label: '签到设置',
            children: <QueryState query={checkIn}>{(s) => <CheckInForm initial={s} />}</QueryState>,
          },
          {
            key: 'referral',
            label: '邀请设置',
            children: <QueryState query={referral}>{(s) => <ReferralForm initial={s} />}</QueryState>,
          },
          { key: 'rewards', label: '邀请奖励审核', children: <HeldRewards /> },
        ]}
      />
    </Card>
  );
}
