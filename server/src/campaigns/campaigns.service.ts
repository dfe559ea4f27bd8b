// Campaigns (营销活动): a segment frozen at launch, a holdout measured against the target, an
// action delivered in batches — each member at most once, whatever is retried, on any number of
// instances. docs/campaigns.md.
//
// Delivery: launching commits the frozen membership together with LANES outbox rows of topic
// `campaign.deliver`. A row's handler runs ONE batch in one transaction — the campaign row locked
// (status, budget and counters are read and written under it), up to BATCH pending members
// claimed in id order, each decided once (delivered / capped / budget / no_quota / ineligible)
// with its action — and, when the batch was full, adds the next row of its lane in that same
// transaction. So progress and the wake-up for the next batch commit together: a crash rolls both
// back and the outbox hands the unfinished row to another instance when its lease ends. The
// `campaign-sweep` job (pg-boss, every minute) starts scheduled campaigns and re-adds lanes to a
// running campaign whose batches stopped (a dead outbox row).
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  actionPoints,
  campaignLift,
  campaignRequestProblems,
  DEFAULT_REPORT_DAYS,
  decideCampaignMove,
  fitsCampaignBudget,
  frequencyCapCutoff,
  groupReport,
  problemDetails,
  type CampaignCommand,
  type CampaignReport,
  type CampaignView,
  type CreateCampaignRequest,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction, savepoint } from '../common/transaction.js';
import { MemberRepository } from '../members/member.repository.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { SegmentsService } from '../segments/segments.service.js';
import { CampaignActionsService, type ActionOutcome, type ActionSource } from './campaign-actions.service.js';
import { CampaignRepository, type BatchCounts, type CampaignRow, type MemberState } from './campaign.repository.js';

export const CAMPAIGN_DELIVER_TOPIC = 'campaign.deliver';
/** Delivery chains per campaign: one more than needed, so a killed instance's chain is not missed for a lease. */
export const CAMPAIGN_LANES = 2;
/** A running campaign without a batch for this long gets its lanes again (campaign-sweep). */
export const CAMPAIGN_QUIET_MS = 2 * 60_000;

interface DeliverPayload {
  campaignId: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function campaignView(r: CampaignRow): CampaignView {
  return {
    id: r.id,
    name: r.name,
    segmentId: r.segment_id,
    action: r.action,
    holdoutBp: r.holdout_bp,
    budget: { maxMembers: r.max_members, maxPoints: r.max_points },
    frequencyCapDays: r.frequency_cap_days,
    scheduleAt: iso(r.schedule_at),
    status: r.status,
    targeted: r.targeted,
    holdout: r.holdout,
    delivered: r.delivered,
    pending: r.status === 'draft' || r.status === 'scheduled' ? 0 : r.pending,
    skipped: {
      capped: r.skipped_capped,
      budget: r.skipped_budget,
      noQuota: r.skipped_no_quota,
      ineligible: r.skipped_ineligible,
    },
    pointsGiven: r.points_given,
    launchedAt: iso(r.launched_at),
    completedAt: iso(r.completed_at),
    createdAt: r.created_at.toISOString(),
  };
}

@Injectable()
export class CampaignsService implements OnModuleInit {
  private readonly logger = new Logger('Campaigns');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: CampaignRepository,
    private readonly segments: SegmentsService,
    private readonly members: MemberRepository,
    private readonly actions: CampaignActionsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.outbox.register(CAMPAIGN_DELIVER_TOPIC, async (m) => {
      await this.deliverBatch((m.payload as DeliverPayload).campaignId);
    });
  }

  async create(actor: StaffPrincipal, req: CreateCampaignRequest, now = new Date()): Promise<CampaignView> {
    const problems = campaignRequestProblems(req, now);
    if (problems.length > 0) throw DomainError.validation('invalid campaign', problemDetails(problems));
    await this.membersOf(req.segmentId, [], now);
    await this.actions.checkTargets(req.action, 'campaign', 'INVALID_CAMPAIGN');
    return inTransaction(this.db, async (tx) => {
      const id = await this.repo.insert(tx, {
        name: req.name.trim(),
        segmentId: req.segmentId,
        action: req.action,
        holdoutBp: req.holdoutBp ?? 0,
        maxMembers: req.budget?.maxMembers ?? null,
        maxPoints: req.budget?.maxPoints ?? null,
        frequencyCapDays: req.frequencyCapDays ?? null,
        scheduleAt: req.scheduleAt ? new Date(req.scheduleAt) : null,
        createdBy: actor.id,
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'campaign.create',
        targetType: 'campaign',
        targetId: id,
        details: { action: req.action.type },
      });
      return campaignView((await this.repo.get(tx, id))!);
    });
  }

