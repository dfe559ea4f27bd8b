// Daily check-in (签到), make-ups (补签) and the calendar. The rules are shared/src/rules/checkin.ts;
// this service turns `now` into the local date once (programme timezone), gathers the member's
// history under the member lock, asks the rule, and writes the check-in row and its points in
// one transaction. The unique key (member_id, date) is the last line of defence against a
// double check-in; the member row lock makes concurrent requests of one member queue up so the
// second one sees the first and answers 409 without touching the ledger.
import { Inject, Injectable } from '@nestjs/common';
import {
  checkIn,
  checkInCalendar,
  nextCheckInMilestone,
  planMakeUp,
  toLocalDate,
  type CheckInCalendarResponse,
  type CheckInRecord,
  type CheckInResponse,
  type CheckInReward,
  type CheckInRewardView,
  type MakeUpCheckInResponse,
  type MakeUpRefusal,
  type ExportRow,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { inTransaction, pgConstraint, pgErrorCode } from '../common/transaction.js';
import { PointsLedgerService, type LockedMember } from '../loyalty/points-ledger.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { CHECKIN_COUPON_CHANNEL, EngagementSettingsService } from './engagement-settings.service.js';
import { MemberRepository } from '../members/member.repository.js';
import { CheckInRepository } from './check-in.repository.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

const withCouponSlots = (rewards: CheckInReward[]): CheckInRewardView[] =>
  rewards.map((r) => (r.type === 'coupon' ? { ...r, couponId: null } : r));

@Injectable()
export class CheckInService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly ledger: PointsLedgerService,
    private readonly programme: ProgrammeService,
    private readonly settings: EngagementSettingsService,
    private readonly rewards: RewardsService,
    private readonly members: MemberRepository,
    private readonly checkins: CheckInRepository,
    private readonly analytics: AnalyticsService,
    private readonly webhooks: WebhookEventsService,
  ) {}

  /** Today's check-in. 409 ALREADY_CHECKED_IN on a second one the same local date. */
  async checkIn(memberId: string, now = new Date()): Promise<CheckInResponse> {
    const today = toLocalDate(now, this.programme.settings.timezone);
    const config = await this.settings.checkIn();
    const { rewards, result } = await this.guardDuplicate(() =>
      inTransaction(this.db, async (tx) => {
        const member = await this.lockActive(tx, memberId);
        const history = await this.history(tx, memberId);
        const result = checkIn(history, today, config);
        if (!result.ok) throw new DomainError('ALREADY_CHECKED_IN', 'already checked in today');
        if (result.pointsAwarded > 0) {
          await this.rewards.grant(
            tx,
            member,
            { kind: 'points', points: result.pointsAwarded, reason: 'checkin' },
            `checkin:${today}`,
            now,
          );
        }
        const rewards = await this.grantCoupons(tx, memberId, today, withCouponSlots(result.rewards), now);
        await this.insert(
          tx,
          { memberId, date: today, madeUp: false, streak: result.streak, points: result.pointsAwarded, cost: 0, rewards },
          now,
        );
        await this.analytics.checkedIn(tx, memberId, today);
        await this.ledger.save(tx, member);
        return { rewards, result };
      }),
    );
    return {
      date: today,
      streak: result.streak,
      pointsAwarded: result.pointsAwarded,
      rewards,
      cumulativeInCycle: result.cumulativeInCycle,
    };
  }

  /** A make-up (补签) of a missed day in the current cycle, paid with points. */
  async makeUp(memberId: string, date: string, now = new Date()): Promise<MakeUpCheckInResponse> {
    const { timezone } = this.programme.settings;
    const today = toLocalDate(now, timezone);
    const config = await this.settings.checkIn();
    const { rewards, plan } = await this.guardDuplicate(() =>
      inTransaction(this.db, async (tx) => {
        const member = await this.lockActive(tx, memberId);
        const history = await this.history(tx, memberId);
        // Points that expired by now cannot pay for a make-up, even before the expiry job ran.
        await this.ledger.expireDue(tx, member, now);
        const plan = planMakeUp(
          {
            history,
            target: date,
            today,
            registeredOn: await this.registeredOn(tx, memberId),
            balance: await this.ledger.spendable(tx, memberId, now),
          },
          config,
        );
        if (!plan.ok) throw makeUpRefusal(plan);
        if (plan.costPoints > 0) {
          await this.ledger.debit(tx, member, 'checkin_makeup', { businessKey: `checkin-makeup:${date}` }, plan.costPoints, now);
        }
        if (plan.pointsAwarded > 0) {
          await this.rewards.grant(
            tx,
            member,
            { kind: 'points', points: plan.pointsAwarded, reason: 'checkin' },
            `checkin:${date}`,
            now,
          );
        }
        const rewards = await this.grantCoupons(tx, memberId, date, withCouponSlots(plan.rewards), now);
        await this.insert(
          tx,
          { memberId, date, madeUp: true, streak: plan.streak, points: plan.pointsAwarded, cost: plan.costPoints, rewards },
          now,
        );
        await this.ledger.save(tx, member);
        return { rewards, plan };
      }),
    );
    return {
      date,
      streak: plan.streakNow,
      pointsAwarded: plan.pointsAwarded,
      rewards,
      cumulativeInCycle: plan.cumulativeInCycle,
      costPoints: plan.costPoints,
      makeUpsLeft: plan.makeUpsLeft,
    };
  }

  /** The month's calendar as seen `now`, with the streak and the next milestone. */
  async calendar(memberId: string, month: string | undefined, now = new Date()): Promise<CheckInCalendarResponse> {
    const today = toLocalDate(now, this.programme.settings.timezone);
    const config = await this.settings.checkIn();
    const history = await this.history(this.db.manager, memberId);
    const registeredOn = await this.registeredOn(this.db.manager, memberId);
    const cal = checkInCalendar({ history, month: month ?? today.slice(0, 7), today, registeredOn }, config);
    const todayTry = checkIn(history, today, config);
    return {
      ...cal,
      today,
      nextMilestone: nextCheckInMilestone(history, today, config),
      todayPoints: todayTry.ok ? todayTry.pointsAwarded : 0,
    };
  }

  private async lockActive(tx: EntityManager, memberId: string): Promise<LockedMember> {
    const member = await this.ledger.lock(tx, memberId);
    if (!member) throw DomainError.notFound('member');
    if (member.status !== 'active') throw new DomainError('MEMBER_NOT_ACTIVE', 'this membership is not active');
    return member;
  }

  /** Every check-in of the member (a streak may reach back any distance). */
  private async history(db: Pick<EntityManager, 'query'>, memberId: string): Promise<CheckInRecord[]> {
    const rows = await this.checkins.history(db, memberId);
    return rows.map((r) => ({ date: r.date, madeUp: r.made_up }));
  }

  private async registeredOn(db: Pick<EntityManager, 'query'>, memberId: string): Promise<string> {
    const createdAt = await this.members.createdAt(db, memberId);
    if (!createdAt) throw DomainError.notFound('member');
    return toLocalDate(createdAt, this.programme.settings.timezone);
  }

  private async insert(
    tx: EntityManager,
    c: {
      memberId: string;
      date: string;
      madeUp: boolean;
      streak: number;
      points: number;
      cost: number;
      rewards: CheckInRewardView[];
    },
    now: Date,
  ): Promise<string> {
    const checkinId = await this.checkins.insert(tx, c, now);
    await this.webhooks.emit(tx, {
      type: 'checkin.recorded',
      memberId: c.memberId,
      data: { checkinId, memberId: c.memberId, localDate: c.date, streak: c.streak, points: c.points },
    });
    return checkinId;
  }

  /** A concurrent request that slipped past the lock still hits the unique key: the same 409. */
  private async guardDuplicate<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'checkin_member_date_key') {
        throw new DomainError('ALREADY_CHECKED_IN', 'already checked in on this date');
      }
      throw err;
    }
  }

  /**
   * Milestone coupons (and lottery entries, `checkin:<date>:lottery:<lottery>`), granted in the
   * check-in's own transaction under `checkin:<date>:<template>`
   * (the rewards pipeline). A coupon that cannot be issued (out of stock, paused, ended) is
   * skipped: the check-in still succeeds, the reward keeps `couponId: null` and reward_grant
   * records the reason.
   */
  private async grantCoupons(
    tx: EntityManager,
    memberId: string,
    date: string,
    rewards: CheckInRewardView[],
    now: Date,
  ): Promise<CheckInRewardView[]> {
    const out: CheckInRewardView[] = [];
    for (const r of rewards) {
      if (r.type === 'lottery_entry') {
        const outcome = await this.rewards.grant(
          tx,
          memberId,
          { kind: 'lottery_entry', lotteryId: r.lotteryId, entries: r.entries },
          `checkin:${date}:lottery:${r.lotteryId}`,
          now,
        );
        out.push({ ...r, granted: outcome.status === 'granted' });
        continue;
      }
      if (r.type !== 'coupon') {
        out.push(r);
        continue;
      }
      const outcome = await this.rewards.grant(
        tx,
        memberId,
        { kind: 'coupon', templateId: r.couponTemplateId, channel: CHECKIN_COUPON_CHANNEL },
        `checkin:${date}:${r.couponTemplateId}`,
        now,
      );
      out.push({ ...r, couponId: outcome.status === 'granted' && outcome.kind === 'coupon' ? outcome.couponId : null });
    }
    return out;
  }

  /** The member's check-ins, for GET /me/export (kept after erasure: they earned ledger points). */
  async exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return this.checkins.exportFor(tx, memberId);
  }
}

/** The message of each make-up refusal; the rule already chose the API code (and its reason goes as details). */
const MAKE_UP_MESSAGES: { [C in MakeUpRefusal['code']]: (reason: string | undefined) => string } = {
  ALREADY_CHECKED_IN: () => 'this day is already checked in',
  INSUFFICIENT_POINTS: () => 'not enough points for a make-up',
  MAKE_UP_LIMIT_REACHED: () => 'no make-ups left in this cycle',
  MAKE_UP_NOT_ALLOWED: (reason) => `this day cannot be made up (${reason ?? 'not allowed'})`,
  VALIDATION_FAILED: () => 'date: must be a real date YYYY-MM-DD',
};

function makeUpRefusal(r: MakeUpRefusal): DomainError {
  return DomainError.fromRefusal(r, MAKE_UP_MESSAGES[r.code](r.reason));
}
