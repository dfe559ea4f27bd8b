// Saved segments (分群): conditions validated by the shared rules, membership evaluated in SQL
// (SegmentRepository), counts stored when saved and refreshed when listed once stale; preview,
// keyset-paged members, a streamed CSV and "which segments and why" for one member.
// Admins see every member; a manager only the members of their store. docs/segments.md.
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import {
  segmentMatches,
  toLocalDate,
  validateSegmentConditions,
  type CheckedConditions,
  type MemberSegmentResult,
  type SaveSegmentRequest,
  type SegmentConditions,
  type SegmentMembersItem,
  type SegmentPreviewResponse,
  type SegmentSqlContext,
  type SegmentView,
} from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { SegmentRepository, type Evaluation, type SegmentMemberRow, type SegmentRow } from './segment.repository.js';

/** A stored count older than this is recounted when the list is read. */
export const SEGMENT_COUNT_TTL_MS = 10 * 60_000;
/** At most this many stale counts are refreshed per list request (the rest on the next one). */
export const RECOUNTS_PER_LIST = 5;
const SAMPLE = 20;
const CSV_BATCH = 1000;

const member = (r: SegmentMemberRow): SegmentMembersItem => ({
  id: r.id,
  memberNo: r.member_no,
  nickname: r.nickname,
  tier: r.tier_code,
  points: r.points,
  phoneMasked: r.phone_masked,
});

