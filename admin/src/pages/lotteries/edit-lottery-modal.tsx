// 编辑抽奖 (admins, PATCH /admin/lotteries/:id). Before the start everything: the prizes (title,
// kind, points / coupon template, stock, weight — replaced as a whole, the odds previewed live),
// the cost per draw, the start, the limits and the budget. Once members may draw: only the
// wording, a later end and higher limits (the server answers prizes, odds, cost or start with 409
// LOTTERY_STARTED). Checked first with the shared lotteryEditProblems; its problems — and the
// server's, the same rule's — go onto the fields. Only what changed is sent.
import {
  lotteryEditProblems,
  type CreateLotteryRequest,
  type LotteryPrizeInput,
  type UpdateLotteryRequest,
} from '@huiyuan/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { updateLottery } from '../../api/endpoints';
import type { AdminLotteryView } from '../../api/types';
import { EditModal } from '../../components/edit-modal';
import {
  lotteryProblemFields,
  serverLotteryProblems,
  toPrizeInput,
  type LotteryFormProblems,
  type PrizeValues,
} from './lottery-request';
import { PrizeTable } from './prize-table';

export interface EditLotteryValues {
  title: string;
  description?: string;
  /** Before the start only. */
  startsAt?: Dayjs;
  endsAt: Dayjs;
  /** Before the start only. */
  costPoints?: number | null;
  perMemberDaily: number;
  perMemberTotal: number;
  budgetPoints?: number | null;
  /** Before the start only. */
  prizes?: PrizeValues[];
}

/** True while members cannot draw yet: prizes, odds, cost and the start may still change. */
export function beforeStart(l: AdminLotteryView, now = Date.now()): boolean {
  return now < Date.parse(l.startsAt);
}

/** The lottery as its create request, for the shared edit rule (fields of each prize's kind only). */
export function asRequest(l: AdminLotteryView): CreateLotteryRequest {
  return {
    title: l.title,
    description: l.description,
    startsAt: l.startsAt,
    endsAt: l.endsAt,
    costPoints: l.costPoints,
    perMemberDaily: l.perMemberDaily,
    perMemberTotal: l.perMemberTotal,
    budgetPoints: l.budgetPoints,
    prizes: l.prizes.map((p) => ({
      title: p.title,
      kind: p.kind,
      stock: p.stock,
      weight: p.weight,
      ...(p.kind === 'points' && p.points !== undefined ? { points: p.points } : {}),
      // A physical prize's template is its hidden claim coupon, made by the server: not part of the definition.
      ...(p.kind === 'coupon' && p.templateId !== undefined ? { templateId: p.templateId } : {}),
      ...(p.kind === 'physical' && p.claimDays !== undefined ? { claimDays: p.claimDays } : {}),
    })),
  };
}

/** The form's prize rows of the lottery as it is. */
export function prizeValuesOf(l: AdminLotteryView): PrizeValues[] {
  return l.prizes.map((p) => ({
    title: p.title,
    kind: p.kind,
    stock: p.stock,
    weight: p.weight,
    ...(p.points !== undefined ? { points: p.points } : {}),
    ...(p.kind === 'coupon' && p.templateId ? { templateId: p.templateId } : {}),
    ...(p.kind === 'physical' && p.claimDays !== undefined ? { claimDays: p.claimDays } : {}),
  }));
}

/** Key order and absent fields aside, the same prizes. */
function samePrizes(a: readonly LotteryPrizeInput[], b: readonly LotteryPrizeInput[]): boolean {
  const canon = (p: LotteryPrizeInput) =>
    JSON.stringify([p.title.trim(), p.kind, p.points ?? null, p.templateId ?? null, p.stock, p.weight, p.claimDays ?? null]);
  return a.length === b.length && a.every((p, i) => canon(p) === canon(b[i]!));
}

/** The PATCH body: only what changed (a cleared description or budget as null; prizes as a whole). */
export function lotteryChanges(l: AdminLotteryView, v: EditLotteryValues): UpdateLotteryRequest {
  const description = v.description?.trim() ? v.description.trim() : null;
  const endsAt = v.endsAt.toISOString();
  const budget = v.budgetPoints === undefined ? l.budgetPoints : (v.budgetPoints ?? null);
  const startsAt = v.startsAt?.toISOString();
  const prizes = v.prizes?.map(toPrizeInput);
  return {
    ...(v.title.trim() !== l.title ? { title: v.title.trim() } : {}),
    ...(description !== (l.description ?? null) ? { description } : {}),
    ...(startsAt !== undefined && Date.parse(startsAt) !== Date.parse(l.startsAt) ? { startsAt } : {}),
    ...(Date.parse(endsAt) !== Date.parse(l.endsAt) ? { endsAt } : {}),
    ...(v.costPoints !== undefined && v.costPoints !== l.costPoints ? { costPoints: v.costPoints ?? 0 } : {}),
    ...(v.perMemberDaily !== l.perMemberDaily ? { perMemberDaily: v.perMemberDaily } : {}),
    ...(v.perMemberTotal !== l.perMemberTotal ? { perMemberTotal: v.perMemberTotal } : {}),
    ...(budget !== l.budgetPoints ? { budgetPoints: budget } : {}),
    ...(prizes && !samePrizes(prizes, asRequest(l).prizes) ? { prizes } : {}),
  };
}

/**
 * The shared rule's problem lines → this form's fields: the prizes' and the limits' as on 新建抽奖,
 * the window's onto 开始时间 or 结束时间.
 */
