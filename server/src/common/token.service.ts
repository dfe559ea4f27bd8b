// Signs and verifies our JWTs (HS256, via `jose`). Claims: sub, role, storeId (staff), ver (the
// account's token version; the auth guard refuses a token older than the row's).
import { Inject, Injectable } from '@nestjs/common';
import type { Role, StaffRole } from '@huiyuan/shared';
import { errors, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError } from './domain-error.js';
import type { Principal } from './auth.js';

const ISSUER = 'huiyuan';
export const MEMBER_TOKEN_TTL_SECONDS = 7 * 24 * 3600;
export const STAFF_TOKEN_TTL_SECONDS = 12 * 3600;
const ROLES: readonly Role[] = ['member', 'cashier', 'manager', 'admin'];
/** Verified tokens kept per process (a few MB at most). */
const VERIFIED_CACHE_SIZE = 10_000;

@Injectable()
export class TokenService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** `tokenVersion` is the account row's current `token_version`; an older one is refused by the guard. */
  async sign(principal: Principal, tokenVersion = 0): Promise<{ token: string; expiresIn: number }> {
    const expiresIn = principal.kind === 'member' ? MEMBER_TOKEN_TTL_SECONDS : STAFF_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({
      role: principal.role,
      ...(principal.kind === 'staff' ? { storeId: principal.storeId } : {}),
      ver: tokenVersion,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.config.jwtSecret);
    return { token, expiresIn };
  }

  /**
   * Tokens this process verified, until they expire: a till sends one token all day, and checking
   * its HMAC through WebCrypto cost ~0.2 ms of CPU per request. Only the signature and claims check
   * is skipped; the guard still compares the token version with the account row on every request,
   * so logout, a disabled account or a role change end the token at once, cached or not.
   */
  private readonly verified = new Map<string, { principal: Principal & { tokenVersion: number }; expiresAtMs: number }>();

  async verify(token: string): Promise<Principal & { tokenVersion: number }> {
    const hit = this.verified.get(token);
    if (hit && Date.now() < hit.expiresAtMs) return { ...hit.principal };
    if (hit) this.verified.delete(token);
    const principal = await this.verifySignature(token);
    return principal;
  }

  private remember(token: string, principal: Principal & { tokenVersion: number }, exp: number | undefined): void {
    if (exp === undefined) return;
    // Bounded: the oldest entry goes first (Map keeps insertion order).
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal: { ...principal }, expiresAtMs: exp * 1000 });
  }

  private async verifySignature(token: string): Promise<Principal & { tokenVersion: number }> {
    try {
      const { payload } = await jwtVerify(token, this.config.jwtSecret, { issuer: ISSUER, algorithms: ['HS256'] });
      const role = payload.role as Role;
      if (!payload.sub || !ROLES.includes(role)) throw DomainError.unauthenticated('invalid token');
      // Tokens signed before versions existed carry none: version 0, ended by the first bump.
      const tokenVersion = payload.ver === undefined ? 0 : payload.ver;
      if (typeof tokenVersion !== 'number' || !Number.isSafeInteger(tokenVersion)) {
        throw DomainError.unauthenticated('invalid token');
      }
      const storeId = typeof payload.storeId === 'string' ? payload.storeId : null;
      const principal: Principal & { tokenVersion: number } =
        role === 'member'
          ? { kind: 'member', id: payload.sub, role, tokenVersion }
          : { kind: 'staff', id: payload.sub, role: role as StaffRole, storeId, tokenVersion };
      this.remember(token, principal, payload.exp);
      return { ...principal };
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (err instanceof errors.JWTExpired) throw DomainError.unauthenticated('token expired', 'TOKEN_EXPIRED');
      throw DomainError.unauthenticated('invalid token');
    }
  }
}
