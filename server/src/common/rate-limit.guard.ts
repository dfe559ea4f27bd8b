// The per-address limit on the routes attackers like (logins, phone binding): budget
// HUIYUAN_LOGIN_RATE_LIMIT per minute per client address and route, counted in PostgreSQL by
// RateLimiterService so all instances share it. The address is Fastify's `req.ip`, which
// honours X-Forwarded-For only as far as HUIYUAN_TRUST_PROXY says.
// Not @nestjs/throttler: it is CommonJS requiring the ESM-only @nestjs/common 12, which Node 20
// runs but Jest's module system on Node 20 cannot load.
import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { RateLimitName } from '../config/rate-limits.js';
import type { Principal } from './auth.js';
import { RateLimiterService } from './rate-limiter.service.js';

@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiterService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<{ ip: string; routeOptions?: { url?: string } }>();
    await this.limiter.consume('login', `${req.ip}|${req.routeOptions?.url ?? ''}`, 'too many attempts; try again in a minute');
    return true;
  }
}

const PER_PRINCIPAL_KEY = 'huiyuan:rate-limit';

/**
 * A per-caller limit (e.g. coupon claims per member per second), keyed by the authenticated
 * principal's id and counted by RateLimiterService. Runs after the global AuthGuard.
 */
@Injectable()
export class PrincipalRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiterService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const name = this.reflector.get<RateLimitName | undefined>(PER_PRINCIPAL_KEY, context.getHandler());
    const req = context.switchToHttp().getRequest<{ principal?: Principal }>();
    if (!name || !req.principal) return true;
    await this.limiter.consume(name, req.principal.id, 'too many requests; slow down');
    return true;
  }
}

/** `@RateLimitPerCaller('couponClaim')` on a handler: the named limit per authenticated caller. */
export const RateLimitPerCaller = (name: RateLimitName) =>
  applyDecorators(
    SetMetadata(PER_PRINCIPAL_KEY, name),
    UseGuards(PrincipalRateLimitGuard),
    ApiTooManyRequestsResponse({ description: `RATE_LIMITED past the \`${name}\` budget (Retry-After)` }),
  );