  async get(id: string): Promise<CampaignView> {
    const row = await this.repo.get(this.db, id);
    if (!row) throw DomainError.notFound('campaign');
    return campaignView(row);
  }

  async list(): Promise<CampaignView[]> {
    return (await this.repo.list(this.db)).map(campaignView);
  }

  /** launch / pause / resume / cancel, decided by the shared rule under the campaign's lock; audited. */
  async command(actor: StaffPrincipal | null, id: string, command: CampaignCommand, now = new Date()): Promise<CampaignView> {
    return inTransaction(this.db, async (tx) => {
      const row = await this.repo.get(tx, id, true);
      if (!row) throw DomainError.notFound('campaign');
      const move = decideCampaignMove(row.status, command, { scheduleAt: row.schedule_at, now });
      if (!move.ok) throw DomainError.fromRefusal(move, `a ${row.status} campaign cannot ${command}`);
      if (move.to === 'running' && (command === 'launch' || command === 'start')) await this.start(tx, row, now);
      else {
        await this.repo.setStatus(tx, id, move.to, move.to === 'running' ? { touch: now } : {});
        if (move.to === 'running') await this.addLanes(tx, id);
      }
      if (actor)
        await this.audit.record(tx, {
          actorType: 'staff',
          actorId: actor.id,
          action: `campaign.${command}`,
          targetType: 'campaign',
          targetId: id,
          details: { from: row.status, to: move.to },
        });
      return campaignView((await this.repo.get(tx, id))!);
    });
  }

  /** Freezes the segment's members now (and the holdout among them) and starts the delivery lanes. */
  private async start(tx: EntityManager, row: CampaignRow, now: Date): Promise<void> {
    const members = await this.membersOf(row.segment_id, [row.id], now);
    const frozen = await this.repo.freeze(tx, row.id, members, members.conditions, row.holdout_bp);
    await this.repo.setStatus(tx, row.id, 'running', { launchedAt: now, touch: now });
    await this.addLanes(tx, row.id);
    this.logger.log({ campaignId: row.id, ...frozen }, 'campaign started');
  }

  /** The segment's members as SQL (parameters after `leading`); a deleted segment is 422 INVALID_CAMPAIGN. */
  private membersOf(segmentId: string, leading: unknown[], now: Date) {
    return this.segments.membersSqlOf(segmentId, leading, now).catch((err: unknown) => {
      throw err instanceof DomainError && err.code === 'NOT_FOUND'
        ? new DomainError('INVALID_CAMPAIGN', 'segment not found', [{ field: 'segmentId', reason: 'not_found' }])
        : err;
    });
  }

  private async addLanes(tx: EntityManager, campaignId: string): Promise<void> {
    for (let lane = 0; lane < CAMPAIGN_LANES; lane++)
      await this.outbox.add(tx, { topic: CAMPAIGN_DELIVER_TOPIC, payload: { campaignId } satisfies DeliverPayload });
  }

  /**
   * One batch of the campaign's delivery (the outbox handler; tests call it directly). Returns
   * how many members it decided; 0 when the campaign is not running or nothing is left.
   */
  async deliverBatch(campaignId: string, now = new Date()): Promise<number> {
    return inTransaction(this.db, async (tx) => {
      const row = await this.repo.get(tx, campaignId, true);
      if (!row || row.status !== 'running') return 0;
      const ids = await this.repo.claimPending(tx, campaignId, this.config.campaignBatch);
      if (ids.length === 0) {
        await this.repo.setStatus(tx, campaignId, 'completed', { completedAt: now, touch: now });
        this.logger.log({ campaignId, delivered: row.delivered }, 'campaign completed');
        return 0;
      }
      const active = await this.members.openidsOf(tx, ids);
      const points = actionPoints(row.action);
      const budget = {
        maxMembers: row.max_members,
        maxPoints: row.max_points,
        delivered: row.delivered,
        pointsGiven: row.points_given,
      };
      const cutoff = frequencyCapCutoff(now, row.frequency_cap_days);
      const source = { kind: 'campaign' as const, title: row.name };
      const key = `campaign:${campaignId}`;
      const decisions: { memberId: string; state: MemberState }[] = [];
      for (const memberId of ids) {
        let state: MemberState;
        if (!active.has(memberId)) state = 'ineligible';
        else if (!fitsCampaignBudget(budget, points)) state = 'budget';
        else {
          const outcome = await this.reach(tx, memberId, campaignId, row, key, source, now, cutoff);
          if (outcome.state === 'delivered') {
            budget.delivered++;
            budget.pointsGiven += outcome.points;
          }
          state = outcome.state;
        }
        decisions.push({ memberId, state });
      }
      const tally = (state: MemberState) => decisions.filter((d) => d.state === state).length;
      const counts: BatchCounts = {
        delivered: tally('delivered'),
        pointsGiven: budget.pointsGiven - row.points_given,
        capped: tally('capped'),
        budget: tally('budget'),
        noQuota: tally('no_quota'),
        ineligible: tally('ineligible'),
      };
      await this.repo.decide(tx, campaignId, decisions, now);
      await this.repo.addCounts(tx, campaignId, counts, now);
      // A full batch: this lane goes on. A short one was the last: the campaign is complete.
      if (ids.length === this.config.campaignBatch)
        await this.outbox.add(tx, { topic: CAMPAIGN_DELIVER_TOPIC, payload: { campaignId } satisfies DeliverPayload });
      else await this.repo.setStatus(tx, campaignId, 'completed', { completedAt: now });
      return ids.length;
    });
  }

