// The draw (抽奖): one transaction that locks the member, replays an earlier draw of the same
// requestId, checks the window and the limits (counted under the member lock, so concurrent
// draws of one member cannot pass them), uses a free entry or charges the cost through the
// ledger, picks a prize from a CSPRNG value (kept on the draw), takes a unit of its stock with a
// conditional UPDATE (falling back to "no prize" when it is gone or the budget cannot cover a
// points prize), records the draw and grants the prize through the rewards pipeline.
import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  awardedPrize,
  checkDrawLimits,
  checkLotteryOpen,
  drawPrize,
  LOTTERY_PRIZE_KINDS,
  toLocalDate,
  totalWeight,
  type DrawFallback,
  type ExportRow,
  type LotteryDrawResult,
  type MyLotteryDraw,
  type MyLotteryDrawsResponse,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { inTransaction, savepoint } from '../common/transaction.js';
import { CouponWalletService } from '../coupons/coupon-wallet.service.js';
import { PointsLedgerService, type LockedMember } from '../loyalty/points-ledger.service.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { LotteryRepository, type DrawRow, type PrizeRow } from './lottery.repository.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

/** A concurrent twin of the same (member, requestId) committed first: the retry replays it. */
const REQUEST_CLASH = 'lottery_draw_member_request';

/** The source of the draw's random value: `crypto.randomInt` in production; tests may pin it. */
export type RandomSource = (totalWeight: number) => number;

