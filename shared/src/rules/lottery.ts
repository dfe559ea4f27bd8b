// Lottery (抽奖): what a valid lottery is, the published odds, the weighted draw and its
// fallback, and the per-member limits. Pure: the server supplies the random value and `now`.
//
// Decisions written down here (docs/lottery.md points at this header):
//
// • Odds. A prize's odds are weight / Σ weights of all the lottery's prizes, published in basis
//   points. Rounding is largest-remainder (Hamilton): every prize gets floor(10000 × w / W), the
//   points still missing to 10000 go one each to the largest remainders (ties: the earlier prize),
//   so the published odds always sum to exactly 10000 and no prize is off by ≥ 1 bp.
//
// • The draw. Given an integer r in [0, W) — `crypto.randomInt(W)` on the server, stored on the
//   draw — the prize is the first whose cumulative weight exceeds r. So prize i owns exactly
//   w_i values of r: [C_{i-1}, C_i). (CRMEB's `rand(0, total)` is inclusive: one value too many.)
//   An r outside [0, W) is a bug, not a draw: it throws.
//
// • Fallback. The picked prize is awarded only if a unit of its stock can be taken (the server's
//   conditional UPDATE decides) and, for points, the budget covers it; otherwise the draw falls
//   back to "no prize": the lottery's first `none` prize when it has one, else nothing. The odds
//   stay the published ones — an exhausted prize's share goes to "no prize", never to another
//   prize, so no member's chance of a prize is raised behind the published figures.
//
// • Limits. perMemberDaily counts draws on the programme-timezone local day; perMemberTotal counts
//   all draws of the lottery. Both count every draw, free or paid.
import type { CreateLotteryRequest, LotteryPrizeInput, LotteryPrizeKind, UpdateLotteryRequest } from '../api/lottery.js';
import { refuse, type Refusal } from './result.js';

export const ODDS_TOTAL_BP = 10_000;
export const MAX_PRIZES = 8;
export const MAX_WEIGHT = 1_000_000;
export const MAX_STOCK = 10_000_000;
export const MAX_PRIZE_POINTS = 1_000_000;
export const MAX_COST_POINTS = 1_000_000;
export const MAX_LIMIT = 10_000;
export const DEFAULT_CLAIM_DAYS = 30;
const MAX_WINDOW_DAYS = 366;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isInt = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

/** A prize kind: what it needs, and whether it consumes stock. One entry per kind, no switch elsewhere. */
export interface LotteryPrizeKindSpec {
  code: LotteryPrizeKind;
  /** Problems with this prize's kind-specific fields (prefixed by the caller). */
  problems(p: LotteryPrizeInput): string[];
  /** False for "谢谢参与": never used up, never granted. */
  limitedStock: boolean;
  label: string;
}

export const LOTTERY_PRIZE_KINDS: { [K in LotteryPrizeKind]: LotteryPrizeKindSpec } = {
  points: {
    code: 'points',
    limitedStock: true,
    label: '积分',
    problems: (p) => [
      ...(isInt(p.points, 1, MAX_PRIZE_POINTS) ? [] : [`points must be an integer 1…${MAX_PRIZE_POINTS}`]),
      ...(p.templateId !== undefined ? ['templateId does not apply to a points prize'] : []),
    ],
  },
  coupon: {
    code: 'coupon',
    limitedStock: true,
    label: '优惠券',
    problems: (p) => [
      ...(typeof p.templateId === 'string' && UUID.test(p.templateId) ? [] : ['templateId must be a coupon template id']),
      ...(p.points !== undefined ? ['points does not apply to a coupon prize'] : []),
    ],
  },
  physical: {
    code: 'physical',
    limitedStock: true,
    label: '实物',
    problems: (p) => [
      ...(p.points !== undefined ? ['points does not apply to a physical prize'] : []),
      ...(p.templateId !== undefined ? ['templateId does not apply to a physical prize (its claim coupon is made with it)'] : []),
      ...(p.stock === 0 ? ['a physical prize needs stock ≥ 1'] : []),
      ...(p.claimDays === undefined || isInt(p.claimDays, 1, 3650) ? [] : ['claimDays must be an integer 1…3650']),
    ],
  },
  none: {
    code: 'none',
    limitedStock: false,
    label: '谢谢参与',
    problems: (p) => [
      ...(p.points !== undefined ? ['points does not apply to a none prize'] : []),
      ...(p.templateId !== undefined ? ['templateId does not apply to a none prize'] : []),
    ],
  },
};

