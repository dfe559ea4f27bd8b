// The one guard: token → principal, role check, privacy consent for members, store scope for
// staff. Every route must declare @Public() or @Roles(...); a route with neither is refused, so
// forgetting to decide is safe.
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { CURRENT_PRIVACY_POLICY } from '../members/privacy-policy.js';
import { CONSENT_EXEMPT_KEY, PUBLIC_KEY, ROLES_KEY, STORE_SCOPE_KEY, type Principal } from './auth.js';
import { DomainError } from './domain-error.js';
import { TokenService } from './token.service.js';
import { MemberRepository } from '../members/member.repository.js';
import { StaffRepository } from '../identity/staff.repository.js';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  principal?: Principal;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @Inject(DataSource) private readonly db: DataSource,
    private readonly members: MemberRepository,
    private readonly staff: StaffRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);
    const header = req.headers.authorization;

    if (isPublic) {
      // Public routes still learn who is calling when a valid token comes along.
      if (typeof header === 'string' && header.startsWith('Bearer ')) {
        req.principal = await this.tokens.verify(header.slice(7)).catch(() => undefined);
      }
      return true;
    }
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) throw DomainError.unauthenticated();
    const principal = await this.tokens.verify(header.slice(7).trim());

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || !roles.includes(principal.role))
      throw DomainError.forbidden(`this route is not open to role ${principal.role}`);

    if (principal.kind === 'member') {
      const member = await this.members.authState(this.db, principal.id);
      if (!member || member.status === 'deleted') throw DomainError.unauthenticated('member no longer exists');
      // Logout bumps the row's version: every token signed before it is refused from then on.
      if (principal.tokenVersion !== member.token_version)
        throw DomainError.unauthenticated('this session has ended; log in again');
      if (member.status === 'frozen') throw DomainError.forbidden('this membership is frozen', 'MEMBER_FROZEN');
      const exempt = this.reflector.getAllAndOverride<boolean>(CONSENT_EXEMPT_KEY, targets);
      if (!exempt && member.consent_version !== CURRENT_PRIVACY_POLICY.version) {
        throw DomainError.forbidden('accept the current privacy policy first', 'CONSENT_REQUIRED');
      }
    } else {
      const staff = await this.staff.authState(this.db, principal.id);
      // A token outlives a role change or a disabled account by at most nothing: check each time.
      // Logout, a password reset, disabling and role/store changes also bump the token version.
      if (
        !staff ||
        staff.disabled ||
        staff.role !== principal.role ||
        staff.store_id !== principal.storeId ||
        principal.tokenVersion !== staff.token_version
      ) {
        throw DomainError.unauthenticated('staff account changed; log in again');
      }
      principal.storeCurrency = staff.store_currency;
      const scope = this.reflector.getAllAndOverride<string | undefined>(STORE_SCOPE_KEY, targets);
      if (scope && principal.role !== 'admin') {
        const [where, key] = scope.split('.') as ['params' | 'query' | 'body', string];
        const named = req[where]?.[key];
        if (named !== undefined && named !== principal.storeId) {
          throw DomainError.forbidden('this store is outside your scope', 'STORE_SCOPE');
        }
      }
    }
    req.principal = principal;
    return true;
  }
}
