// The member 360 (GET /admin/members/:id): the card, lifecycle and RFM from the nightly job,
// tags, purchase stats from the rollups, the segments matched, recent orders, ledger and coupons —
// each section from its owning module. A manager sees only members of their store (registered or
// ordered there); anyone else is 404, like a missing member. Every view is audited.
import { Inject, Injectable } from '@nestjs/common';
import type { LifecycleStage, Member360 } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { inTransaction } from '../common/transaction.js';
import { CouponWalletService } from '../coupons/coupon-wallet.service.js';
import { PointsService } from '../loyalty/points.service.js';
import type { Member } from '../members/member.entity.js';
import { MemberRepository } from '../members/member.repository.js';
import { StoreRepository } from '../stores/store.repository.js';
import { TillService } from '../till/till.service.js';
import { visibleMember } from './member-visibility.js';
import { SegmentRepository } from './segment.repository.js';
import { SegmentsService } from './segments.service.js';
import { TagsService } from './tags.service.js';

const RECENT_ORDERS = 5;
const RECENT_LEDGER = 10;
const COUPONS = 20;

@Injectable()
export class Member360Service {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly members: MemberRepository,
    private readonly stores: StoreRepository,
    private readonly segmentRows: SegmentRepository,
    private readonly segments: SegmentsService,
    private readonly tags: TagsService,
    private readonly till: TillService,
    private readonly points: PointsService,
    private readonly coupons: CouponWalletService,
    private readonly audit: AuditService,
  ) {}

  /** The member; 404 for a missing member and, for a manager, for one outside their store. */
  assertVisible(viewer: StaffPrincipal, memberId: string): Promise<Member> {
    return visibleMember(this.db, this.members, this.segmentRows, viewer, memberId);
  }

  async view(viewer: StaffPrincipal, memberId: string, now = new Date()): Promise<Member360> {
    const m = await this.assertVisible(viewer, memberId);
    const storeNames = m.registrationStoreId
      ? await this.stores.names(this.db, [m.registrationStoreId])
      : new Map<string, string>();
    const [score, stats, tags, segments, orders, ledger, coupons] = await Promise.all([
      this.segmentRows.memberScore(this.db, memberId),
      this.segmentRows.memberStats(this.db, memberId),
      this.tags.ofMember(this.db, memberId),
      this.segments.forMember(viewer, memberId, now),
      this.till.ordersOf(memberId, undefined, RECENT_ORDERS),
      this.points.history(memberId, undefined, RECENT_LEDGER),
      this.coupons.list(memberId, undefined, now),
    ]);
    await inTransaction(this.db, (tx) =>
      this.audit.record(tx, {
        actorType: 'staff',
        actorId: viewer.id,
        action: 'member.view',
        targetType: 'member',
        targetId: memberId,
      }),
    );
    return {
      card: {
        id: m.id,
        memberNo: m.memberNo,
        nickname: m.nickname,
        tier: m.tierCode,
        points: m.points,
        growth: m.growth,
        phoneMasked: m.phoneMasked,
        status: m.status,
        registeredAt: m.createdAt.toISOString(),
        homeStore: m.registrationStoreId
          ? { id: m.registrationStoreId, name: storeNames.get(m.registrationStoreId) ?? '' }
          : null,
      },
      lifecycle: (score?.stage as LifecycleStage | undefined) ?? null,
      rfm: score ? { r: score.recency_score, f: score.frequency_score, m: score.monetary_score, group: score.rfm_group } : null,
      tags,
      stats: {
        orders: stats.orders,
        spend: Number(stats.spend),
        firstOrderAt: stats.first_order_at?.toISOString() ?? null,
        lastOrderAt: stats.last_order_at?.toISOString() ?? null,
      },
      segments: segments.filter((s) => s.matched).map((s) => ({ id: s.id, name: s.name })),
      recentOrders: orders.items,
      recentLedger: ledger.items,
      coupons: coupons.slice(0, COUPONS),
    };
  }
}
