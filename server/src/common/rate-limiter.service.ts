// The one abuse limiter: fixed windows counted in PostgreSQL (rate_limit_bucket), so every
// instance draws on one budget. Each attempt is counted by ONE atomic upsert *before* the
// caller checks the password or code; the row lock of `ON CONFLICT DO UPDATE` serializes
// concurrent attempts on a key, so of N concurrent attempts exactly `budget` see a count within
// the budget, on however many instances. Callers reset (success proves knowledge) or refund
// (the attempt was not a guess) afterwards. Limits, keys and windows: docs/security.md.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { RateLimitName, RateLimitPolicy } from '../config/rate-limits.js';
import { CryptoService } from './crypto.service.js';
import { RateLimitedError } from './domain-error.js';
import type { ErrorCode } from '@huiyuan/shared';
import { sql } from './sql.js';

export interface RateLimitHit {
  /** Whether this attempt is within the budget. */
  allowed: boolean;
  /** Attempts in the window, this one included. */
  count: number;
  budget: number;
  /** Whole seconds until the window closes (≥ 1). */
  retryAfterSeconds: number;
}

// Invariant: per key and window, at most `budget` attempts get count ≤ budget. The statement
// both opens a fresh window (when the stored one has closed) and counts, under the row lock.
const HIT = `INSERT INTO rate_limit_bucket AS b (key, count, expires_at)
VALUES ($1, 1, now() + $2 * interval '1 millisecond')
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN b.expires_at <= now() THEN 1 ELSE b.count + 1 END,
  expires_at = CASE WHEN b.expires_at <= now() THEN EXCLUDED.expires_at ELSE b.expires_at END
RETURNING count, GREATEST(1, ceil(extract(epoch FROM b.expires_at - now())))::int AS retry_after`;

@Injectable()
export class RateLimiterService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly crypto: CryptoService,
  ) {}

  policy(name: RateLimitName): RateLimitPolicy {
    return this.config.rateLimits[name];
  }

  /** The stored key: the subject (address, account, member number) only as an HMAC digest. */
  private key(name: RateLimitName, subject: string): string {
    return `${name}:${this.crypto.lookupHash(`rate:${name}:${subject}`)}`;
  }

  /**
   * Counts one attempt: committed at once, outside any use-case transaction — or, given the
   * caller's transaction (`db`), as part of it, so an attempt the transaction rolls back (a
   * refused or replayed create) is not counted, and the bucket's row lock serializes the key's
   * attempts until commit.
   */
  async hit(name: RateLimitName, subject: string, db: DataSource | EntityManager = this.db): Promise<RateLimitHit> {
    const { budget, windowMs } = this.policy(name);
    const [row] = await sql<{ count: number; retry_after: number }>(db, HIT, [this.key(name, subject), windowMs]);
    return { allowed: row!.count <= budget, count: row!.count, budget, retryAfterSeconds: row!.retry_after };
  }

  /** Counts one attempt; past the budget throws 429 with Retry-After. */
  async consume(
    name: RateLimitName,
    subject: string,
    message: string,
    code: ErrorCode = 'RATE_LIMITED',
    db: DataSource | EntityManager = this.db,
  ): Promise<RateLimitHit> {
    const hit = await this.hit(name, subject, db);
    if (!hit.allowed) throw new RateLimitedError(message, hit.retryAfterSeconds, code);
    return hit;
  }

  /** Forgets the key's window (after a success that proves knowledge, e.g. the right password). */
  async reset(name: RateLimitName, subject: string): Promise<void> {
    await sql(this.db, 'DELETE FROM rate_limit_bucket WHERE key = $1', [this.key(name, subject)]);
  }

  /** Gives one attempt back (it turned out not to be a guess), never below zero. */
  async refund(name: RateLimitName, subject: string): Promise<void> {
    await sql(this.db, 'UPDATE rate_limit_bucket SET count = GREATEST(count - 1, 0) WHERE key = $1 AND expires_at > now()', [
      this.key(name, subject),
    ]);
  }

  /** Deletes closed windows (job `rate-limit-prune`); returns how many. */
  async prune(): Promise<number> {
    const rows = await sql<{ n: number }>(
      this.db,
      'WITH gone AS (DELETE FROM rate_limit_bucket WHERE expires_at <= now() RETURNING 1) SELECT count(*)::int AS n FROM gone',
    );
    return rows[0]?.n ?? 0;
  }
}