/** One CSV field: quoted, and a leading = + - @ neutralised (spreadsheet formula injection). */
function csvField(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ['id', 'memberNo', 'nickname', 'tier', 'points', 'phoneMasked', 'registeredAt'];

@Injectable()
export class SegmentsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly segments: SegmentRepository,
    private readonly programme: ProgrammeService,
    private readonly audit: AuditService,
  ) {}

  ctx(now = new Date()): SegmentSqlContext {
    const timeZone = this.programme.settings.timezone;
    return { today: toLocalDate(now, timeZone), timeZone };
  }

  /** The conditions checked, or 400 INVALID_CONDITION naming each bad condition. */
  check(conditions: unknown): CheckedConditions {
    const checked = validateSegmentConditions(conditions);
    if (!checked.ok) throw new DomainError('INVALID_CONDITION', 'invalid segment conditions', checked.details);
    return checked;
  }

  /**
   * A saved segment's conditions and the SQL of its members now (all stores), for a campaign's
   * frozen membership: 404 for an unknown segment.
   */
  async membersSqlOf(
    segmentId: string,
    leading: unknown[],
    now = new Date(),
  ): Promise<{ conditions: SegmentConditions; text: string; params: unknown[] }> {
    const row = await this.segments.get(this.db, segmentId);
    if (!row) throw DomainError.notFound('segment');
    return { conditions: row.conditions, ...this.segments.memberIdsSql(this.evaluation(row.conditions, null, now), leading) };
  }

  private scope(viewer: StaffPrincipal): string | null {
    return viewer.role === 'admin' ? null : viewer.storeId;
  }

  private evaluation(conditions: SegmentConditions, viewer: StaffPrincipal | null, now = new Date()): Evaluation {
    return { checked: this.check(conditions), ctx: this.ctx(now), storeId: viewer ? this.scope(viewer) : null };
  }

  private view(row: SegmentRow, count?: { memberCount: number; countedAt: Date }): SegmentView {
    const memberCount = count ? count.memberCount : row.member_count;
    const countedAt = count ? count.countedAt : row.counted_at;
    return {
      id: row.id,
      name: row.name,
      conditions: row.conditions,
      memberCount,
      countedAt: countedAt?.toISOString() ?? null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  private async found(id: string): Promise<SegmentRow> {
    const row = await this.segments.get(this.db, id);
    if (!row) throw DomainError.notFound('segment');
    return row;
  }

  async create(actor: StaffPrincipal, req: SaveSegmentRequest): Promise<SegmentView> {
    const checked = this.check(req.conditions);
    const memberCount = await this.segments.count(this.db, { checked, ctx: this.ctx(), storeId: null });
    return inTransaction(this.db, async (tx) => {
      const row = await this.segments.insert(tx, {
        name: req.name,
        conditions: checked.conditions,
        memberCount,
        createdBy: actor.id,
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'segment.create',
        targetType: 'segment',
        targetId: row.id,
      });
      return this.view(row);
    });
  }

  /**
   * Admins: the stored counts, the stalest (older than SEGMENT_COUNT_TTL_MS) recounted first, at
   * most RECOUNTS_PER_LIST per request. Managers: each count live over their store's members.
   */
  async list(viewer: StaffPrincipal, now = new Date()): Promise<{ items: SegmentView[] }> {
    const rows = await this.segments.list(this.db);
    const storeId = this.scope(viewer);
    const ctx = this.ctx(now);
    if (storeId !== null) {
      const items: SegmentView[] = [];
      for (const row of rows) {
        const memberCount = await this.segments.count(this.db, { checked: this.check(row.conditions), ctx, storeId });
        items.push(this.view(row, { memberCount, countedAt: now }));
      }
      return { items };
    }
    const stale = rows
      .filter((r) => !r.counted_at || now.getTime() - r.counted_at.getTime() > SEGMENT_COUNT_TTL_MS)
      .sort((a, b) => (a.counted_at?.getTime() ?? 0) - (b.counted_at?.getTime() ?? 0))
      .slice(0, RECOUNTS_PER_LIST);
    const fresh = new Map<string, { memberCount: number; countedAt: Date }>();
    for (const row of stale) {
      const memberCount = await this.segments.count(this.db, { checked: this.check(row.conditions), ctx, storeId: null });
      await this.segments.storeCount(this.db, row.id, memberCount, now, row.conditions);
      fresh.set(row.id, { memberCount, countedAt: now });
    }
    return { items: rows.map((r) => this.view(r, fresh.get(r.id))) };
  }

  async get(viewer: StaffPrincipal, id: string, now = new Date()): Promise<SegmentView> {
    const row = await this.found(id);
    const storeId = this.scope(viewer);
    if (storeId === null) return this.view(row);
    const memberCount = await this.segments.count(this.db, this.evaluation(row.conditions, viewer, now));
    return this.view(row, { memberCount, countedAt: now });
  }

  async update(actor: StaffPrincipal, id: string, req: Partial<SaveSegmentRequest>): Promise<SegmentView> {
    const checked = req.conditions === undefined ? null : this.check(req.conditions);
    const memberCount = checked ? await this.segments.count(this.db, { checked, ctx: this.ctx(), storeId: null }) : null;
    return inTransaction(this.db, async (tx) => {
      const row = await this.segments.lock(tx, id);
      if (!row) throw DomainError.notFound('segment');
      const updated = await this.segments.update(tx, id, {
        name: req.name ?? row.name,
        conditions: checked ? checked.conditions : row.conditions,
        memberCount,
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'segment.update',
        targetType: 'segment',
        targetId: id,
        details: { fields: Object.keys(req) },
      });
      return this.view(updated);
    });
  }

  async remove(actor: StaffPrincipal, id: string): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      if (!(await this.segments.remove(tx, id))) throw DomainError.notFound('segment');
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'segment.delete',
        targetType: 'segment',
        targetId: id,
      });
    });
  }

  async preview(viewer: StaffPrincipal, conditions: SegmentConditions, now = new Date()): Promise<SegmentPreviewResponse> {
    const e = this.evaluation(conditions, viewer, now);
    const [count, sample] = await Promise.all([this.segments.count(this.db, e), this.segments.page(this.db, e, null, SAMPLE)]);
    return { count, sample: sample.map((r) => ({ id: r.id, memberNo: r.member_no, nickname: r.nickname })) };
  }

  async members(
    viewer: StaffPrincipal,
    id: string,
    cursor: string | undefined,
    limit = 50,
    now = new Date(),
  ): Promise<{ items: SegmentMembersItem[]; nextCursor: string | null }> {
    const row = await this.found(id);
    const after = cursor === undefined ? null : decodeMemberCursor(cursor);
    const rows = await this.segments.page(this.db, this.evaluation(row.conditions, viewer, now), after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(member), nextCursor: rows.length > limit && last ? encodeMemberCursor(last.id) : null };
  }

  /** The CSV, streamed in keyset batches of CSV_BATCH rows; the export itself is audited. */
  async csv(viewer: StaffPrincipal, id: string, now = new Date()): Promise<{ name: string; stream: Readable }> {
    const row = await this.found(id);
    const e = this.evaluation(row.conditions, viewer, now);
    await inTransaction(this.db, (tx) =>
      this.audit.record(tx, {
        actorType: 'staff',
        actorId: viewer.id,
        action: 'segment.export',
        targetType: 'segment',
        targetId: id,
        details: { storeId: e.storeId },
      }),
    );
    const segments = this.segments;
    const db = this.db;
    async function* lines(): AsyncGenerator<string> {
      yield `${CSV_HEADER.join(',')}\r\n`;
      let after: string | null = null;
      for (;;) {
        const batch = await segments.page(db, e, after, CSV_BATCH);
        if (batch.length === 0) return;
        yield batch
          .map((r) =>
            [r.id, r.member_no, r.nickname, r.tier_code, r.points, r.phone_masked, r.created_at.toISOString()]
              .map(csvField)
              .join(','),
          )
          .map((l) => `${l}\r\n`)
          .join('');
        if (batch.length < CSV_BATCH) return;
        after = batch[batch.length - 1]!.id;
      }
    }
    return { name: row.id, stream: Readable.from(lines()) };
  }

  /** Every segment, matched or not, with each condition's result for this member (the 360's "why"). */
  async forMember(viewer: StaffPrincipal, memberId: string, now = new Date()): Promise<MemberSegmentResult[]> {
    const rows = await this.segments.list(this.db);
    const ctx = this.ctx(now);
    const storeId = this.scope(viewer);
    const checked = rows.map((r) => this.check(r.conditions));
    const flat = checked.flatMap((c) => [...c.all, ...c.any]);
    const { inScope, results } = await this.segments.evaluateOne(this.db, memberId, flat, ctx, storeId);
    let i = 0;
    return rows.map((row, n) => {
      const c = checked[n]!;
      const all = c.all.map(() => results[i++]!);
      const any = c.any.map(() => results[i++]!);
      return {
        id: row.id,
        name: row.name,
        matched: inScope && segmentMatches(all, any),
        conditions: [
          ...c.all.map((cond, k) => ({ condition: cond.at, code: cond.code, matched: all[k]! })),
          ...c.any.map((cond, k) => ({ condition: cond.at, code: cond.code, matched: any[k]! })),
        ],
      };
    });
  }
}

function encodeMemberCursor(id: string): string {
  return Buffer.from(JSON.stringify({ id })).toString('base64url');
}

function decodeMemberCursor(raw: string): string {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { id?: unknown };
    if (typeof c.id === 'string' && /^[0-9a-f-]{36}$/.test(c.id)) return c.id;
  } catch {
    // fall through
  }
  throw DomainError.validation('cursor: not a cursor this API returned');
}
