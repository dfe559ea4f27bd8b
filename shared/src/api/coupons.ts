export type CouponKind = 'cash' | 'percent' | 'gift';
export type CouponStatus = 'available' | 'used' | 'expired';

/** A coupon in a member's wallet (API.md). */
export interface Coupon {
  id: string;
  code: string;
  templateId: string;
  title: string;
  kind: CouponKind;
  status: CouponStatus;
  validFrom: string;
  validTo: string;
  threshold?: number;
  amountOff?: number;
  percentOff?: number;
}
