// Staff password hashing with scrypt (node:crypto), parameters stored with the hash so they
// can be raised later without invalidating existing hashes.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { checkPassword, describePasswordProblems, passwordProblemText } from '@huiyuan/shared';
import { DomainError } from '../common/domain-error.js';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

const PARAMS = { N: 16384, r: 8, p: 1 };
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash to compare against when the username does not exist, so timing does not tell. */
export const DUMMY_HASH = await hashPassword(randomBytes(12).toString('hex'));

/**
 * The password policy (shared/src/rules/password-policy.ts) as a 422 WEAK_PASSWORD naming every
 * problem in `details`. The password itself never appears in the error or a log.
 */
export function assertPasswordPolicy(password: string, username: string): void {
  const decision = checkPassword(password, { username });
  if (decision.ok) return;
  throw new DomainError(
    'WEAK_PASSWORD',
    `password is too weak: ${describePasswordProblems(decision.problems)}`,
    decision.problems.map((reason) => ({ field: 'password', reason, message: passwordProblemText(reason) })),
  );
}
