// Referral rewards (邀请有礼): held until the friend's first qualifying order has cleared its
// refund window, then released (or held for review, or cancelled) by a job. The state machine
// is shared/src/rules/referral.ts; this service feeds it events read from the database.
//
// Nothing here touches the till: the job reads member_order / order_refund.
//   1. observe  — every bound friend with a qualifying order and no reward rows yet gets two
//                 rows (inviter side, friend side), pending, with releaseAt = paidAt + window.
//   2. settle   — each open row, in its own transaction with the beneficiary's member row
//                 locked: refunds made before releaseAt are applied (a refund bringing the net
//                 paid under minOrderFen cancels); once releaseAt has passed the abuse signals and
//                 the inviter's caps decide: on_hold, cancelled or released (points credited
//                 under business key `referral:<rewardId>` and the coupon under
//                 `referral:<rewardId>:coupon`, both through RewardsService.grant in the same
//                 transaction as the release; an out-of-stock coupon is skipped and recorded).
// Safe to re-run: rows are unique per (friend, side), transitions of final rows change nothing,
// the ledger key and the coupon issue key make a release pay once.
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  addDays,
  newReferralReward,
  referralRewardTransition,
  startOfLocalDate,
  startOfMonth,
  toLocalDate,
  type AbuseSignals,
  type InviterReleasedCounts,
  type ReferralEvent,
  type ReferralRewardState,
  type ReferralRewardStatus,
  type ReferralRewardView,
  type ReferralSettings,
  type ExportRow,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { exportRows } from '../common/export-rows.js';
import { returning } from '../common/sql.js';
import { inTransaction } from '../common/transaction.js';
import { PointsLedgerService } from '../loyalty/points-ledger.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { EngagementSettingsService, REFERRAL_COUPON_CHANNEL } from './engagement-settings.service.js';
import { MemberRepository } from '../members/member.repository.js';
import { OrderRepository } from '../till/order.repository.js';

interface RewardRow {
  id: string;
  inviter_id: string;
  invitee_id: string;
  beneficiary: 'inviter' | 'invitee';
  status: ReferralRewardStatus;
  reason: ReferralRewardState['reason'];
  points: number;
  coupon_template_id: string | null;
  coupon_id: string | null;
  order_id: string | null;
  paid_at: Date | null;
  paid_fen: number | null;
  refunded_fen: number;
  release_at: Date | null;
  released_at: Date | null;
  created_at: Date;
}

const beneficiaryId = (r: Pick<RewardRow, 'beneficiary' | 'inviter_id' | 'invitee_id'>) =>
  r.beneficiary === 'inviter' ? r.inviter_id : r.invitee_id;

function toState(r: RewardRow): ReferralRewardState {
  return {
    beneficiary: r.beneficiary,
    status: r.status,
    reason: r.reason,
    releaseAt: r.release_at,
    qualifyingOrder:
      r.order_id && r.paid_at && r.paid_fen !== null
        ? { orderId: r.order_id, paidAt: r.paid_at, paidFen: r.paid_fen, refundedFen: r.refunded_fen }
        : null,
  };
}

