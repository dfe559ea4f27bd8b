// The abuse limits' names, default budgets and the `HUIYUAN_RATE_LIMITS` override syntax
// (`name=budget/window`, comma-separated; window like 1s, 15m, 1h). Enforced by
// common/rate-limiter.service.ts; every limit is explained in docs/security.md.
import { isIP } from 'node:net';

export const RATE_LIMIT_NAMES = [
  /** Logins and phone binding per client address and route (budget: HUIYUAN_LOGIN_RATE_LIMIT per minute). */
  'login',
  /** Wrong staff passwords per account: past the budget the account is locked, right password or not. */
  'staffPassword',
  /** Wrong member codes scanned per staff account. */
  'memberCodeStaff',
  /** Member-number + last-4 fallback: failed tries per member number. */
  'memberNoMember',
  /** Member-number + last-4 fallback: failed tries per staff account. */
  'memberNoStaff',
  /** Coupon claims per member. */
  'couponClaim',
  /** Feedback items sent per member (counted in the create's own transaction). */
  'feedback',
] as const;

export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

export interface RateLimitPolicy {
  budget: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMITS: Record<Exclude<RateLimitName, 'login'>, RateLimitPolicy> = {
  staffPassword: { budget: 5, windowMs: 15 * 60_000 },
  memberCodeStaff: { budget: 20, windowMs: 60 * 60_000 },
  memberNoMember: { budget: 5, windowMs: 60 * 60_000 },
  memberNoStaff: { budget: 10, windowMs: 60 * 60_000 },
  couponClaim: { budget: 5, windowMs: 1_000 },
  feedback: { budget: 10, windowMs: 24 * 60 * 60_000 },
};

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;
const ENTRY = /^([A-Za-z]+)=(\d{1,7})\/(\d{1,5})(s|m|h)$/;

/** Parses `HUIYUAN_RATE_LIMITS`; throws a message naming the first bad entry. */
export function parseRateLimits(raw: string): Partial<Record<RateLimitName, RateLimitPolicy>> {
  const out: Partial<Record<RateLimitName, RateLimitPolicy>> = {};
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = ENTRY.exec(entry);
    if (!m) throw new Error(`"${entry}" is not name=budget/window (e.g. couponClaim=5/1s)`);
    const name = m[1] as RateLimitName;
    if (!RATE_LIMIT_NAMES.includes(name)) throw new Error(`"${m[1]}" is not one of ${RATE_LIMIT_NAMES.join(', ')}`);
    const budget = Number(m[2]);
    const windowMs = Number(m[3]) * UNIT_MS[m[4] as keyof typeof UNIT_MS];
    if (budget < 1 || windowMs < 1_000) throw new Error(`"${entry}": budget and window must be at least 1 and 1s`);
    out[name] = { budget, windowMs };
  }
  return out;
}

const CIDR = /^(.+)\/(\d{1,3})$/;

/**
 * Parses `HUIYUAN_TRUST_PROXY` into Fastify's `trustProxy`: a hop count, or addresses/CIDRs.
 * Unset → false: `X-Forwarded-For` is ignored and the socket address is the client.
 */
export function parseTrustProxy(raw: string | undefined): number | string[] | false {
  if (raw === undefined) return false;
  if (/^\d{1,2}$/.test(raw)) return Number(raw) === 0 ? false : Number(raw);
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of list) {
    const cidr = CIDR.exec(item);
    const address = cidr ? cidr[1]! : item;
    const version = isIP(address);
    if (version === 0 || (cidr && Number(cidr[2]) > (version === 4 ? 32 : 128))) {
      throw new Error(`"${item}" is neither a hop count nor an IP address or CIDR`);
    }
  }
  return list;
}
