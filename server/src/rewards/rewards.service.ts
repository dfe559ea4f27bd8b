// The one rewards pipeline: `grant(tx, member, reward, businessKey, now)` hands a member points, a
// coupon or an admin's signed points adjustment (next: a prize) inside the caller's transaction,
// idempotent on (member, businessKey). Its SQL is in rewards.repository.ts.
//
// Idempotency: the grant first claims its key with an INSERT … ON CONFLICT DO NOTHING into
// reward_grant. A concurrent grant of the same key waits on that row until the first transaction
// ends: committed → it finds the row and answers the first grant's outcome; rolled back → its own
// insert goes through and it grants. So a key pays once, and a rolled-back caller pays nothing.
//
// A coupon that cannot be issued (stock exhausted, template paused or ended) is not an error: the
// grant is recorded as `skipped` with its reason and the caller carries on (a check-in or a
// referral release never fails because a coupon ran out).
//
// Lock order: the member row (ledger) → the coupon template row (stock), as everywhere else.
import { Inject, Injectable } from '@nestjs/common';
import {
  isSameRewardRequest,
  lotExpiresAt,
  validateReward,
  isValidBusinessKey,
  type ExportRow,
  type GrantOutcome,
  type Reward,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { CouponIssuerService } from '../coupons/coupon-issuer.service.js';
import { LotteryEntriesService } from '../lottery/lottery-entries.service.js';
import { PointsLedgerService, type LockedMember } from '../loyalty/points-ledger.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RewardsRepository } from './rewards.repository.js';

/** A grant's outcome; `replayed` when the key had been granted before (nothing was done now). */
export type GrantResult = GrantOutcome & { replayed: boolean };

@Injectable()
export class RewardsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: RewardsRepository,
    private readonly ledger: PointsLedgerService,
    private readonly coupons: CouponIssuerService,
    private readonly programme: ProgrammeService,
    private readonly notifications: NotificationsService,
    private readonly lotteryEntries: LotteryEntriesService,
  ) {}

  /**
   * Welcome gifts (the built-in automation `welcome_coupons`, run at the first consent by
   * campaigns/automations.service.ts): one coupon of each active `welcome` template (key `welcome:<template>`), in
   * the first consent's transaction, with one notification. Out-of-stock templates are skipped.
   */
  async grantWelcome(tx: EntityManager, memberId: string, now = new Date()): Promise<number> {
    let granted = 0;
    for (const templateId of await this.coupons.welcomeTemplateIds(tx)) {
      const r = await this.grant(tx, memberId, { kind: 'coupon', templateId, channel: 'welcome' }, `welcome:${templateId}`, now);
      if (r.status === 'granted' && !r.replayed) granted++;
    }
    if (granted > 0) {
      await this.notifications.add(tx, {
        memberId,
        kind: 'coupon_welcome',
        title: '新人礼券已到账',
        body: `欢迎加入！${granted} 张新人券已放入您的券包。`,
        businessKey: 'coupon:welcome',
      });
    }
    return granted;
  }

  /** `grant` in a transaction of its own (jobs without a caller's transaction: birthday gifts). */
  async grantNow(
    memberId: string,
    reward: Reward,
    businessKey: string,
    now: Date,
    opts: { retrySkipped?: boolean } = {},
  ): Promise<GrantResult> {
    return inTransaction(this.db, (tx) => this.grant(tx, memberId, reward, businessKey, now, opts));
  }

  /**
   * Grants `reward` to the member under `businessKey` in `tx`. `member` is the member id, or the
   * caller's already-locked ledger row (then the credit lands on that object and is saved). A
   * replay of the key answers the first grant's outcome and changes nothing — unless the first
   * was skipped and `retrySkipped` is set (a daily job trying again once stock or tier allow).
   * A replay that asks for something else than the first grant, for kinds whose rule compares
   * requests (an admin adjustment), is 409 IDEMPOTENCY_KEY_CONFLICT. A grant that throws (a debit
   * the balance cannot cover) rolls back with the caller's transaction, its key claim included.
   */
  async grant(
    tx: EntityManager,
    member: string | LockedMember,
    reward: Reward,
    businessKey: string,
    now: Date,
    opts: { retrySkipped?: boolean } = {},
  ): Promise<GrantResult> {
    const check = validateReward(reward);
    if (!check.ok) throw DomainError.validation(`reward: ${check.reason ?? 'invalid'}`);
    if (!isValidBusinessKey(businessKey)) throw DomainError.validation('businessKey: invalid');
    const memberId = typeof member === 'string' ? member : member.id;
    let grantId = await this.repo.claim(tx, memberId, businessKey, reward, now);
    if (!grantId) {
      const first = await this.repo.lockExisting(tx, memberId, businessKey);
      if (!isSameRewardRequest(reward, first.reward)) {
        throw new DomainError('IDEMPOTENCY_KEY_CONFLICT', 'this key was used for a different reward');
      }
      if (!opts.retrySkipped || first.status !== 'skipped') return { ...first.outcome, replayed: true };
      grantId = first.id;
    }
    const outcome = await this.apply(tx, member, reward, businessKey, now);
    await this.repo.record(tx, grantId, outcome);
    return { ...outcome, replayed: false };
  }

  /** The effect of one reward kind. A new kind (prize) adds its branch here and its spec in shared/src/rules/rewards.ts. */
  private async apply(
    tx: EntityManager,
    member: string | LockedMember,
    reward: Reward,
    businessKey: string,
    now: Date,
  ): Promise<GrantOutcome> {
    switch (reward.kind) {
      case 'points': {
        const locked = typeof member === 'string' ? await this.ledger.lock(tx, member) : member;
        if (!locked) throw DomainError.notFound('member');
        if (locked.status !== 'active') return { status: 'skipped', kind: 'points', reason: 'member_not_active' };
        const { expiry, timezone } = this.programme.settings;
        await this.ledger.credit(
          tx,
          locked,
          reward.reason,
          { businessKey },
          [{ points: reward.points, expiresAt: lotExpiresAt(expiry, now, timezone) }],
          now,
        );
        await this.ledger.save(tx, locked);
        return { status: 'granted', kind: 'points', points: reward.points };
      }
      case 'coupon': {
        const memberId = typeof member === 'string' ? member : member.id;
        const r = await this.coupons.issueInTransaction(tx, reward.templateId, memberId, reward.channel, businessKey, now, {
          checkTier: reward.checkTier ?? false,
        });
        return r.ok
          ? { status: 'granted', kind: 'coupon', couponId: r.coupon.id }
          : { status: 'skipped', kind: 'coupon', reason: r.reason };
      }
      case 'points_adjustment': {
        // Points due to expire go first, so a debit is measured against what the member really has.
        const locked = typeof member === 'string' ? await this.ledger.lock(tx, member) : member;
        if (!locked) throw DomainError.notFound('member');
        await this.ledger.expireDue(tx, locked, now);
        const ctx = { businessKey, staffId: reward.staffId, note: reward.note };
        const { expiry, timezone } = this.programme.settings;
        let entryId: string;
        let delta = reward.delta;
        if (reward.delta > 0) {
          const credit = await this.ledger.credit(
            tx,
            locked,
            'adjust',
            ctx,
            [{ points: reward.delta, expiresAt: lotExpiresAt(expiry, now, timezone) }],
            now,
          );
          entryId = credit.entryId;
          delta = credit.credited;
        } else {
          // Never below zero: the ledger refuses a debit the live balance cannot cover (INSUFFICIENT_POINTS).
          entryId = (await this.ledger.debit(tx, locked, 'adjust', ctx, -reward.delta, now)).entryId;
        }
        await this.ledger.save(tx, locked);
        return { status: 'granted', kind: 'points_adjustment', entryId, delta, balanceAfter: locked.points };
      }
      case 'lottery_entry':
        return this.lotteryEntries.credit(tx, typeof member === 'string' ? member : member.id, reward, now);
    }
  }

  /** The member's rows of `reward_grant` for GET /me/export. */
  async exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return this.repo.exportFor(tx, memberId);
  }
}
