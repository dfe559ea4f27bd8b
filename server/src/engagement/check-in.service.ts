// Daily check-in (签到), make-ups (补签) and the calendar. The rules are shared/src/rules/checkin.ts;
// this service turns `now` into the local date once (programme timezone), gathers the member's
// history under the member lock, asks the rule, and writes the check-in row and its points in
// one transaction. The unique key (member_id, date) is the last line of defence against a
// double check-in; the member row lock makes concurrent requests of one member queue up so the
// second one sees the first and answers 409 without touching the ledger.
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  checkIn,
  checkInCalendar,
  lotExpiresAt,
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
import { exportRows } from '../common/export-rows.js';
import { inTransaction, pgConstraint, pgErrorCode } from '../common/transaction.js';
import { CouponIssuerService } from '../coupons/coupon-issuer.service.js';
import { PointsLedgerService, type LockedMember } from '../loyalty/points-ledger.service.js';
import { ProgrammeService } from '../loyalty/programme.service.js';
import { CHECKIN_COUPON_CHANNEL, EngagementSettingsService } from './engagement-settings.service.js';

interface Written {
  id: string;
  date: string;
  rewards: CheckInRewardView[];
}

const withCouponSlots = (rewards: CheckInReward[]): CheckInRewardView[] =>
  rewards.map((r) => (r.type === 'coupon' ? { ...r, couponId: null } : r));

