// Coupon test helpers: templates through the admin API, coupons through the claim centre.
import type { CouponTemplateView, CreateCouponTemplateRequest } from '@huiyuan/shared';
import type { LoggedInMember, LoggedInStaff } from './factories.js';
import type { TestApp } from './test-app.js';

export const CASH_100_20: CreateCouponTemplateRequest = {
  title: '满100减20',
  kind: 'cash',
  threshold: 10_000,
  amountOff: 2_000,
  totalStock: 100,
  perMemberLimit: 1,
  validDays: 30,
  channels: ['center'],
};

export async function createTemplate(
  t: TestApp,
  admin: LoggedInStaff,
  over: Partial<CreateCouponTemplateRequest> = {},
): Promise<CouponTemplateView> {
  const res = await t.http
    .post('/api/v1/admin/coupon-templates')
    .set(admin.auth)
    .send({ ...CASH_100_20, ...over });
  if (res.status !== 201) throw new Error(`template failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CouponTemplateView;
}

export function claim(t: TestApp, member: LoggedInMember, templateId: string, body: Record<string, unknown> = {}) {
  return t.http.post(`/api/v1/coupons/center/${templateId}/claim`).set(member.auth).send(body);
}

/** A coupon in the member's wallet (claims one from a fresh centre template). */
export async function couponFor(
  t: TestApp,
  admin: LoggedInStaff,
  member: LoggedInMember,
  over: Partial<CreateCouponTemplateRequest> = {},
) {
  const template = await createTemplate(t, admin, over);
  const res = await claim(t, member, template.id);
  if (res.status !== 201) throw new Error(`claim failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { template, coupon: res.body as { id: string; code: string; status: string } };
}
