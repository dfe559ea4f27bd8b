// Members' data rights (PIPL art. 45–47): the export of everything held on a member, erasure of
// their account, declining consent (the never-consented row removed), and the purge of members
// who never consented. Each owning module contributes through its exported service, in one
// transaction here; this service reads and writes no table itself.
import { StoredValueRepository } from '../stored-value/stored-value.repository.js';
import { MembershipRepository } from '../membership/membership.repository.js';
import { PaymentsRepository } from '../payments/payments.repository.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MemberDataExport } from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { CouponWalletService } from '../coupons/coupon-wallet.service.js';
import { CheckInService } from '../engagement/check-in.service.js';
import { ReferralRewardsService } from '../engagement/referral-rewards.service.js';
import { ReferralService } from '../engagement/referral.service.js';
import { SubscriptionsService } from '../engagement/subscriptions.service.js';
import { LotteryDrawService } from '../lottery/lottery-draw.service.js';
import { PointsService } from '../loyalty/points.service.js';
import { MembersService } from '../members/members.service.js';
import { CURRENT_PRIVACY_POLICY } from '../members/privacy-policy.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { TillService } from '../till/till.service.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';
import { TagsService } from '../segments/tags.service.js';
import { AutomationRepository } from '../campaigns/automation.repository.js';
import { CampaignRepository } from '../campaigns/campaign.repository.js';
import { FeedbackService } from '../feedback/feedback.service.js';

/** A member who never accepted the policy is removed this long after registering. */
export const NEVER_CONSENTED_RETENTION_MS = 24 * 3_600_000;
const PURGE_BATCH = 200;

