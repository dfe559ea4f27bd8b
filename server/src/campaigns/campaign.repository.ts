// The SQL of campaign, campaign_member and campaign_contact (docs/campaigns.md). The report reads
// the till's orders of the campaign's members in one statement (module-boundaries.spec.ts,
// CROSS_MODULE_READS).
import { Injectable } from '@nestjs/common';
import type { CampaignAction, CampaignStatus, SegmentConditions } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { ExportRow } from '@huiyuan/shared';
import { exportRows } from '../common/export-rows.js';
import { deferSql, returning } from '../common/sql.js';

type Db = Pick<DataSource | EntityManager, 'query'>;

export interface CampaignRow {
  id: string;
  name: string;
  segment_id: string;
  conditions: SegmentConditions | null;
  action: CampaignAction;
  holdout_bp: number;
  max_members: number | null;
  max_points: number | null;
  frequency_cap_days: number | null;
  schedule_at: Date | null;
  status: CampaignStatus;
  targeted: number;
  holdout: number;
  delivered: number;
  points_given: number;
  skipped_capped: number;
  skipped_budget: number;
  skipped_no_quota: number;
  skipped_ineligible: number;
  launched_at: Date | null;
  completed_at: Date | null;
  last_batch_at: Date | null;
  created_at: Date;
  pending: number;
}

export type MemberState = 'delivered' | 'capped' | 'budget' | 'no_quota' | 'ineligible';

export interface BatchCounts {
  delivered: number;
  pointsGiven: number;
  capped: number;
  budget: number;
  noQuota: number;
  ineligible: number;
}

const COLUMNS = `c.id, c.name, c.segment_id, c.conditions, c.action, c.holdout_bp, c.max_members, c.max_points,
  c.frequency_cap_days, c.schedule_at, c.status, c.targeted, c.holdout, c.delivered, c.points_given, c.skipped_capped,
  c.skipped_budget, c.skipped_no_quota, c.skipped_ineligible, c.launched_at, c.completed_at, c.last_batch_at, c.created_at,
  GREATEST(c.targeted - c.holdout - c.delivered - c.skipped_capped - c.skipped_budget - c.skipped_no_quota - c.skipped_ineligible, 0)::int AS pending`;

@Injectable()
export class CampaignRepository {
  async insert(
    tx: Db,
    c: {
      name: string;
      segmentId: string;
      action: CampaignAction;
      holdoutBp: number;
      maxMembers: number | null;
      maxPoints: number | null;
      frequencyCapDays: number | null;
      scheduleAt: Date | null;
      createdBy: string;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO campaign (name, segment_id, action, holdout_bp, max_members, max_points, frequency_cap_days, schedule_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        c.name,
        c.segmentId,
        JSON.stringify(c.action),
        c.holdoutBp,
        c.maxMembers,
        c.maxPoints,
        c.frequencyCapDays,
        c.scheduleAt,
        c.createdBy,
      ],
    );
    return rows[0]!.id;
  }

  async get(db: Db, id: string, lock = false): Promise<CampaignRow | undefined> {
    const rows: CampaignRow[] = await db.query(`SELECT ${COLUMNS} FROM campaign c WHERE c.id = $1${lock ? ' FOR UPDATE' : ''}`, [
      id,
    ]);
    return rows[0];
  }

  list(db: Db): Promise<CampaignRow[]> {
    return db.query(`SELECT ${COLUMNS} FROM campaign c ORDER BY c.created_at DESC, c.id LIMIT 200`);
  }

  async setStatus(
    tx: Db,
    id: string,
    status: CampaignStatus,
    at: { launchedAt?: Date; completedAt?: Date; touch?: Date } = {},
  ): Promise<void> {
    await tx.query(
      `UPDATE campaign SET status = $2, launched_at = COALESCE($3, launched_at), completed_at = COALESCE($4, completed_at),
              last_batch_at = COALESCE($5, last_batch_at), updated_at = now() WHERE id = $1`,
      [id, status, at.launchedAt ?? null, at.completedAt ?? null, at.touch ?? null],
    );
  }

  /**
   * Freezes the membership: every member the segment's SELECT returns now becomes a `pending` row,
   * then exactly floor(n × bp / 10000) of them — the lowest md5(campaign id, member id), a random
   * order that no one can steer and that the same campaign always repeats — become `holdout`.
   * `members` is a `SELECT m.id …` whose parameters are numbered after $1 (the campaign id).
   */
  async freeze(
    tx: Db,
    campaignId: string,
    members: { text: string; params: unknown[] },
    conditions: SegmentConditions,
    holdoutBp: number,
  ): Promise<{ targeted: number; holdout: number }> {
    await tx.query(
      `INSERT INTO campaign_member (campaign_id, member_id, state) SELECT $1::uuid, s.id, 'pending' FROM (${members.text}) s`,
      members.params,
    );
    const rows: { targeted: number; holdout: number }[] = await tx.query(
      `WITH n AS (SELECT count(*)::int AS targeted FROM campaign_member WHERE campaign_id = $1),
            held AS (
              UPDATE campaign_member SET state = 'holdout'
               WHERE campaign_id = $1 AND member_id IN (
                 SELECT member_id FROM campaign_member WHERE campaign_id = $1
                  ORDER BY md5($1::text || member_id::text), member_id
                  LIMIT (SELECT floor(targeted * $2::bigint / 10000) FROM n))
              RETURNING 1),
            upd AS (
              UPDATE campaign SET conditions = $3, targeted = (SELECT targeted FROM n), holdout = (SELECT count(*) FROM held), updated_at = now()
               WHERE id = $1 RETURNING targeted, holdout)
       SELECT targeted, holdout FROM upd`,
      [campaignId, holdoutBp, JSON.stringify(conditions)],
    );
    return rows[0]!;
  }

