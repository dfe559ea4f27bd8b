// Automations (自动化): trigger → optional delay → action, once per member per occurrence (the
// unique key of automation_run). Occurrences are recorded where they happen — the first consent
// (registered), the till's order transaction (first_order), a tier change (tier_upgraded) — or
// found by the daily scan (became_silent from the member-scores job's stage changes, birthday,
// points_expiring); `automation-runs` (every minute) carries out the due ones. The product's
// former fixed behaviour — welcome coupons, birthday coupons, the points-expiry reminder — are
// built-in automations: switched off, they do nothing. docs/campaigns.md "Automations".
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  addDays,
  automationProblems,
  birthdayGiftYear,
  describeAutomation,
  problemDetails,
  toLocalDate,
  type AutomationTriggerCode,
  type AutomationView,
  type CampaignAction,
  type CreateAutomationRequest,
  type UpdateAutomationRequest,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { TierEventsService } from '../loyalty/tier-events.service.js';
import { PointsRepository } from '../loyalty/points.repository.js';
import { MemberRepository } from '../members/member.repository.js';
import { MembersService } from '../members/members.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { TillService } from '../till/till.service.js';
import { CampaignActionsService } from './campaign-actions.service.js';
import { AutomationRepository, type AutomationRow } from './automation.repository.js';

const RUN_BATCH = 100;
const SCAN_BATCH = 500;

export type BuiltinAutomation = 'welcome_coupons' | 'birthday_coupons' | 'expiry_reminder';

