// Helpers for loyalty tests: member codes, orders through the API, the reconciliation check.
import { memberCodeAt, nextMemberCode } from '@huiyuan/shared';
import { ReconciliationService } from '../../src/loyalty/reconciliation.service.js';
import type { LoggedInStaff } from './factories.js';
import type { TestApp } from './test-app.js';

export async function codeSeed(t: TestApp, memberId: string): Promise<{ codeId: number; secret: Buffer }> {
  const [row] = await t.db.query('SELECT code_id, code_secret FROM member WHERE id = $1', [memberId]);
  return { codeId: Number(row.code_id), secret: row.code_secret };
}

/** The code the member's phone would show at `at` (offline computation). */
export async function memberCode(t: TestApp, memberId: string, at = new Date()): Promise<string> {
  return memberCodeAt(await codeSeed(t, memberId), at).code;
}

let orderSeq = 0;
export const nextOrderNo = (prefix = 'POS') => `${prefix}-${process.pid}-${Date.now()}-${++orderSeq}`;

/** A code the server has not accepted yet: after a scan the phone shows the next one. */
export async function freshMemberCode(t: TestApp, memberId: string, at = new Date()): Promise<string> {
  const [row] = await t.db.query('SELECT code_last_step, code_last_counter FROM member WHERE id = $1', [memberId]);
  const step = Number(row.code_last_step);
  const lastUsed = step < 0 ? null : { step, counter: Number(row.code_last_counter) };
  return nextMemberCode(await codeSeed(t, memberId), at, lastUsed).code;
}

/** Scans the member's code at `staff`'s till; the identification id that lets an order spend. */
export async function identifyMember(t: TestApp, staff: LoggedInStaff, memberId: string): Promise<string> {
  const res = await t.http
    .post('/api/v1/cashier/identify')
    .set(staff.auth)
    .send({ memberCode: await freshMemberCode(t, memberId) });
  if (res.status !== 200) throw new Error(`identify failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.identification.id as string;
}

export function placeOrder(
  t: TestApp,
  cashier: LoggedInStaff,
  body: {
    memberId: string;
    amount: number;
    orderNo?: string;
    pointsToRedeem?: number;
    couponCodes?: string[];
    identificationId?: string;
    payWithBalance?: number;
    items?: { sku: string; name: string; category?: string; quantity: number; unitPrice: number }[];
  },
) {
  return t.http
    .post('/api/v1/cashier/orders')
    .set(cashier.auth)
    .send({ orderNo: nextOrderNo(), ...body });
}

/** Points through the admin adjustment API (no growth, so the tier stays put). */
export async function grantPoints(t: TestApp, admin: LoggedInStaff, memberId: string, points: number): Promise<void> {
  const res = await t.http
    .post(`/api/v1/admin/members/${memberId}/points-adjustments`)
    .set(admin.auth)
    .send({ delta: points, reason: '测试发放', idempotencyKey: `grant-${memberId}-${++orderSeq}` });
  if (res.status !== 201) throw new Error(`grant failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Every ledger invariant holds over the whole database. */
export async function expectLedgerConsistent(t: TestApp): Promise<void> {
  const violations = await t.app.get(ReconciliationService).check();
  if (violations.length > 0) throw new Error(`ledger invariants violated:\n${JSON.stringify(violations, null, 2)}`);
}