  /** Up to `limit` undecided target members, in id order (the ledger's lock order), locked. */
  async claimPending(tx: Db, campaignId: string, limit: number): Promise<string[]> {
    const rows: { member_id: string }[] = await tx.query(
      `SELECT member_id FROM campaign_member WHERE campaign_id = $1 AND state = 'pending'
        ORDER BY member_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [campaignId, limit],
    );
    return rows.map((r) => r.member_id);
  }

  /** Each claimed member's final state, one statement; only rows still pending change. */
  async decide(tx: Db, campaignId: string, decisions: { memberId: string; state: MemberState }[], now: Date): Promise<number> {
    if (decisions.length === 0) return 0;
    const rows = await returning(
      tx,
      `UPDATE campaign_member cm SET state = d.state, decided_at = $4
         FROM unnest($2::uuid[], $3::text[]) AS d(member_id, state)
        WHERE cm.campaign_id = $1 AND cm.member_id = d.member_id AND cm.state = 'pending' RETURNING 1`,
      [campaignId, decisions.map((d) => d.memberId), decisions.map((d) => d.state), now],
    );
    return rows.length;
  }

  async addCounts(tx: Db, id: string, c: BatchCounts, now: Date): Promise<void> {
    await tx.query(
      `UPDATE campaign SET delivered = delivered + $2, points_given = points_given + $3, skipped_capped = skipped_capped + $4,
              skipped_budget = skipped_budget + $5, skipped_no_quota = skipped_no_quota + $6,
              skipped_ineligible = skipped_ineligible + $7, last_batch_at = $8, updated_at = now()
        WHERE id = $1`,
      [id, c.delivered, c.pointsGiven, c.capped, c.budget, c.noQuota, c.ineligible, now],
    );
  }

  async hasPending(db: Db, campaignId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM campaign_member WHERE campaign_id = $1 AND state = 'pending' LIMIT 1`, [
      campaignId,
    ]);
    return rows.length > 0;
  }

  /**
   * The frequency cap across campaigns: records this contact unless the member's last one is
   * after `cutoff` (null: no cap, always recorded). True when recorded. The row lock serialises
   * two campaigns reaching one member at once; the second sees the first's contact.
   */
  async claimContact(tx: Db, memberId: string, campaignId: string, now: Date, cutoff: Date | null): Promise<boolean> {
    const rows = await returning(
      tx,
      `INSERT INTO campaign_contact (member_id, campaign_id, contacted_at) VALUES ($1, $2, $3)
       ON CONFLICT (member_id) DO UPDATE SET campaign_id = EXCLUDED.campaign_id, contacted_at = EXCLUDED.contacted_at
        WHERE $4::timestamptz IS NULL OR campaign_contact.contacted_at <= $4::timestamptz
       RETURNING member_id`,
      [memberId, campaignId, now, cutoff],
    );
    return rows.length > 0;
  }

  /** The member's campaign rows with each campaign's name, for GET /me/export. */
  exportFor(tx: Db, memberId: string): Promise<ExportRow[]> {
    return exportRows(
      tx,
      `SELECT c.name AS campaign, cm.state, cm.decided_at FROM campaign_member cm JOIN campaign c ON c.id = cm.campaign_id
        WHERE cm.member_id = $1 ORDER BY c.created_at, c.id`,
      [memberId],
    );
  }

  /** Without a cap the contact is only recorded: queued with the transaction's next statement. */
  recordContact(tx: EntityManager, memberId: string, campaignId: string, now: Date): Promise<void> {
    return deferSql(
      tx,
      `INSERT INTO campaign_contact (member_id, campaign_id, contacted_at) VALUES ($1, $2, $3)
       ON CONFLICT (member_id) DO UPDATE SET campaign_id = EXCLUDED.campaign_id, contacted_at = EXCLUDED.contacted_at`,
      [memberId, campaignId, now],
    );
  }

  /** Scheduled campaigns whose start has come. */
  async dueScheduled(db: Db, now: Date): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM campaign WHERE status = 'scheduled' AND schedule_at <= $1 ORDER BY schedule_at, id`,
      [now],
    );
    return rows.map((r) => r.id);
  }

  /** Running campaigns with no batch since `quietSince` (a delivery chain that died). */
  async quietRunning(db: Db, quietSince: Date): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `SELECT id FROM campaign WHERE status = 'running' AND (last_batch_at IS NULL OR last_batch_at < $1) ORDER BY id`,
      [quietSince],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Target and holdout over [from, to): members, buyers, buyers with two orders or more, and net
   * spend (payable − refunded) of the till's orders — one pass over the campaign's members with
   * each member's orders by the (member_id, created_at) index.
   */
  async report(
    db: Db,
    campaignId: string,
    from: Date,
    to: Date,
  ): Promise<{ holdout: boolean; members: number; buyers: number; repeat_buyers: number; gmv: string }[]> {
    return db.query(
      `SELECT cm.state = 'holdout' AS holdout, count(*)::int AS members,
              count(o.orders)::int AS buyers, count(*) FILTER (WHERE o.orders >= 2)::int AS repeat_buyers,
              COALESCE(sum(o.net), 0)::text AS gmv
         FROM campaign_member cm
         LEFT JOIN LATERAL (
           SELECT count(*) AS orders, sum(mo.payable - mo.refunded_amount) AS net
             FROM member_order mo WHERE mo.member_id = cm.member_id AND mo.created_at >= $2 AND mo.created_at < $3
           HAVING count(*) > 0) o ON true
        WHERE cm.campaign_id = $1
        GROUP BY 1`,
      [campaignId, from, to],
    );
  }
}
