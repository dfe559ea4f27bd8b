// 新建储值方案: the form's values (yuan) → the API's request (fen), checked with the shared
// storedValuePlanProblems the server applies, its problems worded for the form's fields.
import { TOP_UP_MAX_FEN, storedValuePlanProblems, type CreateStoredValuePlanRequest } from '@huiyuan/shared';
import { formatFen, yuanToFen } from '../../lib/format';
import { toFieldProblems, type FieldProblems, type ProblemWording } from './rule-problems';

export interface StoredValuePlanValues {
  title?: string;
  amountYuan?: number | null;
  bonusYuan?: number | null;
}

export function toStoredValuePlanRequest(v: StoredValuePlanValues): CreateStoredValuePlanRequest {
  return {
    title: (v.title ?? '').trim(),
    // NaN (not an amount) fails the rule's integer check, as a blank amount must.
    amount: yuanToFen(v.amountYuan ?? null) ?? Number.NaN,
    bonus: v.bonusYuan === null || v.bonusYuan === undefined ? 0 : (yuanToFen(v.bonusYuan) ?? Number.NaN),
  };
}

export const STORED_VALUE_PLAN_WORDING: ProblemWording = {
  title: { field: 'title', message: '请填写名称（1–40 个字）' },
  amount: { field: 'amountYuan', message: `充值金额须在 ¥1 到 ${formatFen(TOP_UP_MAX_FEN)} 之间` },
  bonus: { field: 'bonusYuan', message: '赠送金额须在 0 到充值金额之间' },
};

export function storedValuePlanFormProblems(v: StoredValuePlanValues): FieldProblems {
  return toFieldProblems(storedValuePlanProblems(toStoredValuePlanRequest(v)), STORED_VALUE_PLAN_WORDING);
}

/** 充 100 送 10 → "充 ¥100.00 送 ¥10.00"; no bonus → "充 ¥100.00". */
export function describeStoredValuePlan(p: { amount: number; bonus: number }): string {
  return p.bonus > 0 ? `充 ${formatFen(p.amount)} 送 ${formatFen(p.bonus)}` : `充 ${formatFen(p.amount)}`;
}
