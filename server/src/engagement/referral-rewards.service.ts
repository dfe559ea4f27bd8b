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
import { inTransaction } from '../common/transaction.js';
import { PointsLedgerService } from '../loyalty/points-ledger.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { EngagementSettingsService, REFERRAL_COUPON_CHANNEL } from './engagement-settings.service.js';
import { MemberRepository } from '../members/member.repository.js';
import { OrderRepository } from '../till/order.repository.js';
import { ReferralRewardRepository, type FirstOrderRow, type RewardRow } from './referral-reward.repository.js';
import { SignupSignalRepository } from './signup-signal.repository.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

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
    private readonly rows: ReferralRewardRepository,
    private readonly signalRows: SignupSignalRepository,
    private readonly webhooks: WebhookEventsService,
  ) {}

  /** The job: observe first orders, then settle every open reward. Explicit `now`, safe to re-run. */
  async processReferralRewards(
    now = new Date(),
  ): Promise<{ created: number; released: number; held: number; cancelled: number }> {
    const settings = await this.settings.referral();
    const created = await this.observeFirstOrders(settings, null, now);
    const open = await this.rows.openIds(this.db);
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
    const fresh = await this.rows.firstQualifyingOrders(db, settings.minOrderFen, inviterId, now, within?.inviteeId ?? null);
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
  async observeOrder(tx: EntityManager, memberId: string, now: Date, referrerId?: string | null): Promise<number> {
    // The till read the referrer with its member lock; other callers ask here.
    const referrer = referrerId !== undefined ? referrerId : (await this.members.referrerId(tx, memberId))?.referrer_id;
    if (!referrer) return 0;
    return this.observeFirstOrders(await this.settings.referral(tx), null, now, { tx, inviteeId: memberId });
  }

  private async insertPair(tx: EntityManager, f: FirstOrderRow, settings: ReferralSettings, now: Date): Promise<number> {
    let created = 0;
    for (const side of ['inviter', 'invitee'] as const) {
      const state = referralRewardTransition(
        newReferralReward(side),
        { type: 'order_paid', orderId: f.order_id, paidAt: f.paid_at, paidFen: f.payable },
        settings,
      );
      const spec = settings.rewards[side];
      const inserted = await this.rows.insertPending(tx, {
        inviterId: f.inviter_id,
        inviteeId: f.invitee_id,
        beneficiary: side,
        status: state.status,
        points: spec.points,
        couponTemplateId: spec.couponTemplateId,
        orderId: f.order_id,
        paidAt: f.paid_at,
        paidFen: f.payable,
        releaseAt: state.releaseAt,
        now,
      });
      if (inserted) created++;
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
    const rows = await this.rows.list(this.db, status ?? null);
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
    const fresh = await this.rows.byId(this.db, id);
    return toRewardView(fresh!);
  }

  // ───────────────────────────── internals ─────────────────────────────

  /** Runs `work` with the beneficiary's member row locked (ledger order), then the reward row. */
  private async inLockedReward<T>(id: string, work: (tx: EntityManager, row: RewardRow) => Promise<T>): Promise<T | null> {
    const peek = await this.rows.peek(this.db, id);
    if (!peek) return null;
    return inTransaction(this.db, async (tx) => {
      await this.ledger.lock(tx, beneficiaryId(peek));
      const row = await this.rows.lock(tx, id);
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
    const s = await this.signalRows.referralSignals(tx, row.inviter_id, row.invitee_id);
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
    const c = await this.rows.releasedCounts(
      tx,
      inviterId,
      startOfLocalDate(today, tz),
      startOfLocalDate(addDays(today, 1), tz),
      startOfLocalDate(startOfMonth(today), tz),
    );
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
    const saved = await this.rows.update(tx, row.id, {
      status: state.status,
      reason: state.reason,
      refundedFen: state.qualifyingOrder?.refundedFen ?? row.refunded_fen,
      releasedAt: releasing ? now : row.released_at,
      decidedBy: decidedBy ?? null,
      now,
    });
    if (releasing)
      await this.webhooks.emit(tx, {
        type: 'referral.rewarded',
        memberId: beneficiaryId(row),
        data: {
          referralRewardId: row.id,
          memberId: beneficiaryId(row),
          inviterId: row.inviter_id,
          inviteeId: row.invitee_id,
          beneficiary: row.beneficiary,
          points: row.points,
        },
      });
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
        await this.rows.setCoupon(tx, row.id, outcome.couponId);
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
    const rewards = await this.rows.exportFor(tx, memberId);
    const signal = await this.signalRows.ofMember(tx, memberId);
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
    return this.rows.cancelUnreleasedFor(tx, memberId);
  }

  /** Erasure (and removal of a never-consented member): the sign-up signals go. */
  async forgetSignals(tx: EntityManager, memberId: string): Promise<void> {
    await this.signalRows.delete(tx, memberId);
  }
}
