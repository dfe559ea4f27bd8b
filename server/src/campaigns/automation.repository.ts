// The SQL of automation and automation_run (docs/campaigns.md "Automations"). Occurrences are
// recorded by INSERT … SELECT over the enabled automations of a trigger — in the trigger's own
// transaction (deferred, so the till pays no round trip) or by the daily scans, which read the
// analytics stage changes (module-boundaries.spec.ts, CROSS_MODULE_READS).
import { Injectable } from '@nestjs/common';
import type { AutomationAction, AutomationTriggerCode } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { ExportRow } from '@huiyuan/shared';
import { exportRows } from '../common/export-rows.js';
import { deferSql, returning } from '../common/sql.js';

type Db = Pick<DataSource | EntityManager, 'query'>;

export interface AutomationRow {
  id: string;
  name: string;
  trigger_code: AutomationTriggerCode;
  trigger_args: Record<string, unknown>;
  action: AutomationAction;
  delay_minutes: number;
  enabled: boolean;
  builtin_code: string | null;
  created_at: Date;
  updated_at: Date;
  fired: number;
  delivered: number;
}

export interface DueRun {
  id: string;
  automation_id: string;
  member_id: string;
  occurrence: string;
  name: string;
  action: AutomationAction;
  enabled: boolean;
}

const COLUMNS = `a.id, a.name, a.trigger_code, a.trigger_args, a.action, a.delay_minutes, a.enabled, a.builtin_code, a.created_at, a.updated_at,
  (SELECT count(*)::int FROM automation_run r WHERE r.automation_id = a.id) AS fired,
  (SELECT count(*)::int FROM automation_run r WHERE r.automation_id = a.id AND r.state = 'delivered') AS delivered`;

