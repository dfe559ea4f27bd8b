// The signature scheme (Stripe's): `Huiyuan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
// "<t>.<raw body>")>`, with one `v1=` per secret in force (the new one first while a rotated-out
// secret is still in its grace period). docs/webhooks.md has a receiver that verifies it.
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

export const SIGNATURE_HEADER = 'huiyuan-signature';

/** `secret`: the secret itself, or a key object made from it once (`createSecretKey`: the sender caches one per secret). */
export function signPayload(secret: string | KeyObject, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export function signatureHeader(secrets: (string | KeyObject)[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${signPayload(s, timestamp, body)}`)].join(',');
}

/** A receiver's check (used by tests and the bench): some v1 matches and t is within `toleranceS` of now. */
export function verifySignature(header: string, body: string, secret: string, nowS: number, toleranceS = 300): boolean {
  const parts = header.split(',').map((p) => p.split('=') as [string, string]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS) return false;
  const expected = Buffer.from(signPayload(secret, t, body), 'hex');
  return parts.some(([k, v]) => k === 'v1' && v.length === 64 && timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
