// Lifecycle thresholds (admin-editable) and the nightly member-scores job (issue 11 item 3;
// docs/metrics.md "Lifecycle", "RFM", "The member-scores job").
//
// The job: on one database session, (1) a single INSERT … SELECT snapshots every member's stage
// and RFM scores as of today into a temporary table — one statement over the rollups, read
// under MVCC, so the till's writers never wait for it; (2) batches of BATCH members are upserted
// into member_score, each in its own short transaction that also appends the stage / group
// changes and raises `member.lifecycle_changed` for stage changes; (3) scores of members who no
// longer exist are deleted. A member scored for the first time records no change (the first run
// on an existing database only initialises). One run at a time (advisory lock).
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DEFAULT_LIFECYCLE,
  lifecycleThresholdsProblems,
  toLocalDate,
  type LifecycleSettingsResponse,
  type LifecycleThresholds,
  type LocalDate,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';
import { ScoresRepository } from './scores.repository.js';

/** Members per upsert transaction: short transactions, a few hundred ms each at most. */
export const MEMBER_SCORES_BATCH = 20_000;

export interface MemberScoresRun {
  asOf: LocalDate;
  thresholds: LifecycleThresholds;
  members: number;
  buyers: number;
  /** Members scored for the first time (no change recorded for them). */
  initialised: number;
  /** member_score rows inserted or changed (unchanged rows are not rewritten). */
  written: number;
  stageChanges: number;
  groupChanges: number;
  deleted: number;
  /** The snapshot statement, the batches, the whole run. */
  snapshotMs: number;
  applyMs: number;
  ms: number;
}

@Injectable()
export class MemberScoresService {
  private readonly logger = new Logger('MemberScores');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly rows: ScoresRepository,
    private readonly programme: ProgrammeService,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookEventsService,
  ) {}

  /** The thresholds in force (DEFAULT_LIFECYCLE until an admin saves some). */
  async thresholds(db: Pick<EntityManager, 'query'> = this.db): Promise<LifecycleThresholds> {
    const t = await this.rows.thresholds(db);
    return t
      ? { newDays: t.newDays, silentAfterDays: t.silentAfterDays, churnedAfterDays: t.churnedAfterDays }
      : DEFAULT_LIFECYCLE;
  }

  async settings(): Promise<LifecycleSettingsResponse> {
    const t = await this.rows.thresholds(this.db);
    if (!t) return { ...DEFAULT_LIFECYCLE, updatedAt: null, updatedBy: null };
    return { ...t, updatedAt: t.updatedAt.toISOString() };
  }

  /** Validated by the shared rule (400 VALIDATION_FAILED with every problem in details), audited. */
  async putSettings(actor: StaffPrincipal, input: unknown): Promise<LifecycleSettingsResponse> {
    const problems = lifecycleThresholdsProblems(input);
    if (problems.length > 0) throw DomainError.validation(problems[0]!, problems);
    const t = input as LifecycleThresholds;
    const next = { newDays: t.newDays, silentAfterDays: t.silentAfterDays, churnedAfterDays: t.churnedAfterDays };
    await inTransaction(this.db, async (tx) => {
      const before = await this.thresholds(tx);
      await this.rows.saveThresholds(tx, next, actor.id);
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'lifecycle_settings.update',
        targetType: 'lifecycle_setting',
        targetId: '1',
        details: { before, after: next },
      });
    });
    return this.settings();
  }

  /**
   * Recomputes member_score for every member as of `asOf` (default: today in the programme
   * timezone). Returns null when another run holds the lock.
   */
  async recompute(options: { asOf?: LocalDate; now?: Date; batch?: number } = {}): Promise<MemberScoresRun | null> {
    const started = Date.now();
    const now = options.now ?? new Date();
    const asOf = options.asOf ?? toLocalDate(now, this.programme.settings.timezone);
    const batch = options.batch ?? MEMBER_SCORES_BATCH;
    const session = this.db.createQueryRunner();
    await session.connect();
    try {
      if (!(await this.rows.tryLock(session.manager))) {
        this.logger.warn('member scores: another run is in progress; skipped');
        return null;
      }
      try {
        const thresholds = await this.thresholds(session.manager);
        const { members, buyers } = await this.rows.snapshot(session.manager, asOf, thresholds);
        const snapshotMs = Date.now() - started;
        const subscribed = await this.webhooks.subscribed(session.manager, 'member.lifecycle_changed');
        let initialised = 0;
        let written = 0;
        let stageChanges = 0;
        let groupChanges = 0;
        for (let after = 0; after < members; after += batch) {
          await session.startTransaction();
          try {
            const r = await this.rows.applyBatch(session.manager, after, after + batch, asOf, now);
            if (subscribed) {
              for (const c of r.stageChanges) {
                await this.webhooks.emit(session.manager, {
                  type: 'member.lifecycle_changed',
                  memberId: c.memberId,
                  data: { memberId: c.memberId, changeId: c.id, from: c.from, to: c.to, on: asOf },
                });
              }
            }
            await session.commitTransaction();
            initialised += r.initialised;
            written += r.written;
            stageChanges += r.stageChanges.length;
            groupChanges += r.groupChanges;
          } catch (err) {
            await session.rollbackTransaction();
            throw err;
          }
        }
        const applyMs = Date.now() - started - snapshotMs;
        const deleted = await this.rows.deleteOrphans(session.manager);
        return {
          asOf,
          thresholds,
          members,
          buyers,
          initialised,
          written,
          stageChanges,
          groupChanges,
          deleted,
          snapshotMs,
          applyMs,
          ms: Date.now() - started,
        };
      } finally {
        await this.rows.dropSnapshot(session.manager);
        await this.rows.unlock(session.manager);
      }
    } finally {
      await session.release();
    }
  }
}
