// Lotteries for admins (create, edit what is safe, pause / resume / end, report; managers read)
// and for members (the open lotteries with their published odds and what the caller has left).
// Every admin write is audited in its transaction.
import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_CLAIM_DAYS,
  LOTTERY_PRIZE_KINDS,
  lotteryEditProblems,
  lotteryProblems,
  oddsBasisPoints,
  remainingDraws,
  toLocalDate,
  checkLotteryOpen,
  type AdminLotteryView,
  type CreateLotteryRequest,
  type LotteryPrizeInput,
  type LotteryReport,
  type LotteryStatus,
  type LotteryView,
  type UpdateLotteryRequest,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { CouponTemplatesService } from '../coupons/coupon-templates.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { LotteryRepository, type LotteryRow, type NewPrize, type PrizeRow } from './lottery.repository.js';

function definitionOf(l: LotteryRow, prizes: PrizeRow[]): CreateLotteryRequest {
  return {
    title: l.title,
    description: l.description,
    startsAt: l.starts_at.toISOString(),
    endsAt: l.ends_at.toISOString(),
    costPoints: l.cost_points,
    perMemberDaily: l.per_member_daily,
    perMemberTotal: l.per_member_total,
    budgetPoints: l.budget_points,
    prizes: prizes.map((p) => ({
      title: p.title,
      kind: p.kind,
      ...(p.points !== null ? { points: p.points } : {}),
      ...(p.kind === 'coupon' && p.template_id ? { templateId: p.template_id } : {}),
      stock: p.stock,
      weight: p.weight,
      ...(p.claim_days !== null ? { claimDays: p.claim_days } : {}),
    })),
  };
}

function prizeViews(prizes: PrizeRow[]) {
  const odds = oddsBasisPoints(prizes.map((p) => p.weight));
  return prizes.map((p, i) => ({
    id: p.id,
    title: p.title,
    kind: p.kind,
    odds: odds[i]!,
    probability: odds[i]! / 10_000,
    remaining: p.remaining,
    ...(p.points !== null ? { points: p.points } : {}),
  }));
}

export function toAdminView(l: LotteryRow, prizes: PrizeRow[]): AdminLotteryView {
  const views = prizeViews(prizes);
  return {
    id: l.id,
    title: l.title,
    description: l.description,
    startsAt: l.starts_at.toISOString(),
    endsAt: l.ends_at.toISOString(),
    status: l.status,
    costPoints: l.cost_points,
    perMemberDaily: l.per_member_daily,
    perMemberTotal: l.per_member_total,
    budgetPoints: l.budget_points,
    budgetUsed: l.budget_points === null ? null : l.points_granted,
    prizes: prizes.map((p, i) => ({
      ...views[i]!,
      ...(p.template_id ? { templateId: p.template_id } : {}),
      stock: p.stock,
      weight: p.weight,
      ...(p.claim_days !== null ? { claimDays: p.claim_days } : {}),
    })),
    createdAt: l.created_at.toISOString(),
    updatedAt: l.updated_at.toISOString(),
  };
}

function invalid(problems: string[]): DomainError {
  return DomainError.validation(
    problems[0]!,
    problems.map((message) => ({ field: 'lottery', messages: [message] })),
  );
}

