// Personal recommendations (issue 12 item 4; docs/recommendations.md).
//
// The request: two indexed reads — the member's recent order lines (the till's repository:
// member_order_member_idx, then the lines by order) and one statement over the precomputed tables
// (the pairs of their SKUs, the popular items of their store and of all stores, the catalogue) —
// then the shared rule ranks them. Nothing is written per member.
//
// The nightly job (`recommendations`, 03:50): one transaction under a transaction-level advisory
// lock (a second instance's run, or a run-now while the schedule runs, finds it taken and does
// nothing) recomputes the three tables from the window's order lines in SQL and replaces them, so
// readers see the previous statistics until it commits. Safe to re-run: the result depends only
// on the order lines and `now`.
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  RECOMMENDATION_PARAMS as P,
  memberStore,
  recommend,
  type CatalogItem,
  type PairNeighbour,
  type PopularEntry,
  type RecommendationsRecompute,
  type RecommendationsResponse,
} from '@huiyuan/shared';
import { inTransaction } from '../common/transaction.js';
import { DataSource } from 'typeorm';
import { OrderRepository } from '../till/order.repository.js';
import { RecommendationRepository } from './recommendation.repository.js';

const DAY_MS = 86_400_000;

@Injectable()
export class RecommendationsService {
  private readonly logger = new Logger('Recommendations');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly rows: RecommendationRepository,
    private readonly orders: OrderRepository,
  ) {}

  /**
   * The member's list. `personal: false` ranks by popularity alone with the same exclusions (the
   * offline evaluation's baseline, `pnpm bench recommend`).
   */
  async forMember(
    memberId: string,
    options: { now?: Date; limit?: number; personal?: boolean } = {},
  ): Promise<RecommendationsResponse> {
    const now = options.now ?? new Date();
    const lines = await this.orders.recentLinesOf(
      this.db,
      memberId,
      new Date(now.getTime() - P.historyDays * DAY_MS),
      P.historyLines,
    );
    const history = lines.map((l) => ({ sku: l.sku, name: l.name, category: l.category, at: l.created_at.getTime() }));
    const frequent = memberStore(
      null,
      lines.map((l) => ({ storeId: l.store_id, at: l.created_at.getTime() })),
    );
    const skus = [...new Set(history.map((h) => h.sku))];
    const rows = await this.rows.candidates(this.db, memberId, skus, frequent?.storeId ?? null, P.popularPerStore);

    const catalog = new Map<string, CatalogItem>();
    const neighbours: PairNeighbour[] = [];
    const storePopular: PopularEntry[] = [];
    const globalPopular: PopularEntry[] = [];
    let registration = false;
    for (const r of rows) {
      catalog.set(r.sku, { sku: r.sku, name: r.name, category: r.category, repeatRate: r.repeat_rate });
      registration = r.registration;
      if (r.kind === 'pair') neighbours.push({ sku: r.seed!, other: r.sku, score: r.score });
      else if (r.kind === 'store') storePopular.push({ sku: r.sku, score: r.score });
      else if (r.kind === 'global') globalPopular.push({ sku: r.sku, score: r.score });
    }
    const items = recommend({
      now: now.getTime(),
      history,
      neighbours,
      storePopular,
      storeKind: registration ? 'registration' : frequent ? 'frequent' : null,
      globalPopular,
      catalog,
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.personal === false ? { personal: false } : {}),
    });
    return { items };
  }

  /** The nightly recompute; null when another run holds the lock. */
  async recompute(now = new Date()): Promise<RecommendationsRecompute | null> {
    const started = Date.now();
    // One transaction: the three tables are replaced atomically, under a transaction-level lock.
    const counts = await inTransaction(this.db, async (tx) =>
      (await this.rows.tryLock(tx)) ? this.rows.recompute(tx, new Date(now.getTime() - P.windowDays * DAY_MS), now) : null,
    );
    if (!counts) {
      this.logger.warn('recommendations: another recompute is in progress; skipped');
      return null;
    }
    return { asOf: now.toISOString(), ...counts, ms: Date.now() - started };
  }
}
