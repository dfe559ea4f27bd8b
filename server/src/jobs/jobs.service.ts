// Scheduled jobs on pg-boss, a PostgreSQL-backed queue: its cron schedules are claimed through
// the database, so several server instances never run the same occurrence twice, and a job
// that fails is retried. Handlers are the idempotent methods of the feature services.
// Why pg-boss: it needs nothing but the PostgreSQL we already run (no Redis), supports cron
// with a timezone, and its SKIP LOCKED fetch is safe across instances. (graphile-worker needs
// Node 22.)
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { withStartupLock } from '../database/startup-lock.js';
import { CouponJobsService } from '../coupons/coupon-jobs.service.js';
import { ReferralRewardsService } from '../engagement/referral-rewards.service.js';
import { SubscriptionsService } from '../engagement/subscriptions.service.js';
import { LoyaltyJobsService } from '../loyalty/loyalty-jobs.service.js';
import { MemberRightsService } from '../member-rights/member-rights.service.js';
import { pruneIdempotencyKeys } from '../common/idempotency.js';
import { RateLimiterService } from '../common/rate-limiter.service.js';
import { PresenceService } from '../till/presence.service.js';
import { OutboxRelay } from '../outbox/outbox.relay.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import { MemberScoresService } from '../analytics/member-scores.service.js';
import { AutomationsService } from '../campaigns/automations.service.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { PaymentsService } from '../payments/payments.service.js';
import { StoredValueService } from '../stored-value/stored-value.service.js';
import { MembershipService } from '../membership/membership.service.js';
import { RecommendationsService } from '../recommendations/recommendations.service.js';

export const DATABASE_URL = Symbol('DATABASE_URL');

/** Job name → cron (programme timezone) and what it runs. */
export interface JobDefinition {
  name: string;
  cron: string;
  run: () => Promise<unknown>;
  /** A run that did nothing is logged at debug level, not info (the every-minute jobs). */
  idle?: (result: unknown) => boolean;
}

/** True when every number in the result is 0: nothing was started, delivered or skipped. */
const allZero = (result: unknown): boolean =>
  typeof result === 'object' && result !== null && Object.values(result).every((v) => v === 0);

