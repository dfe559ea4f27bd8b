// Delivers committed outbox rows to their topic's handler. Woken by NOTIFY (sent inside the adding
// transaction, so it arrives only once the row is visible) and by a slow poll as a backstop (a
// missed notification, a retry falling due). Started by the jobs wiring where HUIYUAN_JOBS is on;
// tests call drain() directly. See docs/architecture.md "After the commit: the outbox".
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { inTransaction } from '../common/transaction.js';
import { retryDelayMs } from './backoff.js';
import { OutboxRepository, type OutboxRow } from './outbox.repository.js';
import { OutboxService, type OutboxBatchHandler, type OutboxDelivery, type OutboxSettle } from './outbox.service.js';

/** A claimed row its handler sent, waiting to be marked delivered (with the handler's settle work). */
interface Sent {
  row: OutboxRow;
  settle: OutboxSettle | null;
}

/** Rows claimed per round (no two of one member and topic; delivered concurrently). */
const BATCH = 20;
/** A claimed row is due again after this if its relay never settles it (crash). */
const LEASE_MS = 60_000;
/** The poll: the backstop for notifications, and the wake-up of rows added without one (`notify: false`). */
const POLL_MS = 1_000;

export interface DrainResult {
  delivered: number;
  retrying: number;
  dead: number;
}

