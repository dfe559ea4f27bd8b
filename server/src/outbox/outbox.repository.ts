// The outbox's SQL: adding a row in the caller's transaction, the relay's claim and settlement.
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { queueWrite, returning, sql, type DeferredBuild } from '../common/sql.js';
import { inTransaction } from '../common/transaction.js';

/** The channel the relay LISTENs on; NOTIFY is delivered only when the adding transaction commits. */
export const OUTBOX_CHANNEL = 'huiyuan_outbox';

export interface OutboxRow {
  id: string;
  topic: string;
  member_id: string | null;
  payload: unknown;
  attempts: number;
  claim_token: string;
}

@Injectable()
export class OutboxRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Inserts the row (nothing when the dedupe key exists) and wakes the relays on commit. Returns the id, or null. */
  /** Subscribes a dedicated connection to the wake-up NOTIFY of committed rows. */
  async listen(client: Pick<pg.Client, 'query'>): Promise<void> {
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
  }

  /**
   * Rows from the caller's SELECT of (topic, member_id, payload), queued for the transaction's next
   * round trip (queueWrite: synchronously, inside inTransaction only); ids follow the SELECT's ORDER BY, so a member's rows keep their order.
   * No NOTIFY: the relay's poll picks them up.
   */
  queueInsertSelect(tx: EntityManager, select: DeferredBuild): void {
    queueWrite(tx, () => {
      const s = select();
      return { text: `INSERT INTO outbox_message (topic, member_id, payload) ${s.text}`, values: s.values };
    });
  }

  async insert(
    tx: EntityManager,
    row: { topic: string; memberId: string | null; payload: unknown; dedupeKey: string | null; notify?: boolean },
  ): Promise<string | null> {
    if (row.notify === false) {
      const quiet = await sql<{ id: string }>(
        tx,
        `INSERT INTO outbox_message (topic, member_id, payload, dedupe_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        [row.topic, row.memberId, JSON.stringify(row.payload), row.dedupeKey],
      );
      return quiet[0]?.id ?? null;
    }
    const rows = await sql<{ id: string }>(
      tx,
      `WITH ins AS (
         INSERT INTO outbox_message (topic, member_id, payload, dedupe_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id)
       SELECT id, pg_notify('${OUTBOX_CHANNEL}', '') FROM ins`,
      [row.topic, row.memberId, JSON.stringify(row.payload), row.dedupeKey],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Claims up to `limit` due rows for one delivery attempt each: attempts + 1, a fresh claim token,
   * and a lease (available_at = now + lease) after which a crashed relay's row is due again.
   * SKIP LOCKED: concurrent relays never claim one row together. A member's row is skipped while an
   * earlier row of that member and topic is still pending (claimed, or waiting for its retry): one
   * member's rows of a topic are delivered one at a time, in id order (a webhook endpoint that is
   * down holds up that member's webhooks, not their WeChat messages). A batch has no two such rows.
   * Due: by the caller's clock or the database's, whichever is later (a row added by a database
   * whose clock runs ahead of this host is not held back). Oldest due first: (available_at, id),
   * the order of outbox_message_due_idx, so the scan stops after `limit` claimable rows instead of
   * testing every due row for an earlier one of its member and sorting them (with a backlog of
   * 10,000 rows that was ~30 ms of database CPU per claim; docs/webhooks.md "Figures").
   */
  async claim(now: Date, limit: number, leaseMs: number, token: string): Promise<OutboxRow[]> {
    return inTransaction(this.db, async (tx) => {
      // One round trip: the relaxed commit (relaxDurability) and a plan that walks the due index in
      // order. Without the hint, a table whose statistics are stale (new, or a backlog that grew
      // since the last ANALYZE) gets a bitmap scan of every due row and a sort — the cost above.
      await tx.query(`SET LOCAL synchronous_commit = off; SET LOCAL enable_sort = off`);
      return this.claimIn(tx, now, limit, leaseMs, token);
    });
  }

  /**
   * The relay's own bookkeeping (claims, delivered marks and their settle work) commits without
   * waiting for the WAL flush: a mark lost in a crash only means the row is delivered again,
   * which at-least-once delivery allows (and a settle is lost together with its mark). Saves a
   * disk flush per delivered row on the database the till commits to.
   */
  async relaxDurability(tx: EntityManager): Promise<void> {
    await tx.query(`SET LOCAL synchronous_commit = off`);
  }

  private async claimIn(tx: EntityManager, now: Date, limit: number, leaseMs: number, token: string): Promise<OutboxRow[]> {
    return returning<OutboxRow>(
      tx,
      `WITH next AS (
         SELECT o.id FROM outbox_message o
          WHERE o.status = 'pending' AND o.available_at <= GREATEST($1::timestamptz, now())
            AND (o.member_id IS NULL OR NOT EXISTS (
                  SELECT 1 FROM outbox_message e
                   WHERE e.member_id = o.member_id AND e.topic = o.topic AND e.status = 'pending' AND e.id < o.id))
          ORDER BY o.available_at, o.id
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       UPDATE outbox_message m
          SET attempts = m.attempts + 1, claim_token = $3, available_at = $1::timestamptz + $4 * interval '1 millisecond'
        WHERE m.id = ANY (ARRAY(SELECT id FROM next))
       RETURNING m.id, m.topic, m.member_id, m.payload, m.attempts, m.claim_token`,
      [now, limit, token, leaseMs],
    );
  }

  /** Marks claimed rows delivered at once; the ids still ours (a row whose lease ran out and another relay took is not). */
  async markDeliveredMany(tx: EntityManager, claims: { id: string; token: string }[], now: Date): Promise<Set<string>> {
    const rows = await sql<{ id: string }>(
      tx,
      `UPDATE outbox_message m SET status = 'delivered', delivered_at = $3, claim_token = NULL, last_error = NULL
         FROM unnest($1::bigint[], $2::uuid[]) AS c(id, token)
        WHERE m.id = c.id AND m.claim_token = c.token AND m.status = 'pending'
       RETURNING m.id`,
      [claims.map((c) => c.id), claims.map((c) => c.token), now],
    );
    return new Set(rows.map((r) => String(r.id)));
  }

  /** Marks the claimed row delivered; false when the claim is no longer ours (the lease ran out and another relay took it). */
  async markDelivered(tx: EntityManager, id: string, token: string, now: Date): Promise<boolean> {
    const rows = await returning<{ id: string }>(
      tx,
      `UPDATE outbox_message SET status = 'delivered', delivered_at = $3, claim_token = NULL, last_error = NULL
        WHERE id = $1 AND claim_token = $2 AND status = 'pending' RETURNING id`,
      [id, token, now],
    );
    return rows.length > 0;
  }

  /** Records a failed attempt: due again at `retryAt`, or dead once `maxAttempts` were made. */
  async markFailed(
    id: string,
    token: string,
    error: string,
    retryAt: Date,
    maxAttempts: number,
  ): Promise<'pending' | 'dead' | null> {
    const rows = await returning<{ status: 'pending' | 'dead' }>(
      this.db,
      `UPDATE outbox_message
          SET status = CASE WHEN attempts >= $5 THEN 'dead' ELSE 'pending' END,
              available_at = $4, last_error = $3, claim_token = NULL
        WHERE id = $1 AND claim_token = $2 AND status = 'pending' RETURNING status`,
      [id, token, error.slice(0, 1000), retryAt, maxAttempts],
    );
    return rows[0]?.status ?? null;
  }

  /** When the next pending row falls due (for the relay's timer), or null. */
  async nextDue(): Promise<Date | null> {
    const [row] = await sql<{ at: Date | null }>(
      this.db,
      `SELECT MIN(available_at) AS at FROM outbox_message WHERE status = 'pending'`,
    );
    return row?.at ?? null;
  }

  /** Delivered rows older than `before` go (dead rows stay for an operator to look at). */
  async pruneDelivered(before: Date): Promise<number> {
    const rows = await returning<{ id: string }>(
      this.db,
      `DELETE FROM outbox_message WHERE status = 'delivered' AND delivered_at < $1 RETURNING id`,
      [before],
    );
    return rows.length;
  }
}

/** Pending and dead rows, for /metrics. */
export async function outboxCounts(db: DataSource): Promise<{ pending: number; dead: number }> {
  const rows = await sql<{ status: string; n: number }>(
    db,
    `SELECT status, COUNT(*)::int AS n FROM outbox_message WHERE status IN ('pending', 'dead') GROUP BY status`,
  );
  const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { pending: n('pending'), dead: n('dead') };
}