function prizeProblems(prizes: readonly LotteryPrizeInput[] | undefined): string[] {
  if (!prizes || !Array.isArray(prizes) || prizes.length === 0) return ['prizes: at least one prize'];
  const list: readonly LotteryPrizeInput[] = prizes;
  const problems: string[] = [];
  if (list.length > MAX_PRIZES) problems.push(`prizes: at most ${MAX_PRIZES} (the 九宫格 has 8 cells)`);
  list.forEach((p, i) => {
    const at = `prizes[${i}]`;
    if (typeof p.title !== 'string' || p.title.trim().length === 0) problems.push(`${at}.title must not be empty`);
    if (!isInt(p.stock, 0, MAX_STOCK)) problems.push(`${at}.stock must be an integer 0…${MAX_STOCK}`);
    if (!isInt(p.weight, 1, MAX_WEIGHT)) problems.push(`${at}.weight must be a positive integer ≤ ${MAX_WEIGHT}`);
    const spec = LOTTERY_PRIZE_KINDS[p.kind] as LotteryPrizeKindSpec | undefined;
    if (!spec) problems.push(`${at}.kind must be points, coupon, physical or none`);
    else problems.push(...spec.problems(p).map((m) => `${at}.${m}`));
  });
  return problems;
}

function instant(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

/** Everything wrong with a lottery definition (empty when it is fine). */
export function lotteryProblems(l: CreateLotteryRequest): string[] {
  const problems: string[] = [];
  if (typeof l.title !== 'string' || l.title.trim().length === 0) problems.push('title must not be empty');
  const from = instant(l.startsAt);
  const to = instant(l.endsAt);
  if (from === null) problems.push('startsAt must be an ISO-8601 instant');
  if (to === null) problems.push('endsAt must be an ISO-8601 instant');
  if (from !== null && to !== null) {
    if (to <= from) problems.push('endsAt must be after startsAt');
    else if (to - from > MAX_WINDOW_DAYS * 86_400_000) problems.push(`the window may last at most ${MAX_WINDOW_DAYS} days`);
  }
  if (!isInt(l.costPoints, 0, MAX_COST_POINTS)) problems.push(`costPoints must be an integer 0…${MAX_COST_POINTS}`);
  if (!isInt(l.perMemberDaily, 1, MAX_LIMIT)) problems.push(`perMemberDaily must be an integer 1…${MAX_LIMIT}`);
  if (!isInt(l.perMemberTotal, 1, MAX_LIMIT * 366)) problems.push('perMemberTotal must be a positive integer');
  if (isInt(l.perMemberDaily, 1, MAX_LIMIT) && isInt(l.perMemberTotal, 1, MAX_LIMIT * 366) && l.perMemberTotal < l.perMemberDaily)
    problems.push('perMemberTotal must be ≥ perMemberDaily');
  if (l.budgetPoints !== undefined && l.budgetPoints !== null && !isInt(l.budgetPoints, 1, Number.MAX_SAFE_INTEGER))
    problems.push('budgetPoints must be a positive integer (or absent for no budget)');
  problems.push(...prizeProblems(l.prizes));
  return problems;
}

/**
 * Everything wrong with an edit. `started` = now ≥ the current startsAt: then prizes, odds, cost
 * and the start are fixed (members drew against them); limits may only rise and endsAt only move
 * later. Before the start the edited whole is validated like a new lottery.
 */
export function lotteryEditProblems(
  current: CreateLotteryRequest,
  patch: UpdateLotteryRequest,
  started: boolean,
): { problems: string[]; startedConflict: boolean } {
  const merged: CreateLotteryRequest = {
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  } as CreateLotteryRequest;
  if (patch.budgetPoints === null) merged.budgetPoints = null;
  if (!started) return { problems: lotteryProblems(merged), startedConflict: false };
  const frozen = ['prizes', 'costPoints', 'startsAt'] as const;
  const startedConflict = frozen.some((k) => patch[k] !== undefined);
  const problems = lotteryProblems(merged);
  if (patch.perMemberDaily !== undefined && patch.perMemberDaily < current.perMemberDaily)
    problems.push(`perMemberDaily can only go up once started (now ${current.perMemberDaily})`);
  if (patch.perMemberTotal !== undefined && patch.perMemberTotal < current.perMemberTotal)
    problems.push(`perMemberTotal can only go up once started (now ${current.perMemberTotal})`);
  if (patch.endsAt !== undefined && Date.parse(patch.endsAt) < Date.parse(current.endsAt))
    problems.push('endsAt can only move later once started');
  if (patch.budgetPoints !== undefined) {
    const was = current.budgetPoints ?? null;
    if (was !== null && (patch.budgetPoints === null ? false : patch.budgetPoints < was))
      problems.push(`budgetPoints can only go up once started (now ${was})`);
    if (was === null && patch.budgetPoints !== null) problems.push('a budget cannot be added once started');
  }
  return { problems, startedConflict };
}

/** Published odds: weight / Σ weights in basis points, largest-remainder rounded to sum to exactly 10000. */
export function oddsBasisPoints(weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  for (const w of weights) if (!isInt(w, 1, MAX_WEIGHT)) throw new RangeError('weights must be positive integers');
  const total = weights.reduce((s, w) => s + w, 0);
  const floors = weights.map((w) => Math.floor((w * ODDS_TOTAL_BP) / total));
  const remainders = weights.map((w, i) => ({ i, r: w * ODDS_TOTAL_BP - floors[i]! * total }));
  let missing = ODDS_TOTAL_BP - floors.reduce((s, f) => s + f, 0);
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of remainders) {
    if (missing === 0) break;
    floors[i]! += 1;
    missing--;
  }
  return floors;
}

