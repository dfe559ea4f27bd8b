// 新建付费会员方案: the form's values → the API's request, checked with the shared
// membershipPlanProblems the server applies, its problems worded for the form's fields, and the
// benefit lines the member will read (shared membershipBenefitLines).
import { membershipBenefitLines, membershipPlanProblems, planBenefits, type CreateMembershipPlanRequest } from '@huiyuan/shared';
import { formatFen, yuanToFen } from '../../lib/format';
import { toFieldProblems, type FieldProblems, type ProblemWording } from '../stored-value/rule-problems';

export interface MembershipPlanValues {
  title?: string;
  trial?: boolean;
  priceYuan?: number | null;
  termDays?: number | null;
  /** 会员价: percent of the price paid (95 = 95 折); blank = none. */
  discountPercent?: number | null;
  /** 积分倍数 (1.5 = ×1.5); blank = none. */
  pointsMultiplier?: number | null;
  monthlyCouponTemplateId?: string | null;
}

const blank = (v: number | null | undefined): v is null | undefined => v === null || v === undefined;

export function toMembershipPlanRequest(v: MembershipPlanValues): CreateMembershipPlanRequest {
  const trial = Boolean(v.trial);
  const req: CreateMembershipPlanRequest = {
    title: (v.title ?? '').trim(),
    price: trial ? 0 : (yuanToFen(v.priceYuan ?? null) ?? Number.NaN),
    termDays: blank(v.termDays) ? Number.NaN : v.termDays,
  };
  if (trial) req.trial = true;
  if (!blank(v.discountPercent)) req.discountRateBp = Math.round(v.discountPercent * 100);
  if (!blank(v.pointsMultiplier)) req.pointsMultiplierBp = Math.round(v.pointsMultiplier * 10_000);
  if (v.monthlyCouponTemplateId) req.monthlyCouponTemplateId = v.monthlyCouponTemplateId;
  return req;
}

export const MEMBERSHIP_PLAN_WORDING: ProblemWording = {
  title: { field: 'title', message: '请填写名称（1–40 个字）' },
  price: { field: 'priceYuan', message: `价格须在 ¥0.01 到 ${formatFen(10_000_000)} 之间（免费试用为 0）` },
  termDays: { field: 'termDays', message: '会员期须为 1–3660 天' },
  discountRateBp: { field: 'discountPercent', message: '会员价须为原价的 10%–100%（100% = 不打折）' },
  pointsMultiplierBp: { field: 'pointsMultiplier', message: '积分倍数须在 1 到 10 之间' },
  monthlyCouponTemplateId: { field: 'monthlyCouponTemplateId', message: '所选优惠券不存在' },
  benefits: { field: null, message: '至少提供一项权益：会员价、积分倍数或每月优惠券礼包' },
};

export function membershipPlanFormProblems(v: MembershipPlanValues): FieldProblems {
  return toFieldProblems(membershipPlanProblems(toMembershipPlanRequest(v)), MEMBERSHIP_PLAN_WORDING);
}

/** The benefit lines of the plan being typed (none while a figure is out of range). */
export function benefitPreview(v: MembershipPlanValues): string[] {
  const req = toMembershipPlanRequest(v);
  const problems = membershipPlanProblems(req);
  if (problems.discountRateBp || problems.pointsMultiplierBp) return [];
  return membershipBenefitLines(planBenefits(req));
}

/** 30 → "30 天（1 个月）"; 365 → "365 天（1 年）"; 45 → "45 天". */
export function describeTerm(days: number): string {
  if (days === 365 || days === 366) return `${days} 天（1 年）`;
  if (days % 30 === 0 && days < 365) return `${days} 天（${days / 30} 个月）`;
  return `${days} 天`;
}