export function toRewardView(r: RewardRow): ReferralRewardView {
  return {
    id: r.id,
    beneficiary: r.beneficiary,
    memberId: beneficiaryId(r),
    inviterId: r.inviter_id,
    inviteeId: r.invitee_id,
    status: r.status,
    reason: r.reason,
    points: r.points,
    couponTemplateId: r.coupon_template_id,
    couponId: r.coupon_id,
    orderId: r.order_id,
    paidFen: r.paid_fen,
    refundedFen: r.refunded_fen,
    releaseAt: r.release_at?.toISOString() ?? null,
    releasedAt: r.released_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

@Injectable()
export class ReferralRewardsService {
  private readonly logger = new Logger('ReferralRewards');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly ledger: PointsLedgerService,
    private readonly programme: ProgrammeService,
    private readonly settings: EngagementSettingsService,
    private readonly rewards: RewardsService,
    private readonly audit: AuditService,
    private readonly members: MemberRepository,
    private readonly orders: OrderRepository,
  ) {}

  /** The job: observe first orders, then settle every open reward. Explicit `now`, safe to re-run. */
  async processReferralRewards(
    now = new Date(),
  ): Promise<{ created: number; released: number; held: number; cancelled: number }> {
    const settings = await this.settings.referral();
    const created = await this.observeFirstOrders(settings, null, now);
    const open: { id: string }[] = await this.db.query(
      `SELECT id FROM referral_reward WHERE status IN ('pending', 'on_hold') AND order_id IS NOT NULL ORDER BY release_at, id`,
    );
    const out = { created, released: 0, held: 0, cancelled: 0 };
    for (const { id } of open) {
      const after = await this.settle(id, settings, now);
      if (after === 'released') out.released++;
      else if (after === 'on_hold') out.held++;
      else if (after === 'cancelled') out.cancelled++;
    }
    if (out.created + out.released + out.held + out.cancelled > 0) this.logger.log(out, 'referral rewards');
    return out;
  }

  /**
   * Creates the pending reward rows of bound friends whose first qualifying order exists (all
   * friends, or one inviter's). Returns the number of rows created.
   */
  async observeFirstOrders(
    settings: ReferralSettings,
    inviterId: string | null,
    now: Date,
    within?: { tx: EntityManager; inviteeId: string },
  ): Promise<number> {
    const db = within?.tx ?? this.db.manager;
    const fresh: { invitee_id: string; inviter_id: string; order_id: string; paid_at: Date; payable: number }[] = await db.query(
      `SELECT m.id AS invitee_id, m.referrer_id AS inviter_id, o.id AS order_id, o.created_at AS paid_at, o.payable
         FROM member m
         JOIN LATERAL (SELECT id, created_at, payable FROM member_order
                        WHERE member_id = m.id AND payable >= $1 AND created_at <= $3
                        ORDER BY created_at, id LIMIT 1) o ON true
        WHERE m.referrer_id IS NOT NULL AND ($2::uuid IS NULL OR m.referrer_id = $2) AND ($4::uuid IS NULL OR m.id = $4)
          AND NOT EXISTS (SELECT 1 FROM referral_reward r WHERE r.invitee_id = m.id)`,
      [settings.minOrderFen, inviterId, now, within?.inviteeId ?? null],
    );
    let created = 0;
    for (const f of fresh) {
      // Both sides of one friend in one transaction (the caller's, when given).
      created += within
        ? await this.insertPair(within.tx, f, settings, now)
        : await inTransaction(this.db, (tx) => this.insertPair(tx, f, settings, now));
    }
    return created;
  }

  /**
   * Observation inside the order's own transaction (called by the till after recording an
   * order): the member's first qualifying order marks both referral rewards pending in the same
   * commit as the order. A no-op for members without a referrer or with rewards already.
   */
  async observeOrder(tx: EntityManager, memberId: string, now: Date): Promise<number> {
    const m = await this.members.referrerId(tx, memberId);
    if (!m?.referrer_id) return 0;
    return this.observeFirstOrders(await this.settings.referral(tx), null, now, { tx, inviteeId: memberId });
  }

  private async insertPair(
    tx: EntityManager,
    f: { invitee_id: string; inviter_id: string; order_id: string; paid_at: Date; payable: number },
    settings: ReferralSettings,
    now: Date,
  ): Promise<number> {
    let created = 0;
    for (const side of ['inviter', 'invitee'] as const) {
      const state = referralRewardTransition(
        newReferralReward(side),
        { type: 'order_paid', orderId: f.order_id, paidAt: f.paid_at, paidFen: f.payable },
        settings,
      );
      const spec = settings.rewards[side];
      const rows: unknown[] = await tx.query(
        `INSERT INTO referral_reward (inviter_id, invitee_id, beneficiary, status, points, coupon_template_id, order_id, paid_at, paid_fen, release_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
           ON CONFLICT (invitee_id, beneficiary) DO NOTHING RETURNING id`,
        [
          f.inviter_id,
          f.invitee_id,
          side,
          state.status,
          spec.points,
          spec.couponTemplateId,
          f.order_id,
          f.paid_at,
          f.payable,
          state.releaseAt,
          now,
        ],
      );
      created += rows.length;
    }
    return created;
  }

  /** Applies refunds and, when due, the release decision to one reward. Returns its status after. */
  private async settle(id: string, settings: ReferralSettings, now: Date): Promise<ReferralRewardStatus | null> {
    const result = await this.inLockedReward(id, async (tx, row) => {
      let state = toState(row);
      const refund = await this.refundEvent(tx, row);
      if (refund) state = referralRewardTransition(state, refund, settings);
      if (state.status === 'pending' && row.release_at && row.release_at.getTime() <= now.getTime()) {
        state = referralRewardTransition(
          state,
          {
            type: 'release_due',
            now,
            signals: await this.signals(tx, row),
            inviterReleased: await this.releasedCounts(tx, row.inviter_id, now),
          },
          settings,
        );
      }
      await this.persist(tx, row, state, now);
      return { row, state };
    });
    if (!result) return null;
    return result.state.status;
  }

  // ───────────────────────────── admin review ─────────────────────────────

  async list(status: ReferralRewardStatus | undefined): Promise<ReferralRewardView[]> {
    const rows: RewardRow[] = await this.db.query(
      `SELECT * FROM referral_reward WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id LIMIT 200`,
      [status ?? null],
    );
    return rows.map(toRewardView);
  }

  /** Approving a held reward releases it (unless the inviter's caps are reached: cancelled). Audited. */
  async approve(actor: StaffPrincipal, id: string, now = new Date()): Promise<ReferralRewardView> {
    return this.review(actor, id, 'approve', now);
  }

  /** Rejecting a held reward cancels it. Audited. */
  async reject(actor: StaffPrincipal, id: string, now = new Date()): Promise<ReferralRewardView> {
    return this.review(actor, id, 'reject', now);
  }

  private async review(
    actor: StaffPrincipal,
    id: string,
    decision: 'approve' | 'reject',
    now: Date,
  ): Promise<ReferralRewardView> {
    const settings = await this.settings.referral();
    const result = await this.inLockedReward(id, async (tx, row) => {
      if (row.status !== 'on_hold')
        throw new DomainError('CONFLICT', `only a reward on hold can be reviewed (this one is ${row.status})`);
      const event: ReferralEvent =
        decision === 'approve'
          ? { type: 'hold_approved', inviterReleased: await this.releasedCounts(tx, row.inviter_id, now) }
          : { type: 'hold_rejected' };
      const state = referralRewardTransition(toState(row), event, settings);
      const saved = await this.persist(tx, row, state, now, actor.id);
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: `referral_reward.${decision}`,
        targetType: 'referral_reward',
        targetId: id,
        details: { from: row.status, to: state.status, reason: state.reason, beneficiary: row.beneficiary },
      });
      return { row, saved };
    });
    if (!result) throw DomainError.notFound('referral reward');
    const [fresh] = (await this.db.query('SELECT * FROM referral_reward WHERE id = $1', [id])) as RewardRow[];
    return toRewardView(fresh!);
  }

  // ───────────────────────────── internals ─────────────────────────────

  /** Runs `work` with the beneficiary's member row locked (ledger order), then the reward row. */
  private async inLockedReward<T>(id: string, work: (tx: EntityManager, row: RewardRow) => Promise<T>): Promise<T | null> {
    const [peek] = (await this.db.query('SELECT beneficiary, inviter_id, invitee_id FROM referral_reward WHERE id = $1', [
      id,
    ])) as RewardRow[];
    if (!peek) return null;
    return inTransaction(this.db, async (tx) => {
      await this.ledger.lock(tx, beneficiaryId(peek));
      const [row] = (await tx.query('SELECT * FROM referral_reward WHERE id = $1 FOR UPDATE', [id])) as RewardRow[];
      return row ? work(tx, row) : null;
    });
  }

  /** Refunds of the qualifying order made before its window closed, if more than already applied. */
  private async refundEvent(tx: EntityManager, row: RewardRow): Promise<ReferralEvent | null> {
    if (!row.order_id || !row.release_at) return null;
    const r = await this.orders.refundedBefore(tx, row.order_id, row.release_at);
    if (!r || r.total <= row.refunded_fen || !r.last) return null;
    return { type: 'order_refunded', orderId: row.order_id, at: r.last, refundedTotalFen: r.total };
  }

  /** Device and address signals of the friend among the inviter's friends, and WeChat's risk rank (from sign-up). */
  private async signals(tx: EntityManager, row: RewardRow): Promise<AbuseSignals> {
    const [s] = (await tx.query(
      `SELECT f.ip, f.device_id, f.risk_rank, i.device_id AS inviter_device,
              (SELECT count(*)::int FROM member o JOIN member_signup_signal os ON os.member_id = o.id
                WHERE o.referrer_id = $1 AND o.id <> $2 AND f.device_id IS NOT NULL AND os.device_id = f.device_id) AS same_device,
              (SELECT count(*)::int FROM member o JOIN member_signup_signal os ON os.member_id = o.id
                WHERE o.referrer_id = $1 AND o.id <> $2 AND f.ip IS NOT NULL AND os.ip = f.ip) AS same_ip
         FROM (SELECT 1) x
         LEFT JOIN member_signup_signal f ON f.member_id = $2
         LEFT JOIN member_signup_signal i ON i.member_id = $1`,
      [row.inviter_id, row.invitee_id],
    )) as {
      ip: string | null;
      device_id: string | null;
      risk_rank: number | null;
      inviter_device: string | null;
      same_device: number;
      same_ip: number;
    }[];
    return {
      sameDeviceAsInviter: !!s?.device_id && s.device_id === s.inviter_device,
      sameDeviceCount: s?.same_device ?? 0,
      sameIpCount: s?.same_ip ?? 0,
      riskRank: s?.risk_rank ?? null,
    };
  }

  /** The inviter's released inviter-side rewards in the local day and month of `now`. */
  private async releasedCounts(tx: EntityManager, inviterId: string, now: Date): Promise<InviterReleasedCounts> {
    const tz = this.programme.settings.timezone;
    const today = toLocalDate(now, tz);
    const [c] = (await tx.query(
      `SELECT count(*) FILTER (WHERE released_at >= $2 AND released_at < $3)::int AS today,
              count(*) FILTER (WHERE released_at >= $4 AND released_at < $3)::int AS month
         FROM referral_reward WHERE inviter_id = $1 AND beneficiary = 'inviter' AND status = 'released'`,
      [
        inviterId,
        startOfLocalDate(today, tz),
        startOfLocalDate(addDays(today, 1), tz),
        startOfLocalDate(startOfMonth(today), tz),
      ],
    )) as { today: number; month: number }[];
    return { today: c?.today ?? 0, thisMonth: c?.month ?? 0 };
  }

  /** Writes the new state; a release credits the points in the same transaction. */
  private async persist(
    tx: EntityManager,
    row: RewardRow,
    state: ReferralRewardState,
    now: Date,
    decidedBy?: string,
  ): Promise<RewardRow> {
    const releasing = state.status === 'released' && row.status !== 'released';
    const [saved] = await returning<RewardRow>(
      tx,
      `UPDATE referral_reward SET status = $2, reason = $3, refunded_fen = $4, released_at = $5,
              decided_by = COALESCE($6, decided_by), decided_at = CASE WHEN $6::uuid IS NULL THEN decided_at ELSE $7 END, updated_at = $7
        WHERE id = $1 RETURNING *`,
      [
        row.id,
        state.status,
        state.reason,
        state.qualifyingOrder?.refundedFen ?? row.refunded_fen,
        releasing ? now : row.released_at,
        decidedBy ?? null,
        now,
      ],
    );
    if (releasing && row.points > 0) {
      await this.rewards.grant(
        tx,
        beneficiaryId(row),
        { kind: 'points', points: row.points, reason: 'referral' },
        `referral:${row.id}`,
        now,
      );
    }
    if (releasing && row.coupon_template_id) {
      const outcome = await this.rewards.grant(
        tx,
        beneficiaryId(row),
        { kind: 'coupon', templateId: row.coupon_template_id, channel: REFERRAL_COUPON_CHANNEL },
        `referral:${row.id}:coupon`,
        now,
      );
      if (outcome.status === 'granted' && outcome.kind === 'coupon') {
        await tx.query('UPDATE referral_reward SET coupon_id = $2 WHERE id = $1', [row.id, outcome.couponId]);
        return { ...saved!, coupon_id: outcome.couponId };
      }
      this.logger.warn(
        { reward: row.id, reason: outcome.status === 'skipped' ? outcome.reason : null },
        'referral coupon skipped',
      );
    }
    return saved!;
  }

  /** Referral rewards where the member is the inviter or the invitee, and their sign-up signals, for GET /me/export. */
  async exportFor(
    tx: EntityManager,
    memberId: string,
  ): Promise<{
    rewards: ExportRow[];
    signupSignals: { ipDigest: string | null; deviceIdDigest: string | null; recordedAt: string } | null;
  }> {
    const rewards = await exportRows(
      tx,
      `SELECT id, CASE WHEN inviter_id = $1 THEN 'given' ELSE 'received' END AS side, beneficiary, status, reason, points,
              coupon_id, paid_fen, refunded_fen, release_at, released_at, created_at
         FROM referral_reward WHERE inviter_id = $1 OR invitee_id = $1 ORDER BY created_at, id`,
      [memberId],
    );
    const [signal]: { ip: string | null; device_id: string | null; created_at: Date }[] = await tx.query(
      'SELECT ip, device_id, created_at FROM member_signup_signal WHERE member_id = $1',
      [memberId],
    );
    return {
      rewards,
      signupSignals: signal
        ? { ipDigest: signal.ip, deviceIdDigest: signal.device_id, recordedAt: signal.created_at.toISOString() }
        : null,
    };
  }

  /**
   * Erasure: rewards not yet released to the erased member are cancelled (nothing is paid to an
   * account that no longer exists); the other side's reward is unaffected. Returns how many.
   */
  async cancelUnreleasedFor(tx: EntityManager, memberId: string): Promise<number> {
    const rows = await returning<{ id: string }>(
      tx,
      `UPDATE referral_reward SET status = 'cancelled', reason = 'member_erased', updated_at = now()
        WHERE status IN ('pending', 'on_hold')
          AND ((beneficiary = 'inviter' AND inviter_id = $1) OR (beneficiary = 'invitee' AND invitee_id = $1))
        RETURNING id`,
      [memberId],
    );
    return rows.length;
  }

  /** Erasure (and removal of a never-consented member): the sign-up signals go. */
  async forgetSignals(tx: EntityManager, memberId: string): Promise<void> {
    await tx.query('DELETE FROM member_signup_signal WHERE member_id = $1', [memberId]);
  }
}