export function totalWeight(prizes: readonly { weight: number }[]): number {
  return prizes.reduce((s, p) => s + p.weight, 0);
}

/**
 * The index of the prize `random` picks: the first whose cumulative weight exceeds it.
 * `random` must be an integer in [0, Σ weights).
 */
export function drawPrize(prizes: readonly { weight: number }[], random: number): number {
  const total = totalWeight(prizes);
  if (!Number.isSafeInteger(random) || random < 0 || random >= total) {
    throw new RangeError(`random must be an integer in [0, ${total})`);
  }
  let cumulative = 0;
  for (let i = 0; i < prizes.length; i++) {
    cumulative += prizes[i]!.weight;
    if (random < cumulative) return i;
  }
  throw new RangeError('unreachable: random < total');
}

export type DrawFallback = 'out_of_stock' | 'budget_exhausted' | 'grant_skipped';

/**
 * What a draw awards once the picked prize's stock and the budget have answered: the picked prize,
 * or the fallback "no prize" (the first `none` prize, else null).
 */
export function awardedPrize<P extends { kind: LotteryPrizeKind }>(
  prizes: readonly P[],
  picked: number,
  refusal: DrawFallback | null,
): { prize: P | null; fallback: DrawFallback | null } {
  if (refusal === null) return { prize: prizes[picked]!, fallback: null };
  return { prize: prizes.find((p) => p.kind === 'none') ?? null, fallback: refusal };
}

/** Does a points prize of `points` still fit the budget? (null budget = no limit.) */
export function fitsBudget(budgetPoints: number | null, pointsGranted: number, points: number): boolean {
  return budgetPoints === null || pointsGranted + points <= budgetPoints;
}

export interface LotteryWindow {
  status: 'active' | 'paused' | 'ended';
  startsAt: Date;
  endsAt: Date;
}

/** May a member draw now? Active, started and not yet ended (endsAt exclusive). */
export function checkLotteryOpen(l: LotteryWindow, now: Date): { ok: true } | Refusal<'LOTTERY_NOT_ACTIVE'> {
  if (l.status !== 'active') return refuse('LOTTERY_NOT_ACTIVE', l.status);
  if (now.getTime() < l.startsAt.getTime()) return refuse('LOTTERY_NOT_ACTIVE', 'not_started');
  if (now.getTime() >= l.endsAt.getTime()) return refuse('LOTTERY_NOT_ACTIVE', 'ended');
  return { ok: true };
}

export interface LotteryLimits {
  perMemberDaily: number;
  perMemberTotal: number;
}

/** Draws left today: the daily and the total allowance, whichever is lower (never negative). */
export function remainingDraws(limits: LotteryLimits, usedToday: number, usedTotal: number): number {
  return Math.max(0, Math.min(limits.perMemberDaily - usedToday, limits.perMemberTotal - usedTotal));
}

/** The limit check the draw runs under the member lock. */
export function checkDrawLimits(
  limits: LotteryLimits,
  usedToday: number,
  usedTotal: number,
): { ok: true } | Refusal<'LOTTERY_LIMIT_REACHED', 'daily' | 'total'> {
  if (usedTotal >= limits.perMemberTotal) return refuse('LOTTERY_LIMIT_REACHED', 'total');
  if (usedToday >= limits.perMemberDaily) return refuse('LOTTERY_LIMIT_REACHED', 'daily');
  return { ok: true };
}
