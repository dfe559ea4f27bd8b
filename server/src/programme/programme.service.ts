// The one reader of the programme (earning, redemption, expiry, tiers, currency, timezone), kept as
// versioned documents in programme_version; the current one is the highest version.
//
// Caching: each instance keeps the current version in memory. After the first load, `current()`
// never waits for the database (a call from inside a transaction must not need a second pool
// connection): when the copy is older than FRESH_MS a refresh runs in the background and the stale
// copy is served meanwhile. A PUT on this instance replaces the copy at once; other instances pick
// the new version up within FRESH_MS (plus the request that triggers the refresh). Old versions are
// immutable, so `at(version)` caches them for good.
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  DEFAULT_PROGRAMME,
  programmeFromInput,
  tierBenefits,
  toProgrammeView,
  validateProgramme,
  type EarningConfig,
  type ExpiryPolicyConfig,
  type Programme,
  type ProgrammeProblem,
  type ProgrammeVersionItem,
  type ProgrammeView,
  type RedemptionConfig,
  type TierDefinition,
} from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { isUniqueViolation } from '../common/pg-error.js';
import { inTransaction } from '../common/transaction.js';
import { MemberRepository } from '../members/member.repository.js';
import { ProgrammeRepository } from './programme.repository.js';

export const PROGRAMME_FRESH_MS = 5_000;

export interface ProgrammeSettings {
  version: number;
  currency: string;
  timezone: string;
  earning: EarningConfig;
  redemption: RedemptionConfig;
  expiry: ExpiryPolicyConfig;
  tiers: TierDefinition[];
  /** Days before expiry when members are reminded. */
  expiryReminderDays: number;
}

const EXPIRY_REMINDER_DAYS = 30;

@Injectable()
export class ProgrammeService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Programme');
  private cache: { at: number; programme: Programme } | null = null;
  private refreshing: Promise<Programme> | null = null;
  private readonly versions = new Map<number, Programme>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly members: MemberRepository,
    private readonly rows: ProgrammeRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.load();
  }

  /** The version in force (see the caching note above). */
  async current(): Promise<Programme> {
    if (!this.cache) return this.load();
    this.refreshIfStale();
    return this.cache.programme;
  }

  /**
   * The current version's settings, synchronously, for callers that cannot await: the cached copy
   * (loaded at start-up), or the default programme before the first load.
   */
  get settings(): ProgrammeSettings {
    this.refreshIfStale();
    const p = this.cache?.programme ?? DEFAULT_PROGRAMME;
    return { ...p, expiryReminderDays: EXPIRY_REMINDER_DAYS };
  }

  /** A given version (orders store theirs); NOT_FOUND for one that never existed. */
  async at(version: number): Promise<Programme> {
    const known = this.versions.get(version);
    if (known) return known;
    const row = await this.rows.byVersion(this.db, version);
    if (!row) throw DomainError.notFound(`programme version ${version}`);
    const programme = { ...row.definition, version: row.version };
    this.versions.set(version, programme);
    return programme;
  }

  /** The programme as the operator stored it (GET /admin/programme). */
  async view(): Promise<ProgrammeView> {
    return toProgrammeView(await this.current());
  }

  /**
   * What members read (GET /programme): each tier's member-price and points lines are written from
   * its numbers (`tierBenefits`), so the page can never advertise a rate the till does not charge.
   */
  async memberView(): Promise<ProgrammeView> {
    const view = await this.view();
    return { ...view, tiers: view.tiers.map((t) => ({ ...t, benefits: tierBenefits(t) })) };
  }

  async history(): Promise<ProgrammeVersionItem[]> {
    const rows = await this.rows.history(this.db);
    return rows.map((r) => ({ version: r.version, changedAt: r.changedAt.toISOString(), changedBy: r.changedBy }));
  }

  /**
   * Version `expectedVersion + 1`, if `expectedVersion` is still the current one: the primary key
   * on the version makes two concurrent changes from the same version one success and one 409.
   */
  async put(actor: StaffPrincipal, expectedVersion: number, input: unknown): Promise<ProgrammeView> {
    const checked = validateProgramme(input);
    if (!checked.ok) throw invalid(checked.details);
    const programme = programmeFromInput(checked.value, expectedVersion + 1);
    try {
      await inTransaction(this.db, async (tx) => {
        const current = await this.rows.currentVersion(tx);
        if (current !== expectedVersion) throw conflict(current ?? 0);
        await this.rows.insertVersion(tx, programme.version, programme, actor.id);
        // The tier table mirrors the current tiers (member.tier_code references it).
        const codes = programme.tiers.map((t) => t.code);
        const held = await this.members.tiersHeldOutside(tx, codes);
        if (held.length > 0) {
          throw invalid(
            held.map((h) => ({
              field: 'tiers',
              reason: `tier ${h.tier_code} is held by ${h.n} member(s); it cannot be removed`,
            })),
          );
        }
        await this.rows.replaceTiers(tx, programme.tiers);
        await this.audit.record(tx, {
          actorType: 'staff',
          actorId: actor.id,
          action: 'programme.update',
          targetType: 'programme_version',
          targetId: String(programme.version),
          details: { expectedVersion, programme: toProgrammeView(programme) },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err, ['programme_version_pkey'])) throw conflict(null);
      throw err;
    }
    this.versions.set(programme.version, programme);
    if (!this.cache || this.cache.programme.version < programme.version) this.cache = { at: Date.now(), programme };
    return toProgrammeView(programme);
  }

  private refreshIfStale(): void {
    if (this.cache && Date.now() - this.cache.at > PROGRAMME_FRESH_MS && !this.refreshing) {
      this.load().catch((err: unknown) =>
        this.logger.warn({ err: { message: String(err) } }, 'programme refresh failed; keeping the cached version'),
      );
    }
  }

  private load(): Promise<Programme> {
    this.refreshing ??= this.rows
      .newest(this.db)
      .then((rows) => {
        const row = rows[0];
        if (!row) throw new Error('programme_version is empty: run the migrations');
        const programme: Programme = { ...row.definition, version: row.version };
        this.versions.set(programme.version, programme);
        // A refresh that read the table before a PUT of this instance committed must not undo it.
        if (!this.cache || programme.version >= this.cache.programme.version) this.cache = { at: Date.now(), programme };
        else this.cache.at = Date.now();
        return this.cache.programme;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }
}

function invalid(details: ProgrammeProblem[]): DomainError {
  return new DomainError('INVALID_PROGRAMME', `the programme has ${details.length} problem(s)`, details);
}

function conflict(current: number | null): DomainError {
  return new DomainError(
    'VERSION_CONFLICT',
    current === null
      ? 'the programme was changed meanwhile; reload it and apply your change again'
      : `the current programme version is ${current}; reload it and apply your change again`,
  );
}