@Injectable()
export class LotteryService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: LotteryRepository,
    private readonly audit: AuditService,
    private readonly templates: CouponTemplatesService,
    private readonly programme: ProgrammeService,
  ) {}

  // ───────────── admin ─────────────

  async create(actor: StaffPrincipal, req: CreateLotteryRequest): Promise<AdminLotteryView> {
    const problems = lotteryProblems(req);
    if (problems.length > 0) throw invalid(problems);
    await this.checkCouponPrizes(actor, req.prizes);
    return inTransaction(this.db, async (tx) => {
      const row = await this.repo.insertLottery(tx, {
        title: req.title.trim(),
        description: req.description ?? null,
        startsAt: new Date(req.startsAt),
        endsAt: new Date(req.endsAt),
        costPoints: req.costPoints,
        perMemberDaily: req.perMemberDaily,
        perMemberTotal: req.perMemberTotal,
        budgetPoints: req.budgetPoints ?? null,
        createdBy: actor.id,
      });
      await this.repo.insertPrizes(tx, row.id, await this.newPrizes(tx, actor, req.prizes));
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'lottery.create',
        targetType: 'lottery',
        targetId: row.id,
        details: { prizes: req.prizes.length, costPoints: req.costPoints, budgetPoints: req.budgetPoints ?? null },
      });
      return toAdminView(row, await this.repo.prizes(tx, [row.id]));
    });
  }

  async list(): Promise<AdminLotteryView[]> {
    const rows = await this.repo.lotteries(this.db);
    const prizes = await this.repo.prizes(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) =>
      toAdminView(
        r,
        prizes.filter((p) => p.lottery_id === r.id),
      ),
    );
  }

  async get(id: string): Promise<AdminLotteryView> {
    const row = await this.repo.lottery(this.db, id);
    if (!row) throw DomainError.notFound('lottery');
    return toAdminView(row, await this.repo.prizes(this.db, [id]));
  }

  /**
   * Before the start: anything, prizes replaced as a whole (a physical prize gets a fresh gift
   * template; the old one issued nothing and offers only the hidden lottery channel). Once
   * started: prizes, odds, cost and the start → 409 LOTTERY_STARTED; limits only up, end only later.
   */
  async update(actor: StaffPrincipal, id: string, patch: UpdateLotteryRequest, now = new Date()): Promise<AdminLotteryView> {
    if (patch.prizes) await this.checkCouponPrizes(actor, patch.prizes);
    return inTransaction(this.db, async (tx) => {
      const current = await this.repo.lottery(tx, id, { forUpdate: true });
      if (!current) throw DomainError.notFound('lottery');
      const prizes = await this.repo.prizes(tx, [id]);
      const started = now.getTime() >= current.starts_at.getTime();
      const { problems, startedConflict } = lotteryEditProblems(definitionOf(current, prizes), patch, started);
      if (startedConflict) {
        throw new DomainError('LOTTERY_STARTED', 'the lottery has started: its prizes, odds, cost and start are fixed');
      }
      if (problems.length > 0) throw invalid(problems);
      const merged = {
        ...definitionOf(current, prizes),
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      };
      const row = await this.repo.updateLottery(tx, id, {
        title: merged.title.trim(),
        description: patch.description !== undefined ? patch.description : current.description,
        startsAt: new Date(merged.startsAt),
        endsAt: new Date(merged.endsAt),
        costPoints: merged.costPoints,
        perMemberDaily: merged.perMemberDaily,
        perMemberTotal: merged.perMemberTotal,
        budgetPoints: patch.budgetPoints !== undefined ? patch.budgetPoints : current.budget_points,
      });
      if (patch.prizes) {
        await this.repo.deletePrizes(tx, id);
        await this.repo.insertPrizes(tx, id, await this.newPrizes(tx, actor, patch.prizes));
      }
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'lottery.update',
        targetType: 'lottery',
        targetId: id,
        details: { fields: Object.keys(patch) },
      });
      return toAdminView(row, await this.repo.prizes(tx, [id]));
    });
  }

  /** pause / resume / end. Ending is final; pausing or resuming an ended lottery leaves it ended. Idempotent. */
  async setStatus(actor: StaffPrincipal, id: string, status: LotteryStatus): Promise<AdminLotteryView> {
    return inTransaction(this.db, async (tx) => {
      const row = await this.repo.setStatus(tx, id, status);
      if (!row) throw DomainError.notFound('lottery');
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: `lottery.${status === 'active' ? 'resume' : status === 'paused' ? 'pause' : 'end'}`,
        targetType: 'lottery',
        targetId: id,
      });
      return toAdminView(row, await this.repo.prizes(tx, [id]));
    });
  }

  async report(id: string): Promise<LotteryReport> {
    const row = await this.repo.lottery(this.db, id);
    if (!row) throw DomainError.notFound('lottery');
    const prizes = await this.repo.prizes(this.db, [id]);
    const r = await this.repo.report(this.db, id);
    return {
      lotteryId: id,
      draws: r.draws,
      members: r.members,
      pointsSpent: r.points_spent,
      freeEntriesUsed: r.free_entries_used,
      pointsGranted: r.points_granted,
      budgetPoints: row.budget_points,
      budgetLeft: row.budget_points === null ? null : row.budget_points - row.points_granted,
      prizes: prizes.map((p) => ({
        id: p.id,
        title: p.title,
        kind: p.kind,
        stock: p.stock,
        remaining: p.remaining,
        winners: r.winners.get(p.id) ?? 0,
      })),
      fallbacks: {
        out_of_stock: r.fallbacks.out_of_stock ?? 0,
        budget_exhausted: r.fallbacks.budget_exhausted ?? 0,
        grant_skipped: r.fallbacks.grant_skipped ?? 0,
      },
    };
  }

  // ───────────── members ─────────────

  /** Lotteries a member can see: active and not yet ended (upcoming ones included, `open` false). */
  async listFor(memberId: string, now = new Date()): Promise<LotteryView[]> {
    const rows = await this.repo.lotteries(this.db, { status: 'active', openAt: now });
    return this.viewsFor(memberId, rows, now);
  }

  async getFor(memberId: string, id: string, now = new Date()): Promise<LotteryView> {
    const row = await this.repo.lottery(this.db, id);
    if (!row) throw DomainError.notFound('lottery');
    return (await this.viewsFor(memberId, [row], now))[0]!;
  }

  private async viewsFor(memberId: string, rows: LotteryRow[], now: Date): Promise<LotteryView[]> {
    const ids = rows.map((r) => r.id);
    const today = toLocalDate(now, this.programme.settings.timezone);
    const [prizes, counts, entries] = await Promise.all([
      this.repo.prizes(this.db, ids),
      this.repo.drawCountsFor(this.db, ids, memberId, today),
      this.repo.freeEntries(this.db, ids, memberId),
    ]);
    return rows.map((l) => {
      const used = counts.get(l.id) ?? { today: 0, total: 0 };
      return {
        id: l.id,
        title: l.title,
        costPoints: l.cost_points,
        prizes: prizeViews(prizes.filter((p) => p.lottery_id === l.id)),
        remainingToday: remainingDraws(
          { perMemberDaily: l.per_member_daily, perMemberTotal: l.per_member_total },
          used.today,
          used.total,
        ),
        endsAt: l.ends_at.toISOString(),
        description: l.description,
        startsAt: l.starts_at.toISOString(),
        status: l.status,
        open: checkLotteryOpen({ status: l.status, startsAt: l.starts_at, endsAt: l.ends_at }, now).ok,
        perMemberDaily: l.per_member_daily,
        perMemberTotal: l.per_member_total,
        freeEntries: entries.get(l.id) ?? 0,
      };
    });
  }

  // ───────────── helpers ─────────────

  /** A coupon prize's template must exist, be active and offer the `lottery` channel (else it could never be granted). */
  private async checkCouponPrizes(actor: StaffPrincipal, prizes: LotteryPrizeInput[]): Promise<void> {
    const problems: string[] = [];
    for (const [i, p] of prizes.entries()) {
      if (p.kind !== 'coupon' || !p.templateId) continue;
      const t = await this.templates.get(actor, p.templateId).catch((err: unknown) => {
        if (err instanceof DomainError && err.code === 'NOT_FOUND') return null;
        throw err;
      });
      if (!t) problems.push(`prizes[${i}].templateId: no such coupon template`);
      else if (t.status !== 'active') problems.push(`prizes[${i}].templateId: the template is paused`);
      else if (!t.channels.includes('lottery'))
        problems.push(`prizes[${i}].templateId: the template must offer the lottery channel`);
    }
    if (problems.length > 0) throw invalid(problems);
  }

  /** The prize rows; a physical prize gets its hidden gift template (its claim code is that coupon's code). */
  private async newPrizes(tx: EntityManager, actor: StaffPrincipal, prizes: LotteryPrizeInput[]): Promise<NewPrize[]> {
    const out: NewPrize[] = [];
    for (const [position, p] of prizes.entries()) {
      let templateId = p.kind === 'coupon' ? p.templateId! : null;
      const claimDays = p.kind === 'physical' ? (p.claimDays ?? DEFAULT_CLAIM_DAYS) : null;
      if (p.kind === 'physical') {
        const t = await this.templates.createInTransaction(tx, actor, {
          title: p.title.trim(),
          description: '抽奖实物奖品，凭券码到店领取',
          kind: 'gift',
          totalStock: p.stock,
          perMemberLimit: 1,
          validDays: claimDays!,
          channels: ['lottery'],
        });
        templateId = t.id;
      }
      out.push({
        position,
        title: p.title.trim(),
        kind: p.kind,
        points: p.kind === 'points' ? p.points! : null,
        templateId,
        stock: p.stock,
        weight: p.weight,
        claimDays,
        limitedStock: LOTTERY_PRIZE_KINDS[p.kind].limitedStock,
      });
    }
    return out;
  }
}
