// The lottery form's values → the API's request, the shared rule's problems (and the server's,
// which are the same rule's) → the form's fields, and the odds preview from the shared rounding.
import {
  lotteryProblems,
  MAX_WEIGHT,
  oddsBasisPoints,
  type CreateLotteryRequest,
  type LotteryPrizeInput,
  type LotteryPrizeKind,
} from '@huiyuan/shared';
import type { Dayjs } from 'dayjs';
import { isApiError } from '../../api/errors';

export interface PrizeValues {
  title?: string;
  kind?: LotteryPrizeKind;
  points?: number | null;
  templateId?: string | null;
  stock?: number | null;
  weight?: number | null;
  claimDays?: number | null;
}

export interface LotteryValues {
  title?: string;
  description?: string;
  window?: [Dayjs | null, Dayjs | null] | null;
  costPoints?: number | null;
  perMemberDaily?: number | null;
  perMemberTotal?: number | null;
  budgetPoints?: number | null;
  prizes?: PrizeValues[];
}

/** One prize as the API takes it: only the fields of its kind (a `none` prize's stock is ignored: 0). */
export function toPrizeInput(p: PrizeValues): LotteryPrizeInput {
  const kind = p.kind ?? 'none';
  return {
    title: (p.title ?? '').trim(),
    kind,
    stock: kind === 'none' ? 0 : (p.stock ?? 0),
    weight: p.weight ?? 0,
    ...(kind === 'points' ? { points: p.points ?? 0 } : {}),
    ...(kind === 'coupon' ? { templateId: p.templateId ?? '' } : {}),
    ...(kind === 'physical' && p.claimDays ? { claimDays: p.claimDays } : {}),
  };
}

export function toLotteryRequest(v: LotteryValues): CreateLotteryRequest {
  const description = v.description?.trim();
  return {
    title: (v.title ?? '').trim(),
    ...(description ? { description } : {}),
    startsAt: v.window?.[0]?.toISOString() ?? '',
    endsAt: v.window?.[1]?.toISOString() ?? '',
    costPoints: v.costPoints ?? 0,
    perMemberDaily: v.perMemberDaily ?? 0,
    perMemberTotal: v.perMemberTotal ?? 0,
    ...(v.budgetPoints ? { budgetPoints: v.budgetPoints } : {}),
    prizes: (v.prizes ?? []).map(toPrizeInput),
  };
}

/**
 * Each prize's published odds in basis points as the server will compute them (largest remainder,
 * Σ = 10000); null for every prize while some weight is not yet a valid positive integer.
 */
export function oddsPreview(prizes: readonly PrizeValues[] | undefined): (number | null)[] {
  const weights = (prizes ?? []).map((p) => p?.weight);
  const valid = weights.every((w) => typeof w === 'number' && Number.isInteger(w) && w >= 1 && w <= MAX_WEIGHT);
  if (!valid || weights.length === 0) return weights.map(() => null);
  return oddsBasisPoints(weights as number[]);
}

/** The chance of winning anything but 谢谢参与, in basis points (null while the odds are unknown). */
export function winOdds(prizes: readonly PrizeValues[] | undefined): number | null {
  const odds = oddsPreview(prizes);
  if (odds.length === 0 || odds.some((o) => o === null)) return null;
  return (prizes ?? []).reduce((s, p, i) => s + (p.kind === 'none' ? 0 : odds[i]!), 0);
}

const PRIZE_FIELDS = ['title', 'kind', 'points', 'templateId', 'stock', 'weight', 'claimDays'] as const;

export interface LotteryFormProblems {
  fields: { name: (string | number)[]; errors: string[] }[];
  /** Problems of the prize list as a whole (none, too many). */
  general: string[];
}

/** The shared rule's problem lines → antd form fields (`['prizes', 1, 'weight']`) and list-level lines. */
export function lotteryProblemFields(problems: readonly string[]): LotteryFormProblems {
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const general: string[] = [];
  const add = (name: (string | number)[], error: string) => {
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(error);
    byField.set(key, entry);
  };
  for (const problem of problems) {
    const prize = /^prizes\[(\d+)\]\.(.*)$/.exec(problem);
    if (prize) {
      const rest = prize[2]!;
      const field =
        PRIZE_FIELDS.find((f) => rest.startsWith(f)) ??
        (rest.includes('stock') ? 'stock' : rest.includes('claimDays') ? 'claimDays' : 'title');
      add(['prizes', Number(prize[1]), field], rest);
      continue;
    }
    if (problem.startsWith('prizes')) general.push(problem);
    else if (/^(startsAt|endsAt|the window)/.test(problem)) add(['window'], problem);
    else {
      const top = ['title', 'costPoints', 'perMemberDaily', 'perMemberTotal', 'budgetPoints'].find((f) => problem.startsWith(f));
      if (top) add([top], problem);
      else general.push(problem);
    }
  }
  return { fields: [...byField.values()], general };
}

/** The same checks the server applies, placed on the form. */
export function lotteryFormProblems(v: LotteryValues): LotteryFormProblems {
  return lotteryProblemFields(lotteryProblems(toLotteryRequest(v)));
}

/** The problem lines of a 400 from the lottery API (`details: [{ field: 'lottery', messages }]`). */
export function serverLotteryProblems(err: unknown): string[] {
  if (!isApiError(err, 'VALIDATION_FAILED') || !Array.isArray(err.details)) return [];
  return err.details.flatMap((d) => {
    const o = (d && typeof d === 'object' ? d : {}) as { field?: unknown; messages?: unknown; reason?: unknown };
    const lines = Array.isArray(o.messages) ? o.messages.map(String) : typeof o.reason === 'string' ? [o.reason] : [];
    // A validation-pipe detail names the DTO field (`prizes.0.title`); a rule detail carries the whole line.
    if (typeof o.field !== 'string' || o.field === 'lottery') return lines;
    // As the rule writes it: prizes[0].title …, so it lands on the same field.
    const field = o.field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
    const last = /[^.\]]+$/.exec(field)?.[0] ?? field;
    const parent = field.slice(0, field.length - last.length);
    return lines.map((l) => (l.startsWith(field) ? l : l.startsWith(`${last} `) ? `${parent}${l}` : `${field} ${l}`));
  });
}
