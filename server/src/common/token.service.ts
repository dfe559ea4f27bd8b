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

  async verify(token: string): Promise<Principal & { tokenVersion: number }> {
    try {
      const { payload } = await jwtVerify(token, this.config.jwtSecret, { issuer: ISSUER, algorithms: ['HS256'] });
      const role = payload.role as Role;
      if (!payload.sub || !ROLES.includes(role)) throw DomainError.unauthenticated('invalid token');
      // Tokens signed before versions existed carry none: version 0, ended by the first bump.
      const tokenVersion = payload.ver === undefined ? 0 : payload.ver;
      if (typeof tokenVersion !== 'number' || !Number.isSafeInteger(tokenVersion)) {
        throw DomainError.unauthenticated('invalid token');
      }
      if (role === 'member') return { kind: 'member', id: payload.sub, role, tokenVersion };
      const storeId = typeof payload.storeId === 'string' ? payload.storeId : null;
      return { kind: 'staff', id: payload.sub, role: role as StaffRole, storeId, tokenVersion };
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (err instanceof errors.JWTExpired) throw DomainError.unauthenticated('token expired', 'TOKEN_EXPIRED');
      throw DomainError.unauthenticated('invalid token');
    }
  }
}
