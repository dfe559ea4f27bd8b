// Coupon template rules: what a valid template is, what may change once coupons were issued,
// whether a template can issue a coupon now through a channel, and the lifecycle rules around
// issued coupons (display status, birthday gift timing, restore on refund).
//
// Channels. `center` (claim centre, free) and `points` (points mall, charges `pointsCost`) are
// claimed by the member and count against `perMemberLimit`; the automations (`welcome`,
// `birthday`, `referral`, `reactivation`) and `grant` (admin) are keyed by a business key per
// member instead (one welcome coupon per template, one birthday coupon per template and year,
// one grant per idempotency key), so the per-member limit does not apply to them. A template
// is either free in the centre or sold for points, never both, so one claim endpoint is
// unambiguous about what it charges.
import type { TierCode } from '../api/common.js';
import type {
  CouponChannel,
  CouponKind,
  CouponStatus,
  CouponTemplateStatus,
  CouponTemplateTerms,
  UpdateCouponTemplateRequest,
} from '../api/coupons.js';
import { COUPON_CHANNELS } from '../api/coupons.js';
import { isLocalDate, toLocalDate, type LocalDate } from '../time.js';
import { COUPON_KINDS, couponUsableTimesProblems, type CouponValidity } from './coupons.js';
import { stockShardProblems } from './coupon-stock.js';
import { refuse, type Refusal } from './result.js';
import { DEFAULT_TIERS, type TierDefinition } from './tiers.js';

/** Channels through which the member claims (and which count against perMemberLimit). */
export const CLAIM_CHANNELS: readonly CouponChannel[] = ['center', 'points'];
export const MAX_VALID_DAYS = 3650;

export function isClaimChannel(channel: CouponChannel): boolean {
  return CLAIM_CHANNELS.includes(channel);
}

/** Everything wrong with a new template (empty when it is fine). */
export function couponTemplateProblems(t: CouponTemplateTerms): string[] {
  const problems: string[] = [];
  if (!t.title || t.title.trim().length === 0) problems.push('title must not be empty');
  const rule = COUPON_KINDS[t.kind];
  if (!rule) return [...problems, 'kind must be cash, percent or gift'];
  problems.push(
    ...rule.validateTerms({
      kind: t.kind,
      threshold: t.threshold ?? null,
      amountOff: t.amountOff ?? null,
      percentOff: t.percentOff ?? null,
      maxOff: t.maxOff ?? null,
    }),
  );
  // Fields that mean nothing for this kind are refused rather than silently stored.
  const foreign: Record<CouponKind, (keyof CouponTemplateTerms)[]> = {
    cash: ['percentOff', 'maxOff'],
    percent: ['amountOff'],
    gift: ['amountOff', 'percentOff', 'maxOff', 'threshold', 'stackable'],
  };
  for (const f of foreign[t.kind])
    if (t[f] !== undefined && t[f] !== null && t[f] !== false && t[f] !== 0)
      problems.push(`${f} does not apply to ${t.kind} coupons`);

  const hasDays = t.validDays !== undefined && t.validDays !== null;
  const hasWindow = t.validFrom !== undefined || t.validTo !== undefined;
  if (hasDays === hasWindow) problems.push('give either validDays or validFrom and validTo');
  if (hasDays && !(Number.isSafeInteger(t.validDays) && t.validDays! >= 1 && t.validDays! <= MAX_VALID_DAYS)) {
    problems.push(`validDays must be 1…${MAX_VALID_DAYS}`);
  }
  if (hasWindow) {
    if (!t.validFrom || !isLocalDate(t.validFrom) || !t.validTo || !isLocalDate(t.validTo))
      problems.push('validFrom and validTo must both be dates YYYY-MM-DD');
    else if (t.validTo < t.validFrom) problems.push('validTo is before validFrom');
  }

  if (!Number.isSafeInteger(t.totalStock) || t.totalStock < 1) problems.push('totalStock must be ≥ 1');
  if (!Number.isSafeInteger(t.perMemberLimit) || t.perMemberLimit < 1) problems.push('perMemberLimit must be ≥ 1');
  problems.push(...stockShardProblems(t.stockShards, t.totalStock));
  problems.push(...couponUsableTimesProblems(t));

  const channels = t.channels ?? [];
  if (channels.length === 0) problems.push('channels must name at least one channel');
  if (new Set(channels).size !== channels.length) problems.push('channels must not repeat');
  for (const c of channels) if (!COUPON_CHANNELS.includes(c)) problems.push(`unknown channel ${String(c)}`);
  if (channels.includes('center') && channels.includes('points'))
    problems.push('a template is either free in the claim centre or sold for points, not both');
  const hasCost = t.pointsCost !== undefined && t.pointsCost !== null;
  if (channels.includes('points') && !hasCost) problems.push('the points channel needs pointsCost');
  if (!channels.includes('points') && hasCost) problems.push('pointsCost needs the points channel');
  if (hasCost && !(Number.isSafeInteger(t.pointsCost) && t.pointsCost! >= 1)) problems.push('pointsCost must be ≥ 1');
  return problems;
}

/** What a template is now, as the edit and issue rules see it. */
export interface CouponTemplateState {
  status: CouponTemplateStatus;
  channels: readonly CouponChannel[];
  totalStock: number;
  issued: number;
  perMemberLimit: number;
  validDays: number | null;
  validFrom: LocalDate | null;
  validTo: LocalDate | null;
  minTier: TierCode | null;
}

