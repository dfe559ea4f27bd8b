// A fixed-window rate limit for the routes attackers like (logins, phone binding), per client
// address and route. In-process: each server instance counts on its own, which bounds abuse per
// instance; a shared limiter (e.g. in PostgreSQL) can replace it behind the same decorator.
// Not @nestjs/throttler: it is CommonJS requiring the ESM-only @nestjs/common 12, which Node 20
// runs but Jest's module system on Node 20 cannot load.
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainError } from './domain-error.js';

const WINDOW_MS = 60_000;

@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ ip: string; routeOptions?: { url?: string } }>();
    const now = Date.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.counts = new Map();
    }
    const key = `${req.ip}|${req.routeOptions?.url ?? ''}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count > this.config.loginRateLimit) {
      throw new DomainError('RATE_LIMITED', 429, 'too many attempts; try again in a minute');
    }
    return true;
  }
}
