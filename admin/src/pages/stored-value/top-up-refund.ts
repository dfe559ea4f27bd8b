// 退款 of one top-up: which top-ups can be refunded, and the form's values → the request
// (principal typed in yuan, sent as fen; all that is left when it is left as it is).
import type { TopUp, TopUpRefundRequest } from '@huiyuan/shared';
import { formatFen, yuanToFen } from '../../lib/format';

/** Paid and some principal still left (a pending, closed or fully refunded top-up has none to give back). */
export function topUpRefundable(t: Pick<TopUp, 'status' | 'principalLeft'>): boolean {
  return (t.status === 'paid' || t.status === 'partially_refunded') && t.principalLeft > 0;
}

export interface TopUpRefundValues {
  principalYuan?: number | null;
  reason?: string;
}

/** A problem with the principal typed, in Chinese, or null. */
export function refundPrincipalProblem(principalYuan: number | null | undefined, principalLeft: number): string | null {
  const fen = yuanToFen(principalYuan ?? null);
  if (fen === null) return '请填写退款本金';
  if (fen < 1 || fen > principalLeft) return `退款本金须在 ¥0.01 到 ${formatFen(principalLeft)} 之间`;
  return null;
}

export function toTopUpRefundRequest(v: TopUpRefundValues, principalLeft: number, requestId: string): TopUpRefundRequest {
  const fen = yuanToFen(v.principalYuan ?? null);
  const reason = v.reason?.trim();
  return {
    // All that is left is the API's default: sent without a figure, so a spend meanwhile cannot make it "more than left".
    ...(fen !== null && fen !== principalLeft ? { principal: fen } : {}),
    ...(reason ? { reason } : {}),
    requestId,
  };
}