@Injectable()
export class CheckInService {
  private readonly logger = new Logger('CheckIn');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly ledger: PointsLedgerService,
    private readonly programme: ProgrammeService,
    private readonly settings: EngagementSettingsService,
    private readonly coupons: CouponIssuerService,
  ) {}

  /** Today's check-in. 409 ALREADY_CHECKED_IN on a second one the same local date. */
  async checkIn(memberId: string, now = new Date()): Promise<CheckInResponse> {
    const { timezone, expiry } = this.programme.settings;
    const today = toLocalDate(now, timezone);
    const config = await this.settings.checkIn();
    const { written, result } = await this.guardDuplicate(() =>
      inTransaction(this.db, async (tx) => {
        const member = await this.lockActive(tx, memberId);
        const history = await this.history(tx, memberId);
        const result = checkIn(history, today, config);
        if (!result.ok) throw new DomainError('ALREADY_CHECKED_IN', 'already checked in today');
        const rewards = withCouponSlots(result.rewards);
        const id = await this.insert(
          tx,
          { memberId, date: today, madeUp: false, streak: result.streak, points: result.pointsAwarded, cost: 0, rewards },
          now,
        );
        if (result.pointsAwarded > 0) {
          await this.ledger.credit(
            tx,
            member,
            'checkin',
            { businessKey: `checkin:${today}` },
            [{ points: result.pointsAwarded, expiresAt: lotExpiresAt(expiry, now, timezone) }],
            now,
          );
        }
        await this.ledger.save(tx, member);
        return { written: { id, date: today, rewards }, result };
      }),
    );
    const rewards = await this.issueCoupons(memberId, written, now);
    await this.retryPendingCoupons(memberId, written.id, now);
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
    const { timezone, expiry } = this.programme.settings;
    const today = toLocalDate(now, timezone);
    const config = await this.settings.checkIn();
    const { written, plan } = await this.guardDuplicate(() =>
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
        const rewards = withCouponSlots(plan.rewards);
        const id = await this.insert(
          tx,
          { memberId, date, madeUp: true, streak: plan.streak, points: plan.pointsAwarded, cost: plan.costPoints, rewards },
          now,
        );
        if (plan.costPoints > 0) {
          await this.ledger.debit(tx, member, 'checkin_makeup', { businessKey: `checkin-makeup:${date}` }, plan.costPoints, now);
        }
        if (plan.pointsAwarded > 0) {
          await this.ledger.credit(
            tx,
            member,
            'checkin',
            { businessKey: `checkin:${date}` },
            [{ points: plan.pointsAwarded, expiresAt: lotExpiresAt(expiry, now, timezone) }],
            now,
          );
        }
        await this.ledger.save(tx, member);
        return { written: { id, date, rewards }, plan };
      }),
    );
    const rewards = await this.issueCoupons(memberId, written, now);
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
    const rows: { date: string; made_up: boolean }[] = await db.query(
      'SELECT date, made_up FROM checkin WHERE member_id = $1 ORDER BY date',
      [memberId],
    );
    return rows.map((r) => ({ date: r.date, madeUp: r.made_up }));
  }

  private async registeredOn(db: Pick<EntityManager, 'query'>, memberId: string): Promise<string> {
    const rows: { created_at: Date }[] = await db.query('SELECT created_at FROM member WHERE id = $1', [memberId]);
    if (!rows[0]) throw DomainError.notFound('member');
    return toLocalDate(rows[0].created_at, this.programme.settings.timezone);
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
    const pendingCoupons = c.rewards.some((r) => r.type === 'coupon');
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO checkin (member_id, date, made_up, streak, points_awarded, cost_points, rewards, coupons_issued, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [c.memberId, c.date, c.madeUp, c.streak, c.points, c.cost, JSON.stringify(c.rewards), !pendingCoupons, now],
    );
    return rows[0]!.id;
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
   * Coupon rewards are issued after the check-in committed (the issuer opens its own
   * transaction), keyed `checkin:<date>:<template>` so a retry never issues twice. A coupon that
   * cannot be issued (out of stock, paused) stays `couponId: null` in the record.
   */
  private async issueCoupons(memberId: string, written: Written, now: Date): Promise<CheckInRewardView[]> {
    if (!written.rewards.some((r) => r.type === 'coupon')) return written.rewards;
    const rewards: CheckInRewardView[] = [];
    for (const r of written.rewards) {
      if (r.type !== 'coupon' || r.couponId) {
        rewards.push(r);
        continue;
      }
      const issueKey = `checkin:${written.date}:${r.couponTemplateId}`;
      const issued = await this.coupons.issueAutomaticOne(r.couponTemplateId, memberId, CHECKIN_COUPON_CHANNEL, issueKey, now);
      const couponId = issued?.id ?? (await this.couponByIssueKey(memberId, issueKey));
      if (!couponId) this.logger.warn({ template: r.couponTemplateId }, 'check-in coupon reward could not be issued');
      rewards.push({ ...r, couponId });
    }
    await this.db.query('UPDATE checkin SET rewards = $2, coupons_issued = true WHERE id = $1', [
      written.id,
      JSON.stringify(rewards),
    ]);
    return rewards;
  }

  /** Earlier check-ins whose coupon issue did not finish (a crash between commit and issue). */
  private async retryPendingCoupons(memberId: string, exceptId: string, now: Date): Promise<void> {
    const rows: { id: string; date: string; rewards: CheckInRewardView[] }[] = await this.db.query(
      'SELECT id, date, rewards FROM checkin WHERE member_id = $1 AND coupons_issued = false AND id <> $2',
      [memberId, exceptId],
    );
    for (const r of rows) await this.issueCoupons(memberId, r, now);
  }

  private async couponByIssueKey(memberId: string, issueKey: string): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM coupon WHERE member_id = $1 AND issue_key = $2', [
      memberId,
      issueKey,
    ]);
    return rows[0]?.id ?? null;
  }

  /** The member's check-ins, for GET /me/export (kept after erasure: they earned ledger points). */
  async exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(tx, 'SELECT * FROM checkin WHERE member_id = $1 ORDER BY date, id', [memberId]);
  }
}

function makeUpRefusal(r: MakeUpRefusal): DomainError {
  switch (r.code) {
    case 'ALREADY_CHECKED_IN':
      return new DomainError('ALREADY_CHECKED_IN', 'this day is already checked in');
    case 'INSUFFICIENT_POINTS':
      return new DomainError('INSUFFICIENT_POINTS', 'not enough points for a make-up');
    case 'CONFLICT':
      return new DomainError('MAKE_UP_LIMIT_REACHED', 'no make-ups left in this cycle');
    case 'VALIDATION_FAILED':
      if (r.reason === 'invalid_date') return DomainError.validation('date: must be a real date YYYY-MM-DD');
      return new DomainError('MAKE_UP_NOT_ALLOWED', `this day cannot be made up (${r.reason ?? 'not allowed'})`, [
        { reason: r.reason },
      ]);
  }
}
