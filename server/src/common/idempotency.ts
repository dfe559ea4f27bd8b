// `Idempotency-Key` on admin creates (API.md "Second wave"). The `@Idempotent()` route decorator
// validates the header and puts the key in the request's async context; the first transaction
// that request opens through `inTransaction` (common/transaction.ts) then inserts the key row
// before running its work and stores the result after it — one transaction with the effect, so
// a key is never recorded without its effect nor the effect without its key. A second request
// with the key blocks on the primary key until the first commits, then replays its result; one
// that fails (or rolls back) leaves no key behind, so the client may retry it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiConflictResponse, ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from './auth.js';
import { DomainError } from './domain-error.js';
import { sql } from './sql.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Visible ASCII, 1–255 characters (the column is varchar(255)). */
const KEY = /^[\x21-\x7e]{1,255}$/;

interface IdempotencyContext {
  staffId: string;
  key: string;
  requestHash: string;
  /** Set once the first transaction took the key; later transactions of the request run plainly. */
  taken: boolean;
}

const current = new AsyncLocalStorage<IdempotencyContext>();

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are one request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHashOf(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${canonical(body ?? null)}`)
    .digest('hex');
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const raw = req.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined) return next.handle();
    if (typeof raw !== 'string' || !KEY.test(raw)) {
      throw DomainError.validation('Idempotency-Key must be 1-255 visible ASCII characters', [
        { field: 'Idempotency-Key', messages: ['must be 1-255 visible ASCII characters'] },
      ]);
    }
    const principal = req.principal;
    if (principal?.kind !== 'staff') return next.handle(); // only staff routes are decorated
    const ctx: IdempotencyContext = {
      staffId: principal.id,
      key: raw,
      // The path as sent (ids included), so one key cannot replay a create under another parent.
      requestHash: requestHashOf(req.method, req.url, req.body),
      taken: false,
    };
    return new Observable((subscriber) => current.run(ctx, () => next.handle().subscribe(subscriber)));
  }
}

/** On an admin create: accepts `Idempotency-Key` and replays the first response for it. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'optional, 1-255 visible ASCII characters, per staff account: a retry with the same key and body replays the first response and creates nothing',
    }),
    ApiConflictResponse({ description: 'IDEMPOTENCY_KEY_CONFLICT: the key was used with another request' }),
  );

/**
 * The transaction body `inTransaction` runs: `work` itself, or — for the first transaction of a
 * request carrying an `Idempotency-Key` — `work` guarded by the key.
 */
export function idempotentWork<T>(work: (tx: EntityManager) => Promise<T>): (tx: EntityManager) => Promise<T> {
  const ctx = current.getStore();
  if (!ctx || ctx.taken) return work;
  ctx.taken = true;
  return async (tx) => {
    // Invariant: one effect per (staff, key). The primary key makes a concurrent twin wait here
    // until this transaction ends; it then sees the committed row (or inserts, after a rollback).
    const inserted = await sql(
      tx,
      'INSERT INTO idempotency_key (staff_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS one',
      [ctx.staffId, ctx.key, ctx.requestHash],
    );
    if (inserted.length === 0) {
      const rows = await sql<{ request_hash: string; response: T }>(
        tx,
        'SELECT request_hash, response FROM idempotency_key WHERE staff_id = $1 AND key = $2',
        [ctx.staffId, ctx.key],
      );
      const first = rows[0];
      if (!first || first.request_hash !== ctx.requestHash) {
        throw new DomainError('IDEMPOTENCY_KEY_CONFLICT', 'this Idempotency-Key was used for a different request');
      }
      return first.response;
    }
    const result = await work(tx);
    await sql(tx, 'UPDATE idempotency_key SET response = $3 WHERE staff_id = $1 AND key = $2', [
      ctx.staffId,
      ctx.key,
      JSON.stringify(result ?? null),
    ]);
    return result;
  };
}

/**
 * Keys older than 7 days are forgotten (housekeeping job): a retry comes within minutes, and
 * Stripe keeps keys 24 h. A request replayed after that creates anew.
 */
export async function pruneIdempotencyKeys(db: DataSource, now = new Date()): Promise<{ deleted: number }> {
  const rows = await sql(
    db,
    "DELETE FROM idempotency_key WHERE created_at < $1::timestamptz - interval '7 days' RETURNING 1 AS one",
    [now],
  );
  return { deleted: rows.length };
}
