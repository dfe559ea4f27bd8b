// Raw rows of the coupon tables and their API views (controllers return views, never entities).
import {
  addDays,
  couponEffectiveStatus,
  couponUsableTimesText,
  toLocalDate,
  type Coupon,
  type CouponChannel,
  type CouponForOrder,
  type CouponKind,
  type CouponStatus,
  type CouponTemplateState,
  type CouponTemplateStatus,
  type CouponTemplateView,
  type TierCode,
} from '@huiyuan/shared';

export interface TemplateRow {
  id: string;
  title: string;
  description: string | null;
  kind: CouponKind;
  threshold: number;
  amount_off: number | null;
  percent_off: number | null;
  max_off: number | null;
  stackable: boolean;
  store_ids: string[] | null;
  min_tier: TierCode | null;
  valid_weekdays: number[] | null;
  valid_time_from: string | null;
  valid_time_to: string | null;
  total_stock: number;
  issued: number;
  per_member_limit: number;
  valid_days: number | null;
  valid_from: string | null;
  valid_to: string | null;
  points_cost: number | null;
  channels: CouponChannel[];
  status: CouponTemplateStatus;
  /** 1 = the stock is the template row; N = N coupon_stock_shard rows. */
  stock_shards: number;
  created_at: Date;
  updated_at: Date;
  /** `updated_at` as PostgreSQL prints it (microseconds): the version the lean claim checks. */
  revision: string;
}

export interface CouponRow {
  id: string;
  code: string;
  template_id: string;
  member_id: string;
  channel: CouponChannel;
  status: CouponStatus;
  kind: CouponKind;
  threshold: number;
  amount_off: number | null;
  percent_off: number | null;
  max_off: number | null;
  stackable: boolean;
  store_ids: string[] | null;
  min_tier: TierCode | null;
  valid_weekdays: number[] | null;
  valid_time_from: string | null;
  valid_time_to: string | null;
  valid_from: Date;
  expires_at: Date;
  used_at: Date | null;
  used_order_id: string | null;
  claimed_at: Date;
  /** From the template (wording may be edited after issue). */
  title: string;
  description: string | null;
}

/** Selects a coupon with its template's wording; alias the coupon table `c`. */
export const COUPON_COLUMNS = `c.id, c.code, c.template_id, c.member_id, c.channel, c.status, c.kind, c.threshold, c.amount_off,
  c.percent_off, c.max_off, c.stackable, c.store_ids, c.min_tier, c.valid_weekdays, c.valid_time_from, c.valid_time_to, c.valid_from, c.expires_at, c.used_at, c.used_order_id,
  c.claimed_at, t.title, t.description`;

export function templateState(t: TemplateRow): CouponTemplateState {
  return {
    status: t.status,
    channels: t.channels,
    totalStock: t.total_stock,
    issued: t.issued,
    perMemberLimit: t.per_member_limit,
    validDays: t.valid_days,
    validFrom: t.valid_from,
    validTo: t.valid_to,
    minTier: t.min_tier,
  };
}

const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;

type UsableTimesRow = Pick<TemplateRow, 'valid_weekdays' | 'valid_time_from' | 'valid_time_to'>;

/** The weekday / hour terms as the API shows them (absent when none). */
export function usableTimesView(r: UsableTimesRow): { validWeekdays?: number[]; validTimeFrom?: string; validTimeTo?: string } {
  return {
    ...(r.valid_weekdays && r.valid_weekdays.length > 0 ? { validWeekdays: r.valid_weekdays } : {}),
    ...(present(r.valid_time_from) && present(r.valid_time_to)
      ? { validTimeFrom: r.valid_time_from, validTimeTo: r.valid_time_to }
      : {}),
  };
}

/** 仅每周三 10:00–14:00可用, or null. */
export function usableTimesText(r: UsableTimesRow): string | null {
  return couponUsableTimesText({
    validWeekdays: r.valid_weekdays,
    validTimeFrom: r.valid_time_from,
    validTimeTo: r.valid_time_to,
  });
}

export function toTemplateView(t: TemplateRow): CouponTemplateView {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    kind: t.kind,
    ...(t.kind !== 'gift' ? { threshold: t.threshold } : {}),
    ...(present(t.amount_off) ? { amountOff: t.amount_off } : {}),
    ...(present(t.percent_off) ? { percentOff: t.percent_off } : {}),
    ...(present(t.max_off) ? { maxOff: t.max_off } : {}),
    totalStock: t.total_stock,
    issued: t.issued,
    remaining: t.total_stock - t.issued,
    stockShards: t.stock_shards,
    perMemberLimit: t.per_member_limit,
    ...(present(t.valid_days) ? { validDays: t.valid_days } : {}),
    ...(present(t.valid_from) ? { validFrom: t.valid_from } : {}),
    ...(present(t.valid_to) ? { validTo: t.valid_to } : {}),
    ...(present(t.points_cost) ? { pointsCost: t.points_cost } : {}),
    channels: t.channels,
    ...(t.store_ids && t.store_ids.length > 0 ? { stores: t.store_ids } : {}),
    ...(present(t.min_tier) ? { minTier: t.min_tier } : {}),
    ...usableTimesView(t),
    stackable: t.stackable,
    status: t.status,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
  };
}

export function toCouponView(c: CouponRow, now: Date, timeZone: string): Coupon {
  return {
    id: c.id,
    code: c.code,
    templateId: c.template_id,
    title: c.title,
    kind: c.kind,
    status: couponEffectiveStatus(c.status, c.expires_at, now),
    validFrom: toLocalDate(c.valid_from, timeZone),
    // expires_at is the start of the local day after the last valid day.
    validTo: addDays(toLocalDate(c.expires_at, timeZone), -1),
    ...(c.kind !== 'gift' ? { threshold: c.threshold } : {}),
    ...(present(c.amount_off) ? { amountOff: c.amount_off } : {}),
    ...(present(c.percent_off) ? { percentOff: c.percent_off } : {}),
    ...(present(c.max_off) ? { maxOff: c.max_off } : {}),
    description: c.description,
    stackable: c.stackable,
    ...(c.store_ids && c.store_ids.length > 0 ? { storeIds: c.store_ids } : {}),
    ...(present(c.min_tier) ? { minTier: c.min_tier } : {}),
    ...usableTimesView(c),
    ...(usableTimesText(c) ? { usableTimes: usableTimesText(c)! } : {}),
    channel: c.channel,
    expiresAt: c.expires_at.toISOString(),
    claimedAt: c.claimed_at.toISOString(),
    usedAt: c.used_at?.toISOString() ?? null,
  };
}

/** The coupon as the shared order rules see it. */
export function toCouponForOrder(c: CouponRow): CouponForOrder {
  return {
    id: c.id,
    status: c.status,
    validFrom: c.valid_from,
    expiresAt: c.expires_at,
    terms: {
      kind: c.kind,
      threshold: c.threshold,
      amountOff: c.amount_off,
      percentOff: c.percent_off,
      maxOff: c.max_off,
      stackable: c.stackable,
      storeIds: c.store_ids,
      minTier: c.min_tier,
      validWeekdays: c.valid_weekdays,
      validTimeFrom: c.valid_time_from,
      validTimeTo: c.valid_time_to,
    },
  };
}
