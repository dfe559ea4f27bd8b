// Reading the ledger for the member (history, summary) and admin adjustments.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  addDays,
  POINTS_ENTRY_LABELS,
  toLocalDate,
  type Page,
  type PointsHistoryItem,
  type PointsSummary,
  type ExportRow,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { inTransaction } from '../common/transaction.js';
import { MemberRepository } from '../members/member.repository.js';
import { OrderRepository } from '../till/order.repository.js';
import { PointsLedgerService } from './points-ledger.service.js';
import { PointsRepository } from './points.repository.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RewardsService } from '../rewards/rewards.service.js';

@Injectable()
export class PointsService implements OnModuleInit {
  private rewards!: RewardsService;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly ledger: PointsLedgerService,
    private readonly programme: ProgrammeService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly moduleRef: ModuleRef,
    private readonly points: PointsRepository,
    private readonly members: MemberRepository,
    private readonly orders: OrderRepository,
  ) {}

  onModuleInit(): void {
    // RewardsModule imports LoyaltyModule (ledger, programme): an import back would be a module cycle.
    this.rewards = this.moduleRef.get(RewardsService, { strict: false });
  }

  async history(memberId: string, cursor: string | undefined, limit: number): Promise<Page<PointsHistoryItem>> {
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await this.points.history(this.db, memberId, after, limit);
    const page = rows.slice(0, limit);
    const orderNos = await this.orders.orderNos(this.db, [...new Set(page.flatMap((r) => (r.order_id ? [r.order_id] : [])))]);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        kind: r.kind,
        delta: r.delta,
        reason: r.kind === 'adjust' && r.note ? `${POINTS_ENTRY_LABELS.adjust}：${r.note}` : POINTS_ENTRY_LABELS[r.kind],
        balanceAfter: r.balance_after,
        createdAt: r.created_at.toISOString(),
        ...(r.delta > 0 ? { expiresAt: r.expires_at?.toISOString() ?? null } : {}),
        orderNo: r.order_id ? (orderNos.get(r.order_id) ?? null) : null,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  async summary(memberId: string, now = new Date()): Promise<PointsSummary> {
    const { timezone, expiryReminderDays } = this.programme.settings;
    const horizon = new Date(now.getTime() + expiryReminderDays * 86_400_000);
    const soon = await this.points.expiringBetweenFor(this.db, memberId, now, horizon);
    return {
      points: await this.ledger.spendable(this.db.manager, memberId, now),
      // A lot expiring at local midnight was last usable the day before.
      expiringSoon:
        soon && soon.points > 0 && soon.first
          ? { points: soon.points, expiresOn: addDays(toLocalDate(soon.first, timezone), -1) }
          : null,
      debt: await this.members.pointsDebt(this.db, memberId),
    };
  }

  /**
   * Admin adjustment: one more caller of the rewards pipeline (`grant`, key `adjust:<idempotencyKey>`,
   * reward kind `points_adjustment`), so it is idempotent on the key the way every grant is; audited
   * and notified once, never below zero. Same key with another delta or reason → 409.
   */
  async adjust(
    actor: StaffPrincipal,
    memberId: string,
    req: { delta: number; reason: string; idempotencyKey: string },
    now = new Date(),
  ) {
    if (req.delta === 0) throw new DomainError('POINTS_ADJUSTMENT_INVALID', 'delta must not be 0');
    return inTransaction(this.db, async (tx) => {
      // The member lock first (as every ledger write): same-key requests queue here, then replay.
      const member = await this.ledger.lock(tx, memberId);
      if (!member) throw DomainError.notFound('member');
      const r = await this.rewards.grant(
        tx,
        member,
        { kind: 'points_adjustment', delta: req.delta, staffId: actor.id, note: req.reason },
        `adjust:${req.idempotencyKey}`,
        now,
      );
      if (r.kind !== 'points_adjustment' || r.status !== 'granted') {
        // Only reachable if the key was first used by another kind of grant.
        throw new DomainError('IDEMPOTENCY_KEY_CONFLICT', 'this idempotencyKey was used for a different adjustment');
      }
      if (r.replayed) return { created: false, body: { entryId: r.entryId, delta: r.delta, balanceAfter: r.balanceAfter } };
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'points.adjust',
        targetType: 'member',
        targetId: memberId,
        details: { delta: req.delta, entryId: r.entryId },
      });
      await this.notifications.add(tx, {
        memberId,
        kind: 'points_adjusted',
        title: req.delta > 0 ? `获得 ${req.delta} 积分` : `扣减 ${-req.delta} 积分`,
        body: `积分调整：${req.reason}`,
        businessKey: `adjust:${r.entryId}`,
      });
      // As before: a new adjustment answers the delta asked; a replay the delta recorded.
      return { created: true, body: { entryId: r.entryId, delta: req.delta, balanceAfter: r.balanceAfter } };
    });
  }

  /** The member's points ledger, for GET /me/export: every entry, lot and debit-to-lot allocation. */
  async exportFor(
    tx: EntityManager,
    memberId: string,
  ): Promise<{ entries: ExportRow[]; lots: ExportRow[]; allocations: ExportRow[] }> {
    return this.points.exportLedger(tx, memberId);
  }
}