@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('Outbox');
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  private connecting = false;
  private stopped = true;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: OutboxRepository,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Delivers every row due at `now` (and the rows they unblock) until none is left; rows that
   * fail wait for their retry, so this always ends. Safe to run concurrently, here or elsewhere.
   */
  async drain(now: () => Date = () => new Date()): Promise<DrainResult> {
    const out: DrainResult = { delivered: 0, retrying: 0, dead: 0 };
    for (;;) {
      const token = randomUUID();
      const rows = await this.repo.claim(now(), BATCH, LEASE_MS, token);
      if (rows.length === 0) return out;
      const attempts = await this.attempt(rows, now);
      const sent = attempts.filter((a): a is Sent => typeof a === 'object' && a !== null);
      for (const a of attempts) if (typeof a === 'string') out[a]++;
      out.delivered += await this.settle(sent, now);
    }
  }

  /**
   * The batch's sent rows marked delivered, with their handlers' settle work, in ONE transaction
   * (one UPDATE of the outbox rows; webhook marks gather into one UPDATE too): a few round trips
   * per batch instead of five per row. Should that transaction fail, each row is settled alone, so
   * one bad settle cannot fail the others (and is retried as before). Returns how many were ours.
   */
  private async settle(sent: Sent[], now: () => Date): Promise<number> {
    if (sent.length === 0) return 0;
    try {
      return await inTransaction(this.db, async (tx) => {
        await this.repo.relaxDurability(tx);
        const mine = await this.repo.markDeliveredMany(
          tx,
          sent.map(({ row }) => ({ id: String(row.id), token: row.claim_token })),
          now(),
        );
        for (const { row, settle } of sent) if (settle && mine.has(String(row.id))) await settle(tx);
        return mine.size;
      });
    } catch {
      const one = await Promise.all(sent.map((s) => this.settleOne(s, now)));
      return one.filter((r) => r === 'delivered').length;
    }
  }

  /**
   * Runs the claimed rows' handlers, concurrently: one call per registration with all its rows (a
   * family such as `webhook.*` gets every endpoint's rows together). Per row, the sent row (to
   * settle) or what became of a failed one — a row's failure is its own, the others still settle.
   */
  private async attempt(rows: OutboxRow[], now: () => Date): Promise<(Sent | keyof DrainResult | null)[]> {
    const groups = new Map<OutboxBatchHandler | undefined, OutboxRow[]>();
    for (const row of rows) {
      const handler = this.outbox.batchHandlerFor(row.topic);
      const group = groups.get(handler);
      if (group) group.push(row);
      else groups.set(handler, [row]);
    }
    const results = await Promise.all(
      [...groups].map(async ([handler, group]): Promise<(Sent | keyof DrainResult | null)[]> => {
        if (!handler)
          return Promise.all(group.map((row) => this.failed(row, new Error(`no handler for outbox topic ${row.topic}`), now)));
        let outcomes;
        try {
          outcomes = await handler(group.map(deliveryOf));
          if (outcomes.length !== group.length)
            throw new Error(`outbox batch handler answered ${outcomes.length} outcomes for ${group.length} messages`);
        } catch (err) {
          return Promise.all(group.map((row) => this.failed(row, err, now)));
        }
        return Promise.all(
          group.map(async (row, i): Promise<Sent | keyof DrainResult | null> => {
            const outcome = outcomes[i]!;
            return 'error' in outcome ? this.failed(row, outcome.error, now) : { row, settle: outcome.settle };
          }),
        );
      }),
    );
    return results.flat();
  }

  /** One row's settle transaction (the fallback when its batch's failed). */
  private async settleOne({ row, settle }: Sent, now: () => Date): Promise<keyof DrainResult | null> {
    try {
      const mine = await inTransaction(this.db, async (tx) => {
        await this.repo.relaxDurability(tx);
        const ok = await this.repo.markDelivered(tx, row.id, row.claim_token, now());
        if (ok && settle) await settle(tx);
        return ok;
      });
      return mine ? 'delivered' : null;
    } catch (err) {
      return this.failed(row, err, now);
    }
  }

  /** A failed attempt: due again after a backoff, or dead after the topic's attempts. */
  private async failed(row: OutboxRow, err: unknown, now: () => Date): Promise<keyof DrainResult | null> {
    const message = err instanceof Error ? err.message : String(err);
    const policy = this.outbox.policyFor(row.topic);
    const retryAt = new Date(now().getTime() + retryDelayMs(row.attempts, Math.random(), policy.maxDelayMs));
    const maxAttempts = policy.maxAttempts ?? this.config.outboxMaxAttempts;
    const status = await this.repo.markFailed(row.id, row.claim_token, message, retryAt, maxAttempts);
    if (status && policy.failed) {
      await policy
        .failed(deliveryOf(row), status === 'dead' ? null : retryAt, message)
        .catch((e: Error) =>
          this.logger.warn({ id: row.id, topic: row.topic, err: { message: e.message } }, 'outbox failure hook failed'),
        );
    }
    if (status === 'dead') {
      this.logger.error({ id: row.id, topic: row.topic, attempts: row.attempts, err: { message } }, 'outbox message dead');
      return 'dead';
    }
    this.logger.warn(
      { id: row.id, topic: row.topic, attempts: row.attempts, retryAt, err: { message } },
      'outbox delivery failed',
    );
    return status ? 'retrying' : null;
  }

  /** Starts listening and polling (where jobs run). `pollMs`: tests lengthen it to prove the NOTIFY wake-up. */
  async start(options: { pollMs?: number } = {}): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.timer = setInterval(() => {
      if (!this.listener) void this.listen();
      this.kick();
    }, options.pollMs ?? POLL_MS);
    this.timer.unref();
    this.kick();
  }

  /** Stops waking; waits for the round in flight (its rows are settled, or retried after their lease). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.running;
  }

  /** Runs a drain now, or once more after the one in flight (notifications coalesce). */
  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: Error) => this.logger.error({ err: { message: err.message } }, 'outbox relay round failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async listen(): Promise<void> {
    const url = (this.db.options as { url?: string }).url;
    if (!url || this.stopped || this.connecting) return;
    this.connecting = true;
    const client = new pg.Client({ connectionString: url, application_name: 'huiyuan-outbox' });
    client.on('notification', () => this.kick());
    client.on('error', (err: Error) => {
      // The poll reconnects; until then it is the backstop.
      this.logger.warn({ err: { message: err.message } }, 'outbox listener lost');
      if (this.listener === client) this.listener = null;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await this.repo.listen(client);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.listener = client;
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message } }, 'outbox listener could not connect');
      await client.end().catch(() => undefined);
    } finally {
      this.connecting = false;
    }
  }

  /** Housekeeping: delivered rows older than 7 days go. */
  async prune(now = new Date()): Promise<number> {
    return this.repo.pruneDelivered(new Date(now.getTime() - 7 * 86_400_000));
  }
}

function deliveryOf(row: OutboxRow): OutboxDelivery {
  return { id: row.id, topic: row.topic, memberId: row.member_id, payload: row.payload, attempts: row.attempts };
}