/**
 * Everything wrong with an edit of a template that may already have issued coupons. Allowed:
 * title, description, totalStock (down to what is issued), perMemberLimit upwards, validTo later (window
 * templates only). Kind, amounts, threshold, channels, stores, tier, stacking and the validity
 * type are fixed once the template exists: issued coupons carry them.
 */
export function couponTemplateEditProblems(current: CouponTemplateState, patch: UpdateCouponTemplateRequest): string[] {
  const problems: string[] = [];
  if (patch.title !== undefined && patch.title.trim().length === 0) problems.push('title must not be empty');
  // Stock may go down, but never below what is issued (checked again under the row locks).
  if (
    patch.totalStock !== undefined &&
    !(Number.isSafeInteger(patch.totalStock) && patch.totalStock >= Math.max(1, current.issued))
  ) {
    problems.push(`totalStock cannot go below the ${current.issued} issued (nor below 1)`);
  }
  if (
    patch.perMemberLimit !== undefined &&
    !(Number.isSafeInteger(patch.perMemberLimit) && patch.perMemberLimit >= current.perMemberLimit)
  ) {
    problems.push(`perMemberLimit can only go up (now ${current.perMemberLimit})`);
  }
  if (patch.validTo !== undefined) {
    if (current.validTo === null) problems.push('validTo applies only to templates with a validity window');
    else if (!isLocalDate(patch.validTo)) problems.push('validTo must be a date YYYY-MM-DD');
    else if (patch.validTo < current.validTo) problems.push(`validTo can only move later (now ${current.validTo})`);
  }
  return problems;
}

export function templateValidity(t: Pick<CouponTemplateState, 'validDays' | 'validFrom' | 'validTo'>): CouponValidity {
  if (t.validDays !== null) return { type: 'days_after_claim', days: t.validDays };
  if (t.validFrom === null || t.validTo === null) throw new RangeError('a template has validDays or a window');
  return { type: 'window', validFrom: t.validFrom, validTo: t.validTo };
}

export type TemplateIssueRefusal = Refusal<
  'COUPON_TEMPLATE_PAUSED' | 'COUPON_NOT_APPLICABLE' | 'COUPON_EXPIRED' | 'COUPON_OUT_OF_STOCK',
  'channel_not_offered' | 'window_ended' | 'tier_too_low'
>;

function tierRank(tiers: readonly TierDefinition[], code: TierCode): number {
  return tiers.find((x) => x.code === code)?.growthThreshold ?? -1;
}

/**
 * May this template issue a coupon now through `channel` (to a member of `tierCode`, when
 * known)? The stock check here is a fast refusal only: the conditional UPDATE in the database
 * is what guarantees it.
 */
export function checkTemplateIssuable(
  t: CouponTemplateState,
  ctx: { channel: CouponChannel; now: Date; timeZone: string; tierCode?: TierCode; tiers?: readonly TierDefinition[] },
): { ok: true } | TemplateIssueRefusal {
  if (!t.channels.includes(ctx.channel)) return refuse('COUPON_NOT_APPLICABLE', 'channel_not_offered');
  if (t.status !== 'active') return refuse('COUPON_TEMPLATE_PAUSED');
  if (t.validTo !== null && toLocalDate(ctx.now, ctx.timeZone) > t.validTo) return refuse('COUPON_EXPIRED', 'window_ended');
  if (t.minTier && ctx.tierCode) {
    const tiers = ctx.tiers ?? DEFAULT_TIERS;
    if (tierRank(tiers, ctx.tierCode) < tierRank(tiers, t.minTier)) return refuse('COUPON_NOT_APPLICABLE', 'tier_too_low');
  }
  if (t.issued >= t.totalStock) return refuse('COUPON_OUT_OF_STOCK');
  return { ok: true };
}

/** The status a member sees: an available coupon past its validity is expired before the job marks it. */
export function couponEffectiveStatus(status: CouponStatus, expiresAt: Date, now: Date): CouponStatus {
  return status === 'available' && now.getTime() >= expiresAt.getTime() ? 'expired' : status;
}

/**
 * The year whose birthday coupon is due on `today`: members get it during their birthday month
 * (so a job that missed a day, or a birthday entered mid-month, still delivers), once per year.
 * Null when today is not in the birthday month or no birthday is known.
 */
export function birthdayGiftYear(birthday: LocalDate | null, today: LocalDate): number | null {
  if (!birthday || !isLocalDate(birthday)) return null;
  return birthday.slice(5, 7) === today.slice(5, 7) ? Number(today.slice(0, 4)) : null;
}

/**
 * Coupons come back on refund only when the order becomes FULLY refunded by this refund (the
 * refunds together reach what was paid). A partial refund keeps them used: the discount was
 * spread over the whole order and the rest of it is still bought with the coupon's help. A
 * coupon already past its validity is not given back (it would be dead on arrival).
 */
export function refundRestoresCoupons(input: { paidFen: number; refundedFen: number; refundFen: number }): boolean {
  return input.refundFen > 0 && input.refundedFen + input.refundFen >= input.paidFen;
}

export function couponRestorable(expiresAt: Date, now: Date): boolean {
  return now.getTime() < expiresAt.getTime();
}