export function automationView(r: AutomationRow): AutomationView {
  const trigger = { code: r.trigger_code, args: r.trigger_args };
  return {
    id: r.id,
    name: r.name,
    trigger,
    action: r.action,
    delayMinutes: r.delay_minutes,
    enabled: r.enabled,
    builtin: r.builtin_code !== null,
    description: describeAutomation(trigger, r.action, r.delay_minutes),
    fired: r.fired,
    delivered: r.delivered,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

@Injectable()
export class AutomationsService implements OnModuleInit {
  private readonly logger = new Logger('Automations');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: AutomationRepository,
    private readonly actions: CampaignActionsService,
    private readonly rewards: RewardsService,
    private readonly members: MembersService,
    private readonly memberRows: MemberRepository,
    private readonly tierEvents: TierEventsService,
    private readonly points: PointsRepository,
    private readonly programme: ProgrammeService,
    private readonly audit: AuditService,
    private readonly till: TillService,
  ) {}

  onModuleInit(): void {
    // The first consent is registration as far as gifts go: no gift for a member who never agreed.
    this.members.onFirstConsent((tx, memberId, now) => this.registered(tx, memberId, now));
    this.till.onOrderRecorded((tx, o) => this.observeOrder(tx, o.memberId, o.orderId, o.at));
    this.tierEvents.onChange((tx, change, now) =>
      change.up ? this.observeTierUpgrade(tx, change.memberId, change.changeId, change.to, now) : Promise.resolve(),
    );
  }

  // --- admin --------------------------------------------------------------------------------

  async list(): Promise<AutomationView[]> {
    return (await this.repo.list(this.db)).map(automationView);
  }

  async create(actor: StaffPrincipal, req: CreateAutomationRequest): Promise<AutomationView> {
    await this.check(req);
    return inTransaction(this.db, async (tx) => {
      const id = await this.repo.insert(tx, {
        name: req.name.trim(),
        triggerCode: req.trigger.code,
        triggerArgs: req.trigger.args,
        action: req.action,
        delayMinutes: req.delayMinutes ?? 0,
        enabled: req.enabled,
        createdBy: actor.id,
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'automation.create',
        targetType: 'automation',
        targetId: id,
        details: { trigger: req.trigger.code },
      });
      return automationView((await this.repo.get(tx, id))!);
    });
  }

  /** A built-in keeps its trigger and action (its timing — delay, days — and name may change). */
  async update(actor: StaffPrincipal, id: string, req: UpdateAutomationRequest): Promise<AutomationView> {
    await this.check(req);
    return inTransaction(this.db, async (tx) => {
      const row = await this.repo.get(tx, id, true);
      if (!row) throw DomainError.notFound('automation');
      if (row.builtin_code !== null) {
        const problems = [
          ...(req.action !== undefined ? [{ field: 'action', reason: 'a built-in automation keeps its action' }] : []),
          ...(req.trigger !== undefined && req.trigger.code !== row.trigger_code
            ? [{ field: 'trigger.code', reason: 'a built-in automation keeps its trigger' }]
            : []),
        ];
        if (problems.length > 0) throw new DomainError('INVALID_AUTOMATION', 'built-in automation', problems);
      }
      const next = {
        name: req.name?.trim() ?? row.name,
        triggerCode: req.trigger?.code ?? row.trigger_code,
        triggerArgs: req.trigger?.args ?? row.trigger_args,
        action: req.action ?? row.action,
        delayMinutes: req.delayMinutes ?? row.delay_minutes,
        enabled: req.enabled ?? row.enabled,
      };
      await this.repo.update(tx, id, next);
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'automation.update',
        targetType: 'automation',
        targetId: id,
        details: { enabled: { from: row.enabled, to: next.enabled }, delayMinutes: next.delayMinutes },
      });
      return automationView((await this.repo.get(tx, id))!);
    });
  }

  private async check(req: { trigger?: unknown; action?: unknown; delayMinutes?: unknown }): Promise<void> {
    const problems = automationProblems(req);
    if (problems.length > 0) throw DomainError.validation('invalid automation', problemDetails(problems));
    if (req.action !== undefined)
      await this.actions.checkTargets(req.action as CampaignAction, 'automation', 'INVALID_AUTOMATION');
  }

  /** A built-in's settings when it is switched on, else null (the job then does nothing). */
  async builtin(code: BuiltinAutomation): Promise<{ args: Record<string, unknown> } | null> {
    const row = await this.repo.byBuiltin(this.db, code);
    return row && row.enabled ? { args: row.trigger_args } : null;
  }

  // --- occurrences ----------------------------------------------------------------------------

  /** registered: the welcome coupons at once when that built-in is on, and every custom automation's run. */
  private async registered(tx: EntityManager, memberId: string, now: Date): Promise<void> {
    const welcome = await this.repo.byBuiltin(tx, 'welcome_coupons');
    if (welcome?.enabled) {
      if (welcome.delay_minutes === 0) {
        const granted = await this.rewards.grantWelcome(tx, memberId, now);
        await this.repo.recordDone(
          tx,
          welcome.id,
          memberId,
          'registered',
          now,
          granted > 0 ? 'delivered' : 'skipped',
          granted > 0 ? null : 'nothing_to_grant',
        );
      } else await this.repo.insertRuns(tx, welcome.id, welcome.delay_minutes, [{ memberId, occurrence: 'registered' }], now);
    }
    await this.repo.observe(tx, 'registered', memberId, 'registered', now);
  }

  /**
   * first_order, from the till's order transaction (the member's lock held): queued with the
   * order's own write — no round trip — and only when the member has no earlier order.
   */
  observeOrder(tx: EntityManager, memberId: string, orderId: string, now: Date): Promise<void> {
    return this.repo.observeFirstOrder(tx, memberId, orderId, now);
  }

  private observeTierUpgrade(tx: EntityManager, memberId: string, changeId: string, toTier: string, now: Date): Promise<void> {
    return this.repo.observeTierUpgrade(tx, memberId, changeId, toTier, now);
  }

  /**
   * The daily scan (automation-scan, after member-scores): became_silent from yesterday's and
   * today's stage changes, birthday months, points expiring within each automation's days.
   * Re-running finds the same occurrences and adds nothing (the unique key).
   */
  async scan(now = new Date()): Promise<{ queued: number }> {
    const { timezone } = this.programme.settings;
    const today = toLocalDate(now, timezone);
    const enabled = (await this.repo.list(this.db)).filter((a) => a.enabled && a.builtin_code === null);
    const of = (code: AutomationTriggerCode) => enabled.filter((a) => a.trigger_code === code);
    let queued = 0;
    const silent = of('became_silent');
    if (silent.length > 0) {
      const changes = await this.repo.becameSilentSince(this.db, addDays(today, -1));
      for (const a of silent)
        queued += await this.repo.insertRuns(
          this.db,
          a.id,
          a.delay_minutes,
          changes.map((c) => ({ memberId: c.member_id, occurrence: `silent:${c.change_id}` })),
          now,
        );
    }
    const birthday = of('birthday');
    if (birthday.length > 0) {
      const month = Number(today.slice(5, 7));
      for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
        const page = await this.memberRows.birthdaysIn(this.db, month, after, SCAN_BATCH);
        if (page.length === 0) break;
        const rows = page.flatMap((m) => {
          const year = birthdayGiftYear(m.birthday, today);
          return year === null ? [] : [{ memberId: m.id, occurrence: `birthday:${year}` }];
        });
        for (const a of birthday) queued += await this.repo.insertRuns(this.db, a.id, a.delay_minutes, rows, now);
        after = page[page.length - 1]!.id;
      }
    }
    for (const a of of('points_expiring')) {
      const days = Number(a.trigger_args.days);
      const lots = await this.points.expiringBetween(this.db, now, new Date(now.getTime() + days * 86_400_000));
      const rows = lots.map((l) => ({
        memberId: l.member_id,
        occurrence: `expiring:${addDays(toLocalDate(l.expires_at, timezone), -1)}`,
      }));
      queued += await this.repo.insertRuns(this.db, a.id, a.delay_minutes, rows, now);
    }
    return { queued };
  }

  /** automation-runs (every minute): carries out the due runs, in batches, safe on several instances. */
  async runDue(now = new Date()): Promise<{ delivered: number; skipped: number }> {
    const out = { delivered: 0, skipped: 0 };
    for (;;) {
      const n = await inTransaction(this.db, async (tx) => {
        const runs = await this.repo.claimDue(tx, now, RUN_BATCH);
        const active = await this.memberRows.openidsOf(tx, [...new Set(runs.map((r) => r.member_id))]);
        for (const run of runs) {
          let state: 'delivered' | 'skipped' = 'skipped';
          let outcome: string | null;
          if (!run.enabled) outcome = 'disabled';
          else if (!active.has(run.member_id)) outcome = 'ineligible';
          else if (run.action.type === 'builtin') {
            // Only the welcome coupons are run this way (a delayed welcome); the others have their own jobs.
            const granted = run.action.code === 'welcome_coupons' ? await this.rewards.grantWelcome(tx, run.member_id, now) : 0;
            state = granted > 0 ? 'delivered' : 'skipped';
            outcome = granted > 0 ? null : 'nothing_to_grant';
          } else {
            const r = await this.actions.act(
              tx,
              run.member_id,
              run.action,
              `automation:${run.automation_id}:${run.occurrence}`,
              { kind: 'automation', title: run.name },
              now,
            );
            state = r.state === 'delivered' ? 'delivered' : 'skipped';
            outcome = r.state === 'delivered' ? null : r.state === 'ineligible' ? r.reason : r.state;
          }
          await this.repo.settle(tx, run.id, state, outcome, now);
          out[state]++;
        }
        return runs.length;
      });
      if (n < RUN_BATCH) break;
    }
    if (out.delivered + out.skipped > 0) this.logger.log(out, 'automation runs');
    return out;
  }
}
