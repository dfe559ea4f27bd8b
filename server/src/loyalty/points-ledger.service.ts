// The points ledger: every change of a member's points goes through here, inside the caller's
// transaction, with the member row locked (`lock`). Credits become lots (after paying any points
// debt); debits consume live lots first-expiring-first and record which lots they took
// (allocations); reversals take what is left and record the rest as debt. The member row keeps
// the balance, the debt and growth as a cache that reconciliation checks against the ledger.
//
// Concurrency: all lot and balance work for a member happens under `SELECT … FOR UPDATE` on the
// member row, so two orders of one member serialize while different members run in parallel.
// CHECK constraints (remaining within 0…amount, balance ≥ 0) are the last line of defence.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  applyReversal,
  planReversal,
  planSpend,
  settleShortfall,
  type LotAllocation,
  type PointsEntryKind,
  type PointsLot,
  type TierCode,
} from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { PointsRepository, type LotRow } from './points.repository.js';
import { MemberRepository } from '../members/member.repository.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

/** The member row as the ledger sees it, mutated in memory and written once by `save`. */
export interface LockedMember {
  id: string;
  status: string;
  points: number;
  pointsDebt: number;
  growth: number;
  tierCode: TierCode;
  tierSince: Date;
  /** Who referred the member (read with the lock). */
  referrerId: string | null;
  /** No lot was due to expire at this instant (the lock checked): expireDue up to it is a no-op. */
  nothingDueAt: Date | null;
  /** A paid membership running at the lock's instant: its price rate and points multiplier. */
  paidMembership: { discountRateBp: number; pointsMultiplierBp: number } | null;
  dirty: boolean;
}

export interface EntryContext {
  businessKey: string;
  orderId?: string | null;
  refundId?: string | null;
  staffId?: string | null;
  note?: string | null;
}

export interface CreditLot {
  points: number;
  expiresAt: Date | null;
}

export interface CreditResult {
  entryId: string;
  credited: number;
  debtPaid: number;
}

export interface DebitResult {
  entryId: string;
  allocations: LotAllocation[];
}

const toLot = (r: LotRow): PointsLot => ({ id: r.id, remaining: r.remaining, expiresAt: r.expires_at, earnedAt: r.earned_at });

@Injectable()
export class PointsLedgerService {
  constructor(
    private readonly members: MemberRepository,
    private readonly points: PointsRepository,
    private readonly webhooks: WebhookEventsService,
  ) {}

  /**
   * Locks the member row for the rest of the transaction. The lock and the cached balance
   * columns are the member table's (MemberRepository.lockForLedger / saveLedger): one
   * SELECT … FOR UPDATE, which also tells whether any lot is due to expire at `dueProbe` (so
   * `expireDue` up to that instant costs nothing in the usual case).
   */
  async lock(tx: EntityManager, memberId: string, dueProbe: Date = new Date()): Promise<LockedMember | null> {
    const r = await this.members.lockForLedger(tx, memberId, dueProbe);
    if (!r) return null;
    return {
      id: r.id,
      status: r.status,
      points: r.points,
      pointsDebt: r.points_debt,
      growth: r.growth,
      tierCode: r.tier_code,
      tierSince: r.tier_since,
      referrerId: r.referrer_id,
      nothingDueAt: r.has_due_lots ? null : dueProbe,
      paidMembership:
        r.paid_discount_rate_bp === null || r.paid_points_multiplier_bp === null
          ? null
          : { discountRateBp: r.paid_discount_rate_bp, pointsMultiplierBp: r.paid_points_multiplier_bp },
      dirty: false,
    };
  }

  /** Lots with points left, live or not (the caller decides with the shared rules). */
  async lotsWithPoints(tx: EntityManager, memberId: string): Promise<PointsLot[]> {
    const rows = await this.points.lotsWithPoints(tx, memberId);
    return rows.map(toLot);
  }

  /** Spendable points at `now` (live lots only), for members not locked by the caller. */
  async spendable(tx: EntityManager, memberId: string, now: Date): Promise<number> {
    return this.points.spendable(tx, memberId, now);
  }

  /**
   * Writes an `expire` entry for every lot of this member that has expired by `now` and still
   * has points. Safe to repeat: the key is the lot, and expired lots are left with nothing.
   */
  async expireDue(tx: EntityManager, member: LockedMember, now: Date): Promise<number> {
    // The lock saw nothing due at a later instant: lots credited since expire later still.
    if (member.nothingDueAt && now.getTime() <= member.nothingDueAt.getTime()) return 0;
    const due = await this.points.expiredWithPoints(tx, member.id, now);
    let expired = 0;
    for (const lot of due) {
      await this.writeDebit(tx, member, 'expire', { businessKey: `expire:${lot.id}` }, [
        { lotId: lot.id, points: lot.remaining },
      ]);
      expired += lot.remaining;
    }
    return expired;
  }