@Injectable()
export class LotteryDrawService {
  /** Production randomness: a CSPRNG value in [0, total). */
  static readonly cryptoRandom: RandomSource = (total) => randomInt(total);
  /** Replaceable in tests only (to pin a prize); production always draws from the CSPRNG. */
  random: RandomSource = LotteryDrawService.cryptoRandom;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly repo: LotteryRepository,
    private readonly ledger: PointsLedgerService,
    private readonly rewards: RewardsService,
    private readonly wallet: CouponWalletService,
    private readonly programme: ProgrammeService,
    private readonly webhooks: WebhookEventsService,
  ) {}

  /** 201 with the new draw; `created: false` (200) when requestId repeats an earlier draw. */
  async draw(
    memberId: string,
    lotteryId: string,
    requestId: string,
    now = new Date(),
  ): Promise<{ created: boolean; body: LotteryDrawResult }> {
    return inTransaction(
      this.db,
      async (tx) => {
        const member = await this.ledger.lock(tx, memberId);
        if (!member) throw DomainError.notFound('member');
        const earlier = await this.repo.drawByRequest(tx, memberId, requestId);
        if (earlier) {
          if (earlier.lottery_id !== lotteryId) {
            throw new DomainError('IDEMPOTENCY_KEY_CONFLICT', 'this requestId was used for a draw of another lottery');
          }
          return { created: false, body: await this.view(tx, earlier) };
        }
        const lottery = await this.repo.lottery(tx, lotteryId);
        if (!lottery) throw DomainError.notFound('lottery');
        const open = checkLotteryOpen({ status: lottery.status, startsAt: lottery.starts_at, endsAt: lottery.ends_at }, now);
        if (!open.ok) throw new DomainError('LOTTERY_NOT_ACTIVE', `the lottery is not open (${open.reason ?? 'closed'})`);

        const today = toLocalDate(now, this.programme.settings.timezone);
        const used = await this.repo.drawCounts(tx, lotteryId, memberId, today);
        const limit = checkDrawLimits(
          { perMemberDaily: lottery.per_member_daily, perMemberTotal: lottery.per_member_total },
          used.today,
          used.total,
        );
        if (!limit.ok) {
          throw new DomainError(
            'LOTTERY_LIMIT_REACHED',
            limit.reason === 'daily' ? 'no draws left today' : 'no draws left in this lottery',
            [{ field: 'limit', messages: [limit.reason ?? 'limit'] }],
          );
        }

        const drawId = randomUUID();
        const freeEntry = await this.repo.useEntry(tx, lotteryId, memberId);
        const cost = freeEntry ? 0 : lottery.cost_points;
        // Throws INSUFFICIENT_POINTS (422) and rolls the whole draw back.
        if (cost > 0) await this.ledger.debit(tx, member, 'lottery', { businessKey: `lottery-cost:${drawId}` }, cost, now);

        const prizes = await this.repo.prizes(tx, [lotteryId]);
        const total = totalWeight(prizes);
        const random = this.random(total);
        const picked = drawPrize(prizes, random);
        const pick = prizes[picked]!;

        let refusal: DrawFallback | null = null;
        let points: number | null = null;
        let couponId: string | null = null;
        let claimCode: string | null = null;
        if (LOTTERY_PRIZE_KINDS[pick.kind].limitedStock) {
          // The prize is granted first, under a savepoint, and its unit of stock (and budget) taken
          // last: the hot prize row (and, with a budget, the lottery row) stays locked only for the
          // draw's insert and the commit. When the stock or the budget says no, rolling back to the
          // savepoint undoes the grant and releases what it locked; the member row object is put
          // back as it was before the grant.
          const before = { ...member };
          const prizeSavepoint = await savepoint(tx, 'lottery_prize');
          const granted = await this.grant(tx, member, pick, drawId, now);
          if (!granted.ok) refusal = 'grant_skipped';
          else {
            await this.ledger.save(tx, member);
            if (granted.couponId && pick.kind === 'physical') {
              claimCode = (await this.wallet.codesOf(memberId, [granted.couponId], tx)).get(granted.couponId)?.code ?? null;
            }
            if (!(await this.repo.takeStock(tx, pick.id))) refusal = 'out_of_stock';
            else if (pick.kind === 'points' && lottery.budget_points !== null) {
              if (!(await this.repo.chargeBudget(tx, lotteryId, pick.points!))) refusal = 'budget_exhausted';
            }
          }
          if (refusal === null && granted.ok) {
            await prizeSavepoint.release();
            points = granted.points;
            couponId = granted.couponId;
          } else {
            await prizeSavepoint.rollback();
            Object.assign(member, before);
            claimCode = null;
          }
        }
        await this.ledger.save(tx, member);

        const awarded = awardedPrize(prizes, picked, refusal);
        await this.repo.insertDraw(
          tx,
          {
            id: drawId,
            lottery_id: lotteryId,
            member_id: memberId,
            request_id: requestId,
            local_date: today,
            random,
            total_weight: total,
            picked_prize_id: pick.id,
            prize_id: awarded.prize?.id ?? null,
            fallback: awarded.fallback,
            cost_points: cost,
            free_entry: freeEntry,
            points,
            coupon_id: couponId,
          },
          now,
        );
        await this.webhooks.emit(tx, {
          type: 'lottery.drawn',
          memberId,
          data: {
            drawId,
            memberId,
            lotteryId,
            prizeId: awarded.prize?.id ?? null,
            prizeKind: awarded.prize?.kind ?? null,
            costPoints: cost,
            points,
            couponId,
          },
        });
        const body: LotteryDrawResult = {
          drawId,
          prize: awarded.prize ? { id: awarded.prize.id, title: awarded.prize.title, kind: awarded.prize.kind } : null,
          lotteryId,
          costPoints: cost,
          freeEntryUsed: freeEntry,
          pickedPrizeId: pick.id,
          fallback: awarded.fallback,
          random,
          ...(points !== null ? { points } : {}),
          ...(couponId ? { couponId } : {}),
          ...(claimCode ? { claimCode } : {}),
          createdAt: now.toISOString(),
        };
        return { created: true, body };
      },
      { retryOnUnique: [REQUEST_CLASH] },
    );
  }

  /** The member's draws, newest first, with the claim code of physical prizes. */
  async drawsOf(memberId: string, cursor: string | undefined, limit = 20): Promise<MyLotteryDrawsResponse> {
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await this.repo.drawsOf(this.db, memberId, after, limit + 1);
    const page = rows.slice(0, limit);
    const codes = await this.wallet.codesOf(
      memberId,
      page.flatMap((r) => (r.coupon_id ? [r.coupon_id] : [])),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((r): MyLotteryDraw => ({ ...this.toResult(r, codes), lotteryTitle: r.lottery_title ?? '' })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /** The member's draws and free entries for GET /me/export. */
  async exportFor(tx: EntityManager, memberId: string): Promise<{ draws: ExportRow[]; entries: ExportRow[] }> {
    return this.repo.exportRows(tx, memberId);
  }

  /** Points → the ledger (on the locked member row); coupon and physical → a coupon on channel `lottery`. */
  private async grant(
    tx: EntityManager,
    member: LockedMember,
    prize: PrizeRow,
    drawId: string,
    now: Date,
  ): Promise<{ ok: true; points: number | null; couponId: string | null } | { ok: false }> {
    const key = `lottery:${drawId}`;
    const reward =
      prize.kind === 'points'
        ? ({ kind: 'points', points: prize.points!, reason: 'lottery_prize' } as const)
        : ({ kind: 'coupon', templateId: prize.template_id!, channel: 'lottery' } as const);
    const outcome = await this.rewards.grant(tx, member, reward, key, now);
    if (outcome.status !== 'granted') return { ok: false };
    return {
      ok: true,
      points: outcome.kind === 'points' ? outcome.points : null,
      couponId: outcome.kind === 'coupon' ? outcome.couponId : null,
    };
  }

  private async view(tx: EntityManager, row: DrawRow): Promise<LotteryDrawResult> {
    const codes = await this.wallet.codesOf(row.member_id, row.coupon_id ? [row.coupon_id] : [], tx);
    return this.toResult(row, codes);
  }

  private toResult(r: DrawRow, codes: Map<string, { code: string }>): LotteryDrawResult {
    const code = r.coupon_id ? codes.get(r.coupon_id)?.code : undefined;
    return {
      drawId: r.id,
      prize: r.prize_id ? { id: r.prize_id, title: r.prize_title ?? '', kind: r.prize_kind ?? 'none' } : null,
      lotteryId: r.lottery_id,
      costPoints: r.cost_points,
      freeEntryUsed: r.free_entry,
      pickedPrizeId: r.picked_prize_id,
      fallback: r.fallback,
      random: r.random,
      ...(r.points !== null ? { points: r.points } : {}),
      ...(r.coupon_id ? { couponId: r.coupon_id } : {}),
      ...(code && r.prize_kind === 'physical' ? { claimCode: code } : {}),
      createdAt: r.created_at.toISOString(),
    };
  }
}