@Injectable()
export class MemberRightsService {
  private readonly logger = new Logger('MemberRights');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly members: MembersService,
    private readonly points: PointsService,
    private readonly till: TillService,
    private readonly coupons: CouponWalletService,
    private readonly checkIns: CheckInService,
    private readonly subscriptions: SubscriptionsService,
    private readonly referralRewards: ReferralRewardsService,
    private readonly referrals: ReferralService,
    private readonly notifications: NotificationsService,
    private readonly rewards: RewardsService,
    private readonly audit: AuditService,
    private readonly lottery: LotteryDrawService,
    private readonly analytics: AnalyticsService,
    private readonly webhooks: WebhookEventsService,
    private readonly tags: TagsService,
    // Repositories are global: campaigns/ imports modules that import this one's dependencies.
    private readonly campaignRows: CampaignRepository,
    private readonly automationRows: AutomationRepository,
    private readonly feedback: FeedbackService,
    private readonly storedValueRows: StoredValueRepository,
    private readonly membershipRows: MembershipRepository,
    private readonly paymentRows: PaymentsRepository,
  ) {}

  /** Everything held on the member, read in one snapshot so the sections agree with each other. */
  async export(memberId: string, now = new Date()): Promise<MemberDataExport> {
    return inTransaction(
      this.db,
      async (tx) => {
        const row = await this.members.exportFor(tx, memberId);
        const till = await this.till.exportFor(tx, memberId);
        const coupons = await this.coupons.exportFor(tx, memberId);
        const referral = await this.referralRewards.exportFor(tx, memberId);
        const lottery = await this.lottery.exportFor(tx, memberId);
        return {
          exportedAt: now.toISOString(),
          policyVersion: CURRENT_PRIVACY_POLICY.version,
          profile: row.profile,
          consentRecords: row.consentRecords,
          tierChanges: row.tierChanges,
          points: await this.points.exportFor(tx, memberId),
          orders: till.orders,
          refunds: till.refunds,
          orderItems: till.orderItems,
          coupons: coupons.coupons,
          couponClaims: coupons.couponClaims,
          checkIns: await this.checkIns.exportFor(tx, memberId),
          rewardGrants: await this.rewards.exportFor(tx, memberId),
          referrals: { invitedBy: row.invitedBy, invitedCount: row.invitedCount, rewards: referral.rewards },
          notifications: await this.notifications.exportFor(tx, memberId),
          subscribeQuotas: await this.subscriptions.exportFor(tx, memberId),
          signupSignals: referral.signupSignals,
          lotteryDraws: lottery.draws,
          lotteryEntries: lottery.entries,
          tags: await this.tags.exportFor(tx, memberId),
          campaigns: await this.campaignRows.exportFor(tx, memberId),
          automationRuns: await this.automationRows.exportFor(tx, memberId),
          feedback: await this.feedback.exportFor(tx, memberId),
          storedValue: await this.storedValueRows.exportFor(tx, memberId),
          membershipPurchases: await this.membershipRows.exportFor(tx, memberId),
          payments: await this.paymentRows.exportFor(tx, memberId),
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /** DELETE /me: erasure at once; idempotent (a second call finds the member erased and does nothing). */
  async erase(memberId: string, now = new Date()): Promise<{ status: 'deleted'; deletedAt: string }> {
    await inTransaction(this.db, (tx) => this.eraseIn(tx, memberId, now, 'member.erase'));
    return { status: 'deleted', deletedAt: now.toISOString() };
  }

  /**
   * POST /me/consent/decline: a member who never consented is removed entirely. One who ever
   * consented must withdraw or delete instead (409). A never-consented row that other rows point
   * at (a till order by member number) cannot go, and is erased instead.
   */
  async decline(memberId: string, now = new Date()): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const member = await this.members.lockLive(tx, memberId);
      if (member.consentVersion || (await this.members.everConsented(tx, memberId))) {
        throw new DomainError(
          'CONSENT_ALREADY_GIVEN',
          'consent was given before: withdraw it (POST /me/consent/withdraw) or delete the account (DELETE /me)',
        );
      }
      await this.removeOrErase(tx, memberId, now, 'member.decline');
    });
  }

  /** The scheduled purge: members who never consented within 24 h of registering are removed (or erased). */
  async purgeNeverConsented(now = new Date()): Promise<{ removed: number; erased: number }> {
    const cutoff = new Date(now.getTime() - NEVER_CONSENTED_RETENTION_MS);
    let removed = 0;
    let erased = 0;
    for (;;) {
      const ids = await this.members.neverConsentedBefore(cutoff, PURGE_BATCH);
      if (ids.length === 0) break;
      for (const id of ids) {
        const outcome = await inTransaction(this.db, async (tx) => {
          const member = await this.members.lockLive(tx, id).catch(() => null);
          // Re-checked under the lock: the member may have consented since the batch was read.
          if (!member || member.consentVersion || (await this.members.everConsented(tx, id))) return 'kept';
          return this.removeOrErase(tx, id, now, 'member.purge_unconsented');
        });
        if (outcome === 'removed') removed++;
        if (outcome === 'erased') erased++;
      }
      if (ids.length < PURGE_BATCH) break;
    }
    if (removed + erased > 0) this.logger.log({ removed, erased }, 'never-consented members purged');
    return { removed, erased };
  }

  private async removeOrErase(tx: EntityManager, memberId: string, now: Date, action: string): Promise<'removed' | 'erased'> {
    await this.referralRewards.forgetSignals(tx, memberId);
    await this.subscriptions.forget(tx, memberId);
    if (await this.members.removeNeverConsented(tx, memberId)) {
      await this.analytics.memberRemoved(tx, memberId);
      await this.audit.record(tx, { actorType: action === 'member.decline' ? 'member' : 'system', actorId: null, action });
      return 'removed';
    }
    await this.eraseIn(tx, memberId, now, action);
    return 'erased';
  }

  private async eraseIn(tx: EntityManager, memberId: string, now: Date, action: string): Promise<void> {
    const oldInviteCode = await this.members.eraseRow(tx, memberId, now);
    if (oldInviteCode === null) return; // already erased
    const couponsVoided = await this.coupons.voidUnused(tx, memberId, now);
    const referralRewardsCancelled = await this.referralRewards.cancelUnreleasedFor(tx, memberId);
    await this.subscriptions.forget(tx, memberId);
    await this.referralRewards.forgetSignals(tx, memberId);
    await this.referrals.forgetQrCode(tx, oldInviteCode);
    await this.notifications.forget(tx, memberId);
    const tagsDropped = await this.tags.forget(tx, memberId);
    const feedbackErased = await this.feedback.forget(tx, memberId, now);
    await this.audit.record(tx, {
      actorType: action === 'member.purge_unconsented' ? 'system' : 'member',
      actorId: action === 'member.purge_unconsented' ? null : memberId,
      action,
      targetType: 'member',
      targetId: memberId,
      details: { couponsVoided, referralRewardsCancelled, tagsDropped, feedbackErased },
    });
    await this.webhooks.emit(tx, { type: 'member.erased', memberId, data: { memberId, erasedAt: now.toISOString() } });
  }
}