@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private boss: PgBoss | null = null;
  readonly definitions: JobDefinition[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    loyalty: LoyaltyJobsService,
    coupons: CouponJobsService,
    subscriptions: SubscriptionsService,
    referrals: ReferralRewardsService,
    rights: MemberRightsService,
    limiter: RateLimiterService,
    presence: PresenceService,
    @Inject(DataSource) db: DataSource,
    private readonly relay: OutboxRelay,
    analytics: AnalyticsService,
    scores: MemberScoresService,
    campaigns: CampaignsService,
    automations: AutomationsService,
    recommendations: RecommendationsService,
    payments: PaymentsService,
    storedValue: StoredValueService,
    membership: MembershipService,
  ) {
    this.definitions = [
      // Just after local midnight: lots expire at the start of a local day.
      { name: 'points-expire', cron: '5 0 * * *', run: () => loyalty.expirePoints() },
      // The built-in automation `expiry_reminder`: off → nothing; its `days` is the reminder window.
      {
        name: 'points-expiry-reminder',
        cron: '0 10 * * *',
        run: async () => {
          const on = await automations.builtin('expiry_reminder');
          return on ? loyalty.remindExpiringPoints(new Date(), Number(on.args.days)) : { skipped: 'automation switched off' };
        },
      },
      { name: 'tier-review', cron: '30 0 * * *', run: () => loyalty.reviewTiers() },
      // Coupons expire at the start of a local day, like lots.
      { name: 'coupon-expire', cron: '2 0 * * *', run: () => coupons.expireCoupons() },
      // The built-in automation `birthday_coupons`: off → nothing.
      {
        name: 'coupon-birthday',
        cron: '0 9 * * *',
        run: async () =>
          (await automations.builtin('birthday_coupons'))
            ? coupons.issueBirthdayCoupons()
            : { skipped: 'automation switched off' },
      },
      // Evening nudge for members who have not checked in yet (spends one subscribe grant each).
      { name: 'checkin-reminder', cron: '0 20 * * *', run: () => subscriptions.sendCheckInReminders() },
      // Hourly: release referral rewards whose refund window has passed, cancel refunded ones.
      { name: 'referral-rewards', cron: '15 * * * *', run: () => referrals.processReferralRewards() },
      // Hourly: members who never accepted the privacy policy within 24 h are removed (PIPL art. 47).
      { name: 'purge-unconsented-members', cron: '40 * * * *', run: () => rights.purgeNeverConsented() },
      // Every 10 minutes: delete closed abuse-limit windows.
      { name: 'rate-limit-prune', cron: '*/10 * * * *', run: () => limiter.prune() },
      // Hourly: identifications a day past expiry and Idempotency-Keys older than 7 days.
      {
        name: 'housekeeping-prune',
        cron: '50 * * * *',
        run: async () => ({
          identifications: await presence.pruneExpired(),
          idempotencyKeys: await pruneIdempotencyKeys(db),
          deliveredOutboxMessages: await relay.prune(),
        }),
      },
      // Nightly: past days' rollup shards folded into one row per key (before the check reads them).
      { name: 'analytics-compact', cron: '10 4 * * *', run: () => analytics.compact() },
      // Nightly: the analytics rollups against their recomputation from the raw rows (read-only;
      // `pnpm analytics:rebuild` repairs; not scheduled, as writers wait while it runs).
      { name: 'analytics-check', cron: '20 4 * * *', run: async () => ({ violations: (await analytics.check()).length }) },
      // Nightly: every member's lifecycle stage and RFM scores into member_score, stage / group
      // changes appended to member_score_change (+ member.lifecycle_changed). Set-based SQL over
      // the rollups, upserted in batches (docs/metrics.md "The member-scores job").
      { name: 'member-scores', cron: '40 3 * * *', run: () => scores.recompute() },
      // Campaigns: scheduled ones start, a running one whose batches stopped gets its lanes again.
      { name: 'campaign-sweep', cron: '* * * * *', run: () => campaigns.sweep(), idle: allZero },
      // Automations: occurrences found by scanning (became_silent after member-scores, birthday,
      // points_expiring), then every minute the due runs are carried out.
      { name: 'automation-scan', cron: '55 3 * * *', run: () => automations.scan() },
      { name: 'automation-runs', cron: '* * * * *', run: () => automations.runDue(), idle: allZero },
      // Nightly: co-purchase pairs, store popularity and the item catalogue recomputed from the
      // order lines in one transaction (docs/recommendations.md).
      { name: 'recommendations', cron: '50 3 * * *', run: () => recommendations.recompute() },
      // Every minute: payments a minute old without a notification are asked about (settled when
      // paid, closed when expired unpaid); refunds still processing too (docs/stored-value.md).
      { name: 'payments-sync', cron: '* * * * *', run: () => payments.syncDue(), idle: allZero },
      // Just after local midnight: stored-value bonus past its expiry leaves the balance.
      { name: 'stored-value-bonus-expiry', cron: '7 0 * * *', run: () => storedValue.expireBonuses() },
      // Paid membership: the month's coupon pack (once per member and month), and the notice of an ended term.
      { name: 'membership-monthly-coupons', cron: '20 0 * * *', run: () => membership.grantMonthlyPacks() },
      { name: 'membership-expiry', cron: '*/10 * * * *', run: () => membership.noticeEnded(), idle: allZero },
    ];
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.jobs) return;
    const boss = new PgBoss({ connectionString: this.databaseUrl, schema: 'pgboss', max: 4, application_name: 'huiyuan-jobs' });
    boss.on('error', (err: Error) => this.logger.error({ err: { message: err.message } }, 'job queue error'));
    // pg-boss's schema and queue setup deadlocks when two instances do it at the same moment.
    await withStartupLock(this.databaseUrl, async () => {
      await boss.start();
      for (const job of this.definitions) {
        await boss.createQueue(job.name);
        await boss.schedule(job.name, job.cron, {}, { tz: this.config.timezone });
      }
    });
    for (const job of this.definitions) {
      await boss.work(job.name, async () => {
        const started = Date.now();
        const result = await job.run();
        const line = { job: job.name, ms: Date.now() - started, result };
        if (job.idle?.(result)) this.logger.debug(line, 'job done');
        else this.logger.log(line, 'job done');
      });
    }
    this.boss = boss;
    // The outbox relay runs where jobs run: after-commit effects (WeChat messages) are jobs too.
    await this.relay.start();
    this.logger.log(`job queue started (${this.definitions.map((d) => d.name).join(', ')})`);
  }

  /** True once this instance runs the queue (HUIYUAN_JOBS on and pg-boss started). */
  get queueRunning(): boolean {
    return this.boss !== null;
  }

  /** Enqueue a job now (ops, tests): runs on whichever instance picks it up first. */
  async runNow(name: string): Promise<string | null> {
    if (!this.boss) throw new Error('job queue is not running (HUIYUAN_JOBS=0)');
    return this.boss.send(name, {});
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.boss = null;
  }
}