@Injectable()
export class AutomationRepository {
  async insert(
    tx: Db,
    a: {
      name: string;
      triggerCode: string;
      triggerArgs: Record<string, unknown>;
      action: AutomationAction;
      delayMinutes: number;
      enabled: boolean;
      createdBy: string;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO automation (name, trigger_code, trigger_args, action, delay_minutes, enabled, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [a.name, a.triggerCode, JSON.stringify(a.triggerArgs), JSON.stringify(a.action), a.delayMinutes, a.enabled, a.createdBy],
    );
    return rows[0]!.id;
  }

  list(db: Db): Promise<AutomationRow[]> {
    return db.query(
      `SELECT ${COLUMNS} FROM automation a ORDER BY a.builtin_code IS NULL, array_position(ARRAY['welcome_coupons', 'birthday_coupons', 'expiry_reminder'], a.builtin_code), a.created_at, a.id`,
    );
  }

  async get(db: Db, id: string, lock = false): Promise<AutomationRow | undefined> {
    const rows: AutomationRow[] = await db.query(
      `SELECT ${COLUMNS} FROM automation a WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`,
      [id],
    );
    return rows[0];
  }

  async byBuiltin(db: Db, code: string): Promise<AutomationRow | undefined> {
    const rows: AutomationRow[] = await db.query(`SELECT ${COLUMNS} FROM automation a WHERE a.builtin_code = $1`, [code]);
    return rows[0];
  }

  async update(
    tx: Db,
    id: string,
    a: {
      name: string;
      triggerCode: string;
      triggerArgs: Record<string, unknown>;
      action: AutomationAction;
      delayMinutes: number;
      enabled: boolean;
    },
  ): Promise<void> {
    await tx.query(
      `UPDATE automation SET name = $2, trigger_code = $3, trigger_args = $4, action = $5, delay_minutes = $6, enabled = $7, updated_at = now() WHERE id = $1`,
      [id, a.name, a.triggerCode, JSON.stringify(a.triggerArgs), JSON.stringify(a.action), a.delayMinutes, a.enabled],
    );
  }

  /**
   * Queues one occurrence for every enabled custom automation of `trigger` (built-ins excluded
   * unless `builtins`), in the caller's transaction, sent with its next statement. `onlyIf` is an
   * extra SQL condition over the same parameters ($1 member, $2 occurrence, $3 now, then `extra`).
   */
  observe(
    tx: EntityManager,
    trigger: AutomationTriggerCode,
    memberId: string,
    occurrence: string,
    now: Date,
    opts: { onlyIf?: string; extra?: unknown[]; tiers?: string } = {},
  ): Promise<void> {
    const extra = opts.extra ?? [];
    return deferSql(
      tx,
      `INSERT INTO automation_run (automation_id, member_id, occurrence, due_at)
       SELECT a.id, $1::uuid, $2::text, $3::timestamptz + make_interval(mins => a.delay_minutes)
         FROM automation a
        WHERE a.trigger_code = '${trigger}' AND a.enabled AND a.builtin_code IS NULL${opts.tiers ?? ''}${opts.onlyIf ? ` AND ${opts.onlyIf}` : ''}
       ON CONFLICT (automation_id, member_id, occurrence) DO NOTHING`,
      [memberId, occurrence, now, ...extra],
    );
  }

  /** first_order: only when the member has no order but this one (the till holds the member's lock). */
  observeFirstOrder(tx: EntityManager, memberId: string, orderId: string, now: Date): Promise<void> {
    return this.observe(tx, 'first_order', memberId, 'first_order', now, {
      onlyIf: 'NOT EXISTS (SELECT 1 FROM member_order o WHERE o.member_id = $1::uuid AND o.id <> $4::uuid)',
      extra: [orderId],
    });
  }

  /** tier_upgraded: automations without `tiers`, or whose `tiers` name the new tier. */
  observeTierUpgrade(tx: EntityManager, memberId: string, changeId: string, toTier: string, now: Date): Promise<void> {
    return this.observe(tx, 'tier_upgraded', memberId, `tier:${changeId}`, now, {
      tiers: ` AND (NOT a.trigger_args ? 'tiers' OR a.trigger_args->'tiers' ? $4::text)`,
      extra: [toTier],
    });
  }

  /** A run that was carried out at once (a built-in in the trigger's transaction). */
  async recordDone(
    tx: Db,
    automationId: string,
    memberId: string,
    occurrence: string,
    now: Date,
    state: 'delivered' | 'skipped',
    outcome: string | null,
  ): Promise<boolean> {
    const rows = await returning(
      tx,
      `INSERT INTO automation_run (automation_id, member_id, occurrence, due_at, state, outcome, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $4)
       ON CONFLICT (automation_id, member_id, occurrence) DO NOTHING RETURNING 1`,
      [automationId, memberId, occurrence, now, state, outcome],
    );
    return rows.length > 0;
  }

  /** Queues occurrences from a SELECT of (member_id, occurrence) rows for one automation (the daily scans). */
  async insertRuns(
    db: Db,
    automationId: string,
    delayMinutes: number,
    rows: { memberId: string; occurrence: string }[],
    now: Date,
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const out = await returning(
      db,
      `INSERT INTO automation_run (automation_id, member_id, occurrence, due_at)
       SELECT $1, r.member_id, r.occurrence, $3::timestamptz + make_interval(mins => $4::int)
         FROM unnest($2::uuid[], $5::text[]) AS r(member_id, occurrence)
       ON CONFLICT (automation_id, member_id, occurrence) DO NOTHING RETURNING 1`,
      [automationId, rows.map((r) => r.memberId), now, delayMinutes, rows.map((r) => r.occurrence)],
    );
    return out.length;
  }

  /** Members whose lifecycle stage became silent on or after `since` (the nightly member-scores job's changes). */
  async becameSilentSince(db: Db, since: string): Promise<{ member_id: string; change_id: string }[]> {
    return db.query(
      `SELECT c.member_id, c.id AS change_id FROM member_score_change c
        WHERE c.kind = 'stage' AND c.to_value = 'silent' AND c.changed_on >= $1::date ORDER BY c.id`,
      [since],
    );
  }

  /** The member's automation runs with each automation's name, for GET /me/export. */
  exportFor(tx: Db, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      `SELECT a.name AS automation, r.occurrence, r.state, r.outcome, r.due_at, r.decided_at
         FROM automation_run r JOIN automation a ON a.id = r.automation_id WHERE r.member_id = $1 ORDER BY r.created_at, r.id`,
      [memberId],
    );
  }

  /** Due pending runs, locked (other instances skip them), with their automation. */
  claimDue(tx: Db, now: Date, limit: number): Promise<DueRun[]> {
    return tx.query(
      `SELECT r.id, r.automation_id, r.member_id, r.occurrence, a.name, a.action, a.enabled
         FROM automation_run r JOIN automation a ON a.id = r.automation_id
        WHERE r.state = 'pending' AND r.due_at <= $1
        ORDER BY r.due_at, r.id LIMIT $2 FOR UPDATE OF r SKIP LOCKED`,
      [now, limit],
    );
  }

  async settle(tx: Db, id: string, state: 'delivered' | 'skipped', outcome: string | null, now: Date): Promise<void> {
    await tx.query(`UPDATE automation_run SET state = $2, outcome = $3, decided_at = $4 WHERE id = $1 AND state = 'pending'`, [
      id,
      state,
      outcome,
      now,
    ]);
  }
}