  /**
   * Adds points. The member's points debt is paid first; the rest becomes one lot per
   * `lots` item (usually one). The entry is written even when everything went to the debt, so
   * the business key still guards against a replay.
   */
  async credit(
    tx: EntityManager,
    member: LockedMember,
    kind: PointsEntryKind,
    ctx: EntryContext,
    lots: CreditLot[],
    now: Date,
  ): Promise<CreditResult> {
    const total = lots.reduce((s, l) => s + l.points, 0);
    const { debtPaid } = settleShortfall(member.pointsDebt, total);
    // Debt is paid from the lots that expire first, so the member keeps the longest-lived points.
    const ordered = [...lots].sort((a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity));
    let toDebt = debtPaid;
    const kept = ordered
      .map((l) => {
        const paid = Math.min(toDebt, l.points);
        toDebt -= paid;
        return { points: l.points - paid, expiresAt: l.expiresAt };
      })
      .filter((l) => l.points > 0);
    const credited = total - debtPaid;
    member.pointsDebt -= debtPaid;
    member.points += credited;
    member.dirty = true;
    const entryId = await this.insertEntry(tx, member, kind, credited, ctx, { debtPaid });
    if (kept.length > 0) {
      await this.points.insertLots(
        tx,
        member.id,
        entryId,
        now,
        kept.map((l) => l.points),
        kept.map((l) => l.expiresAt),
      );
    }
    return { entryId, credited, debtPaid };
  }

  /** Spends points from live lots, first-expiring-first; refuses when the live balance is short. */
  async debit(
    tx: EntityManager,
    member: LockedMember,
    kind: PointsEntryKind,
    ctx: EntryContext,
    points: number,
    now: Date,
  ): Promise<DebitResult> {
    const plan = planSpend(await this.lotsWithPoints(tx, member.id), points, now);
    if (!plan.ok) throw new DomainError('INSUFFICIENT_POINTS', `not enough points: ${points} needed`);
    const entryId = await this.writeDebit(tx, member, kind, ctx, plan.allocations);
    return { entryId, allocations: plan.allocations };
  }

  /**
   * Takes back up to `points` (a refund of earned points): the order's own lot first, then the
   * spending order. What the member no longer has becomes points debt; the balance never goes
   * negative.
   */
  async reverse(
    tx: EntityManager,
    member: LockedMember,
    ctx: EntryContext,
    points: number,
    now: Date,
    preferLotId?: string,
  ): Promise<{ entryId: string | null; reversed: number; shortfall: number }> {
    if (points === 0) return { entryId: null, reversed: 0, shortfall: 0 };
    const plan = planReversal(await this.lotsWithPoints(tx, member.id), points, now, preferLotId);
    // Same rule, scalar form: documents (and checks) that the plan never exceeds the balance.
    const scalar = applyReversal(member.points, points);
    if (plan.reversed > scalar.reversed) throw new Error('ledger out of balance: lots exceed the member balance');
    member.pointsDebt += plan.shortfall;
    const entryId = await this.writeDebit(tx, member, 'refund_reversal', ctx, plan.allocations, plan.shortfall);
    return { entryId, reversed: plan.reversed, shortfall: plan.shortfall };
  }

  /** Writes the member's cached balance, debt, growth and tier once per transaction. */
  async save(tx: EntityManager, member: LockedMember): Promise<void> {
    if (!member.dirty) return;
    await this.members.saveLedger(tx, member);
    member.dirty = false;
  }

  private async writeDebit(
    tx: EntityManager,
    member: LockedMember,
    kind: PointsEntryKind,
    ctx: EntryContext,
    allocations: LotAllocation[],
    shortfall = 0,
  ): Promise<string> {
    const points = allocations.reduce((s, a) => s + a.points, 0);
    member.points -= points;
    member.dirty = true;
    const entryId = await this.insertEntry(tx, member, kind, -points, ctx, { shortfall });
    if (allocations.length === 0) return entryId;
    const ids = allocations.map((a) => a.lotId);
    const amounts = allocations.map((a) => a.points);
    // Guarded decrement: a lot never gives more than it has (also a CHECK constraint).
    const updated = await this.points.takeFromLots(tx, member.id, ids, amounts);
    if (updated.length !== allocations.length) throw new Error('ledger out of balance: a lot had fewer points than planned');
    await this.points.insertAllocations(tx, entryId, ids, amounts);
    return entryId;
  }

  private async insertEntry(
    tx: EntityManager,
    member: LockedMember,
    kind: PointsEntryKind,
    delta: number,
    ctx: EntryContext,
    extra: { shortfall?: number; debtPaid?: number },
  ): Promise<string> {
    // The id is made here so the entry can wait for the transaction's next round trip (deferSql).
    const entryId = randomUUID();
    await this.points.insertEntry(tx, {
      id: entryId,
      memberId: member.id,
      kind,
      delta,
      balanceAfter: member.points,
      businessKey: ctx.businessKey,
      shortfall: extra.shortfall ?? 0,
      debtPaid: extra.debtPaid ?? 0,
      orderId: ctx.orderId ?? null,
      refundId: ctx.refundId ?? null,
      staffId: ctx.staffId ?? null,
      note: ctx.note ?? null,
    });
    // One event per ledger entry, under the member's lock: in order with the member's other events.
    await this.webhooks.emit(tx, {
      type: 'points.changed',
      memberId: member.id,
      data: {
        memberId: member.id,
        entryId,
        kind,
        delta,
        balanceAfter: member.points,
        orderId: ctx.orderId ?? null,
        refundId: ctx.refundId ?? null,
      },
    });
    return entryId;
  }
}