export function editProblemFields(problems: readonly string[]): LotteryFormProblems {
  const placed = lotteryProblemFields(problems.filter((p) => !/^(startsAt|endsAt|the window)/.test(p)));
  const starts = problems.filter((p) => p.startsWith('startsAt'));
  const ends = problems.filter((p) => /^(endsAt|the window)/.test(p));
  return {
    fields: [
      ...placed.fields,
      ...(starts.length ? [{ name: ['startsAt'], errors: starts }] : []),
      ...(ends.length ? [{ name: ['endsAt'], errors: ends }] : []),
    ],
    general: placed.general,
  };
}

export function EditLotteryModal({ lottery: l, onClose }: { lottery: AdminLotteryView; onClose: () => void }) {
  const [form] = Form.useForm<EditLotteryValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [problems, setProblems] = useState<string[]>([]);
  // Decided when the modal opens: a lottery starting meanwhile is refused by the server (409).
  const [open] = useState(() => beforeStart(l));
  const place = (lines: string[]) => {
    const placed = editProblemFields(lines);
    if (placed.fields.length) form.setFields(placed.fields as Parameters<typeof form.setFields>[0]);
    setProblems(placed.general);
  };
  const save = useMutation({
    mutationFn: (body: UpdateLotteryRequest) => updateLottery(l.id, body),
    onSuccess: (saved) => {
      void message.success(`已保存「${saved.title}」`);
      void queryClient.invalidateQueries({ queryKey: ['lotteries'] });
      onClose();
    },
    onError: (err) => place(serverLotteryProblems(err)),
  });
  const onFinish = (v: EditLotteryValues) => {
    const body = lotteryChanges(l, v);
    if (Object.keys(body).length === 0) return onClose();
    const { problems: found, startedConflict } = lotteryEditProblems(asRequest(l), body, !beforeStart(l));
    if (startedConflict) found.push('抽奖已开始：奖品、中奖概率、消耗积分和开始时间不能再修改（请关闭后重新打开编辑）');
    place(found);
    if (found.length === 0) save.mutate(body);
  };
  const couponTemplateIds = l.prizes.flatMap((p) => (p.kind === 'coupon' && p.templateId ? [p.templateId] : []));
  return (
    <EditModal<EditLotteryValues>
      title={`编辑「${l.title}」`}
      form={form}
      initialValues={{
        title: l.title,
        description: l.description ?? '',
        endsAt: dayjs(l.endsAt),
        perMemberDaily: l.perMemberDaily,
        perMemberTotal: l.perMemberTotal,
        budgetPoints: l.budgetPoints,
        ...(open ? { startsAt: dayjs(l.startsAt), costPoints: l.costPoints, prizes: prizeValuesOf(l) } : {}),
      }}
      onFinish={onFinish}
      onClose={onClose}
      saving={save.isPending}
      problems={problems}
      error={save.error && !serverLotteryProblems(save.error).length ? save.error : null}
      testId="lottery-edit-form"
      width={open ? 1100 : undefined}
    >
      <Row gutter={16}>
        <Col span={open ? 12 : 24}>
          <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
        <Col span={open ? 12 : 24}>
          <Form.Item label="说明" name="description">
            <Input.TextArea rows={open ? 1 : 2} maxLength={500} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        {open && (
          <Col span={6}>
            <Form.Item label="开始时间" name="startsAt" rules={[{ required: true, message: '请选择开始时间' }]}>
              <DatePicker showTime style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        <Col span={open ? 6 : 24}>
          <Form.Item
            label="结束时间"
            name="endsAt"
            extra={open ? undefined : '开始后只能延后'}
            rules={[{ required: true, message: '请选择结束时间' }]}
          >
            <DatePicker showTime style={{ width: open ? '100%' : 240 }} />
          </Form.Item>
        </Col>
        {open && (
          <Col span={6}>
            <Form.Item label="每次消耗积分" name="costPoints" extra="0 为免费">
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="lottery-edit-cost" />
            </Form.Item>
          </Col>
        )}
        {open && (
          <Col span={6}>
            <Form.Item label="积分奖品预算" name="budgetPoints" extra="不填则不限">
              <InputNumber min={1} precision={0} style={{ width: '100%' }} placeholder="不限" />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Row gutter={16}>
        <Col span={open ? 6 : 12}>
          <Form.Item label="每人每天次数" name="perMemberDaily" extra={open ? undefined : '开始后只能调高'}>
            <InputNumber min={1} precision={0} style={{ width: open ? '100%' : 160 }} />
          </Form.Item>
        </Col>
        <Col span={open ? 6 : 12}>
          <Form.Item label="每人总次数" name="perMemberTotal" extra={open ? undefined : '开始后只能调高'}>
            <InputNumber min={1} precision={0} style={{ width: open ? '100%' : 160 }} />
          </Form.Item>
        </Col>
      </Row>
      {open ? (
        <>
          <Typography.Title level={5}>奖品</Typography.Title>
          <PrizeTable keepTemplateIds={couponTemplateIds} />
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            message="抽奖尚未开始：奖品、中奖概率、每次消耗和开始时间都可以修改；修改奖品时整体替换（实物奖品会生成新的兑奖券）。开始后这些都不能再改。"
          />
        </>
      ) : (
        <Alert type="info" showIcon message="奖品、中奖概率和每次消耗在会员开始抽奖后不能修改。" />
      )}
    </EditModal>
  );
}
