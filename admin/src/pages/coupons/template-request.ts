// The create-template form's values and the request they make: yuan typed → fen sent, and only
// the fields the chosen kind, validity and channels use (the server refuses foreign ones).
import type { CouponChannel, CouponKind, CreateCouponTemplateRequest, TierCode } from '@huiyuan/shared';
import type { Dayjs } from 'dayjs';
import { yuanToFen } from '../../lib/format';

export interface Values {
  title: string;
  description?: string;
  kind: CouponKind;
  thresholdYuan?: number;
  amountOffYuan?: number;
  percentOff?: number;
  maxOffYuan?: number;
  totalStock: number;
  perMemberLimit: number;
  validity: 'days' | 'window';
  validDays?: number;
  window?: [Dayjs, Dayjs];
  channels: CouponChannel[];
  pointsCost?: number;
  minTier?: TierCode;
  stackable?: boolean;
  /** 仅每周…可用: ISO weekdays (none = every day). */
  validWeekdays?: number[];
  /** 使用时段, HH:MM each (blank = all day). */
  validTimeFrom?: string;
  validTimeTo?: string;
}

/** The request as the server takes it: fen, and only the fields this kind and validity use. */
export function toRequest(v: Values): CreateCouponTemplateRequest {
  const fen = (y: number | undefined) => (y === undefined || y === null ? undefined : (yuanToFen(y) ?? undefined));
  const req: CreateCouponTemplateRequest = {
    title: (v.title ?? '').trim(),
    kind: v.kind,
    totalStock: v.totalStock,
    perMemberLimit: v.perMemberLimit,
    channels: v.channels ?? [],
  };
  if (v.description?.trim()) req.description = v.description.trim();
  if (v.kind !== 'gift') {
    const threshold = fen(v.thresholdYuan);
    if (threshold !== undefined) req.threshold = threshold;
    if (v.stackable) req.stackable = true;
  }
  if (v.kind === 'cash') {
    const amountOff = fen(v.amountOffYuan);
    if (amountOff !== undefined) req.amountOff = amountOff;
  }
  if (v.kind === 'percent') {
    if (v.percentOff !== undefined && v.percentOff !== null) req.percentOff = v.percentOff;
    const maxOff = fen(v.maxOffYuan);
    if (maxOff !== undefined) req.maxOff = maxOff;
  }
  if (v.validity === 'days') {
    if (v.validDays !== undefined && v.validDays !== null) req.validDays = v.validDays;
  } else if (v.window) {
    req.validFrom = v.window[0].format('YYYY-MM-DD');
    req.validTo = v.window[1].format('YYYY-MM-DD');
  }
  if (req.channels.includes('points') && v.pointsCost !== undefined && v.pointsCost !== null) req.pointsCost = v.pointsCost;
  if (v.minTier) req.minTier = v.minTier;
  if (v.validWeekdays && v.validWeekdays.length > 0) req.validWeekdays = [...v.validWeekdays].sort((a, b) => a - b);
  if (v.validTimeFrom?.trim()) req.validTimeFrom = v.validTimeFrom.trim();
  if (v.validTimeTo?.trim()) req.validTimeTo = v.validTimeTo.trim();
  return req;
}