  /**
   * One member: the frequency-cap contact and the action, standing or falling together — a coupon
   * out of stock or a message without a grant leaves the member's cap as it was. Only those two
   * actions can be refused, so only they pay for a savepoint (and only a capped campaign for the
   * contact's answer); a points grant to an active member is never skipped.
   */
  private async reach(
    tx: EntityManager,
    memberId: string,
    campaignId: string,
    row: CampaignRow,
    key: string,
    source: ActionSource,
    now: Date,
    cutoff: Date | null,
  ): Promise<ActionOutcome | { state: 'capped' }> {
    const refusable = row.action.type !== 'points';
    const point = refusable ? await savepoint(tx, 'campaign_member') : null;
    if (cutoff === null) await this.repo.recordContact(tx, memberId, campaignId, now);
    else if (!(await this.repo.claimContact(tx, memberId, campaignId, now, cutoff))) {
      await point?.release();
      return { state: 'capped' };
    }
    const outcome = await this.actions.act(tx, memberId, row.action, key, source, now);
    if (outcome.state === 'delivered') await point?.release();
    else await point?.rollback();
    return outcome;
  }

  /** Runs the whole delivery in this process (tests, the benchmark): batches until none is left. */
  async deliverAll(campaignId: string, now = new Date()): Promise<number> {
    let decided = 0;
    for (let n = await this.deliverBatch(campaignId, now); n > 0; n = await this.deliverBatch(campaignId, now)) decided += n;
    return decided;
  }

  /** campaign-sweep (every minute): scheduled campaigns whose time came start; quiet running ones get their lanes again. */
  async sweep(now = new Date()): Promise<{ started: number; restarted: number }> {
    let started = 0;
    for (const id of await this.repo.dueScheduled(this.db, now)) {
      try {
        await this.command(null, id, 'start', now);
        started++;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        this.logger.warn({ campaignId: id, code: err.code }, 'scheduled campaign did not start');
      }
    }
    const quiet = await this.repo.quietRunning(this.db, new Date(now.getTime() - CAMPAIGN_QUIET_MS));
    for (const id of quiet) await inTransaction(this.db, (tx) => this.addLanes(tx, id));
    return { started, restarted: quiet.length };
  }

  /**
   * Target against holdout over the `days` after the launch (up to now): every frozen member of
   * each group counts (intention to treat — a capped or out-of-budget target member is still a
   * target member), so the lift is what launching the campaign did.
   */
  async report(id: string, days = DEFAULT_REPORT_DAYS, now = new Date()): Promise<CampaignReport> {
    const row = await this.repo.get(this.db, id);
    if (!row) throw DomainError.notFound('campaign');
    if (!row.launched_at) throw new DomainError('CAMPAIGN_STATE', 'the campaign has not started', [{ reason: 'not_started' }]);
    const from = row.launched_at;
    const to = new Date(Math.min(now.getTime(), from.getTime() + days * 86_400_000));
    const rows = await this.repo.report(this.db, id, from, to);
    const side = (holdout: boolean) => {
      const r = rows.find((x) => x.holdout === holdout);
      return groupReport({
        members: r?.members ?? 0,
        buyers: r?.buyers ?? 0,
        repeatBuyers: r?.repeat_buyers ?? 0,
        gmv: Number(r?.gmv ?? 0),
      });
    };
    const target = side(false);
    const holdout = side(true);
    return {
      campaignId: id,
      from: from.toISOString(),
      to: to.toISOString(),
      days,
      target,
      holdout,
      lift: campaignLift(target, holdout),
    };
  }
}
