// The loyalty programme's scheduled work, as plain methods of an explicit `now` so tests drive
// them directly; the job queue (jobs/jobs.service.ts) calls them on schedule. Every method is
// safe to re-run: expiry keys entries by lot and only touches lots that still hold points;
// reminders and reviews are keyed by member and date.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { addDays, isTierReviewDue, reviewTier, startOfLocalDate, toLocalDate } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { inTransaction } from '../common/transaction.js';
import { TiersService } from '../members/tiers.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { PointsLedgerService } from './points-ledger.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { TierEventsService } from './tier-events.service.js';
import { MemberRepository } from '../members/member.repository.js';
import { OrderRepository } from '../till/order.repository.js';
import { PointsRepository } from './points.repository.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

const BATCH = 200;

@Injectable()
export class LoyaltyJobsService {
  private readonly logger = new Logger('LoyaltyJobs');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly ledger: PointsLedgerService,
    private readonly programme: ProgrammeService,
    private readonly tiers: TiersService,
    private readonly tierEvents: TierEventsService,
    private readonly notifications: NotificationsService,
    private readonly members: MemberRepository,
    private readonly orders: OrderRepository,
    private readonly points: PointsRepository,
    private readonly webhooks: WebhookEventsService,
  ) {}

  /** Writes expire entries for every lot expired by `now`, one member transaction at a time. */
  async expirePoints(now = new Date()): Promise<{ members: number; points: number }> {
    let members = 0;
    let points = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.points.membersWithDuePoints(this.db, now, after, BATCH);
      if (batch.length === 0) break;
      for (const { member_id } of batch) {
        const expired = await inTransaction(this.db, async (tx) => {
          const member = await this.ledger.lock(tx, member_id);
          if (!member) return 0;
          const n = await this.ledger.expireDue(tx, member, now);
          await this.ledger.save(tx, member);
          return n;
        });
        if (expired > 0) members++;
        points += expired;
      }
      after = batch[batch.length - 1]!.member_id;
    }
    if (members > 0) this.logger.log(`expired ${points} points of ${members} members`);
    return { members, points };
  }

  /** One notification per member and expiry date for points expiring within the reminder window. */
  async remindExpiringPoints(now = new Date(), days?: number): Promise<number> {
    const { timezone } = this.programme.settings;
    const expiryReminderDays = days ?? this.programme.settings.expiryReminderDays;
    const horizon = new Date(now.getTime() + expiryReminderDays * 86_400_000);
    const rows = await this.points.expiringBetween(this.db, now, horizon);
    let sent = 0;
    for (const r of rows) {
      const lastDay = addDays(toLocalDate(r.expires_at, timezone), -1);
      const added = await inTransaction(this.db, async (tx) => {
        const fresh = await this.notifications.add(tx, {
          memberId: r.member_id,
          kind: 'points_expiring',
          title: '积分即将过期',
          body: `您有 ${r.points} 积分将于 ${lastDay} 过期，记得在到期前使用。`,
          businessKey: `points-expiring:${lastDay}`,
        });
        // With the reminder, once per member and expiry day (the notification's key decides).
        if (fresh)
          await this.webhooks.emit(tx, {
            type: 'points.expiring',
            memberId: r.member_id,
            data: { memberId: r.member_id, points: r.points, expiresOn: lastDay },
          });
        return fresh;
      });
      if (added) sent++;
    }
    return sent;
  }

  /**
   * Yearly tier review (保级): members whose review date has come keep their tier if they earned
   * the keep-tier growth in the period, else drop per the shared rule (one level by default).
   */
  async reviewTiers(now = new Date()): Promise<{ reviewed: number; downgraded: number }> {
    // One programme version for the whole run: its timezone, tiers and keep-growth.
    const { timezone, tiers } = await this.programme.current();
    const today = toLocalDate(now, timezone);
    const candidates = await this.members.tierReviewCandidates(this.db);
    let reviewed = 0;
    let downgraded = 0;
    for (const c of candidates) {
      const since = toLocalDate(c.tier_since, timezone);
      if (!isTierReviewDue(since, c.tier_reviewed_on, today)) continue;
      const changed = await inTransaction(this.db, async (tx) => {
        const member = await this.ledger.lock(tx, c.id);
        if (!member) return false;
        const fresh = [await this.members.tierReviewedOn(tx, c.id)];
        if (!isTierReviewDue(toLocalDate(member.tierSince, timezone), fresh[0]?.tier_reviewed_on ?? null, today)) return false;
        // The review period runs from the moment the tier was reached (the order that reached it
        // does not count towards keeping it) or from the last review, until now.
        const sinceDay = toLocalDate(member.tierSince, timezone);
        const lastReview = fresh[0]?.tier_reviewed_on ?? null;
        const periodStart =
          lastReview !== null && lastReview > sinceDay ? startOfLocalDate(lastReview, timezone) : member.tierSince;
        const period = await this.orders.growthBetween(tx, member.id, periodStart, now);
        const result = reviewTier(tiers, member.tierCode, Math.max(0, period!.growth), member.growth);
        const from = tiers.find((t) => t.code === member.tierCode)!;
        await this.members.setTierReviewedOn(tx, member.id, today);
        if (result.change === 'kept') return false;
        member.growth = result.growthAfter;
        member.tierCode = result.tier.code;
        member.tierSince = now;
        member.dirty = true;
        await this.ledger.save(tx, member);
        await this.tierEvents.recordChange(tx, member.id, from, result.tier, 'review', now);
        return result.change === 'downgraded';
      });
      reviewed++;
      if (changed) downgraded++;
    }
    return { reviewed, downgraded };
  }
}
