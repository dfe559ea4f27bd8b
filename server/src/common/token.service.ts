// Signs and verifies our JWTs (HS256, via `jose`). Claims: sub, role, storeId (staff).
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

  async sign(principal: Principal): Promise<{ token: string; expiresIn: number }> {
    const expiresIn = principal.kind === 'member' ? MEMBER_TOKEN_TTL_SECONDS : STAFF_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({
      role: principal.role,
      ...(principal.kind === 'staff' ? { storeId: principal.storeId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.config.jwtSecret);
    return { token, expiresIn };
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.config.jwtSecret, { issuer: ISSUER, algorithms: ['HS256'] });
      const role = payload.role as Role;
      if (!payload.sub || !ROLES.includes(role)) throw DomainError.unauthenticated('invalid token');
      if (role === 'member') return { kind: 'member', id: payload.sub, role };
      const storeId = typeof payload.storeId === 'string' ? payload.storeId : null;
      return { kind: 'staff', id: payload.sub, role: role as StaffRole, storeId };
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (err instanceof errors.JWTExpired) throw DomainError.unauthenticated('token expired', 'TOKEN_EXPIRED');
      throw DomainError.unauthenticated('invalid token');
    }
  }
}
