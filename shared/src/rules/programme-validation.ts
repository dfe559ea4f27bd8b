// The programme as operators edit it: the default (version 1, what the migration seeds), the
// mapping between the API document and the rule shape, and the validation of a new version —
// every problem at once, as `{ field, reason }`, so an admin form can mark all of them.
import type { TierCode } from '../api/common.js';
import type { ExpiryPolicyView, ProgrammeInput, ProgrammeProblem, ProgrammeView } from '../api/programme.js';
import { DEFAULT_TIMEZONE } from '../time.js';
import { splitProblem } from './args.js';
import {
  DEFAULT_EXPIRY_POLICY,
  EXPIRY_POLICY_CODES,
  expiryPolicyOf,
  isExpiryPolicyCode,
  MAX_EXPIRY_DAYS,
  type ExpiryPolicyCode,
  type ExpiryPolicyConfig,
} from './expiry.js';
import {
  DEFAULT_EARNING,
  DEFAULT_REDEMPTION,
  EARNING_RULE_CODES,
  EARNING_RULES,
  isEarningRuleCode,
  type EarningRuleConfig,
} from './points.js';
import type { Programme } from './programme.js';
import { DEFAULT_TIERS } from './tiers.js';

export const DEFAULT_CURRENCY = 'CNY';

/** Today's constants and seeded tiers, as version 1. */
export const DEFAULT_PROGRAMME: Programme = {
  version: 1,
  currency: DEFAULT_CURRENCY,
  timezone: DEFAULT_TIMEZONE,
  earning: DEFAULT_EARNING,
  redemption: DEFAULT_REDEMPTION,
  expiry: DEFAULT_EXPIRY_POLICY,
  tiers: DEFAULT_TIERS.map((t) => ({ ...t, benefits: t.benefits.map((b) => ({ ...b })) })),
};

export const TIER_CODES: readonly TierCode[] = ['normal', 'silver', 'gold', 'platinum'];

export const PROGRAMME_LIMITS = {
  maxRatePerYuan: 1000,
  maxRedemptionInt: 1_000_000,
  maxMinPoints: 100_000_000,
  maxGrowth: 1_000_000_000,
  maxMultiplierBp: 100_000,
  maxExpiryDays: MAX_EXPIRY_DAYS,
  maxBenefits: 20,
  maxNameLength: 32,
  maxBenefitTitleLength: 64,
  maxEarningRules: 10,
} as const;

/** A stored expiry config as the API document: `{ policy, …the policy's viewFields }`. */
export function expiryToView(e: ExpiryPolicyConfig): ExpiryPolicyView {
  const policy = expiryPolicyOf(e.code);
  const args: Record<string, unknown> = e.args ?? policy.defaultArgs;
  return { policy: e.code, ...Object.fromEntries(policy.viewFields.map((f) => [f, args[f]])) } as ExpiryPolicyView;
}

/** The API document's expiry as stored: args only for a policy with viewFields. */
export function expiryFromView(v: ExpiryPolicyView): ExpiryPolicyConfig {
  const fields = expiryPolicyOf(v.policy).viewFields;
  const view = v as unknown as Record<string, unknown>;
  if (fields.length === 0) return { code: v.policy } as ExpiryPolicyConfig;
  return { code: v.policy, args: Object.fromEntries(fields.map((f) => [f, view[f]])) } as ExpiryPolicyConfig;
}

/** Every field any policy takes in the API document, with the policies that take it. */
const EXPIRY_VIEW_FIELDS = new Map<string, ExpiryPolicyCode[]>();
for (const code of EXPIRY_POLICY_CODES)
  for (const f of expiryPolicyOf(code).viewFields) EXPIRY_VIEW_FIELDS.set(f, [...(EXPIRY_VIEW_FIELDS.get(f) ?? []), code]);

const copyEarningRule = (r: EarningRuleConfig): EarningRuleConfig => ({ ...r, args: { ...r.args } }) as EarningRuleConfig;

/** The API document of a programme version. */
export function toProgrammeView(p: Programme): ProgrammeView {
  return {
    version: p.version,
    currency: p.currency,
    timezone: p.timezone,
    earning: {
      pointsPerYuan: p.earning.pointsPerYuan,
      growthPerYuan: p.earning.growthPerYuan,
      ...(p.earning.rules ? { rules: p.earning.rules.map(copyEarningRule) } : {}),
    },
    redemption: {
      pointsPerYuan: p.redemption.pointsPerYuan,
      unit: p.redemption.unit,
      minPoints: p.redemption.minPoints,
      maxShareBp: p.redemption.maxShareBp,
    },
    expiry: expiryToView(p.expiry),
    tiers: p.tiers.map((t) => ({
      code: t.code,
      name: t.name,
      growthThreshold: t.growthThreshold,
      keepGrowth: t.keepGrowth,
      pointsMultiplierBp: t.pointsMultiplierBp,
      discountRateBp: t.discountRateBp,
      benefits: t.benefits.map((b) => ({ code: b.code, title: b.title })),
    })),
  };
}

/** A validated input as version `version` (redemption stays enabled: the API has no switch). */
export function programmeFromInput(input: ProgrammeInput, version: number): Programme {
  return {
    version,
    currency: input.currency,
    timezone: input.timezone,
    earning: {
      pointsPerYuan: input.earning.pointsPerYuan,
      growthPerYuan: input.earning.growthPerYuan,
      ...(input.earning.rules ? { rules: input.earning.rules.map(copyEarningRule) } : {}),
    },
    redemption: {
      enabled: true,
      pointsPerYuan: input.redemption.pointsPerYuan,
      unit: input.redemption.unit,
      minPoints: input.redemption.minPoints,
      maxShareBp: input.redemption.maxShareBp,
    },
    expiry: expiryFromView(input.expiry),
    tiers: input.tiers.map((t) => ({
      code: t.code,
      name: t.name,
      growthThreshold: t.growthThreshold,
      keepGrowth: t.keepGrowth,
      pointsMultiplierBp: t.pointsMultiplierBp,
      discountRateBp: t.discountRateBp,
      benefits: t.benefits.map((b) => ({ code: b.code, title: b.title })),
    })),
  };
}

export function isIanaTimezone(tz: unknown): boolean {
  if (typeof tz !== 'string' || !/^(UTC|[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
/** A rate ≥ 0 with at most 4 decimals (the earning rules work in basis points). */
const isRate = (v: unknown, max: number): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max && Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6;
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/** `earning.rules`: each `{ code, args }` of EARNING_RULES, its args checked by the rule itself. */
function earningRulesProblems(rules: unknown, add: (field: string, reason: string) => void): void {
  if (!Array.isArray(rules)) return add('earning.rules', 'must be an array of { code, args }');
  if (rules.length > PROGRAMME_LIMITS.maxEarningRules)
    return add('earning.rules', `at most ${PROGRAMME_LIMITS.maxEarningRules} rules`);
  const seen = new Set<string>();
  rules.forEach((r: unknown, i) => {
    const at = `earning.rules[${i}]`;
    if (!isObj(r)) return add(at, 'must be an object');
    for (const k of Object.keys(r)) if (k !== 'code' && k !== 'args') add(`${at}.${k}`, 'unknown field');
    if (!isEarningRuleCode(r.code)) return add(`${at}.code`, `must be one of ${EARNING_RULE_CODES.join(', ')}`);
    const rule = EARNING_RULES[r.code];
    if (rule.unique && seen.has(r.code)) add(`${at}.code`, `${r.code} at most once (it would pay the same points twice)`);
    seen.add(r.code);
    if (!isObj(r.args)) return add(`${at}.args`, 'must be an object');
    for (const problem of rule.validateArgs(r.args)) {
      const { field, reason } = splitProblem(problem, `${at}.args.`);
      add(field, reason);
    }
  });
}

export type ProgrammeValidation = { ok: true; value: ProgrammeInput } | { ok: false; details: ProgrammeProblem[] };

/**
 * Everything wrong with a programme document (the PUT body without `expectedVersion`): types,
 * ranges, an ISO 4217-shaped currency, an IANA timezone, a known expiry policy, tier codes known
 * and unique, the base tier `normal` at threshold 0, thresholds strictly ascending in list order.
 */
export function validateProgramme(input: unknown): ProgrammeValidation {
  const p: ProgrammeProblem[] = [];
  const add = (field: string, reason: string) => p.push({ field, reason });
  const unknownKeys = (o: Obj, known: readonly string[], at: string) => {
    for (const k of Object.keys(o)) if (!known.includes(k)) add(`${at}${k}`, 'unknown field');
  };
  if (!isObj(input)) return { ok: false, details: [{ field: '', reason: 'must be an object' }] };
  unknownKeys(input, ['currency', 'timezone', 'earning', 'redemption', 'expiry', 'tiers'], '');
  const L = PROGRAMME_LIMITS;

  if (typeof input.currency !== 'string' || !/^[A-Z]{3}$/.test(input.currency))
    add('currency', 'must be an ISO 4217 code of three capital letters, e.g. CNY');
  if (!isIanaTimezone(input.timezone)) add('timezone', 'must be an IANA timezone such as Asia/Shanghai');

  const e = input.earning;
  if (!isObj(e)) add('earning', 'must be an object');
  else {
    unknownKeys(e, ['pointsPerYuan', 'growthPerYuan', 'rules'], 'earning.');
    for (const k of ['pointsPerYuan', 'growthPerYuan'])
      if (!isRate(e[k], L.maxRatePerYuan)) add(`earning.${k}`, `must be a number 0-${L.maxRatePerYuan} with at most 4 decimals`);
    if (e.rules !== undefined) earningRulesProblems(e.rules, add);
  }

  const r = input.redemption;
  if (!isObj(r)) add('redemption', 'must be an object');
  else {
    unknownKeys(r, ['pointsPerYuan', 'unit', 'minPoints', 'maxShareBp'], 'redemption.');
    for (const k of ['pointsPerYuan', 'unit'])
      if (!isInt(r[k], 1, L.maxRedemptionInt)) add(`redemption.${k}`, `must be an integer 1-${L.maxRedemptionInt}`);
    if (!isInt(r.minPoints, 0, L.maxMinPoints)) add('redemption.minPoints', `must be an integer 0-${L.maxMinPoints}`);
    if (!isInt(r.maxShareBp, 0, 10_000)) add('redemption.maxShareBp', 'must be an integer 0-10000 (basis points)');
  }

  const x = input.expiry;
  if (!isObj(x)) add('expiry', 'must be an object');
  else {
    unknownKeys(x, ['policy', ...EXPIRY_VIEW_FIELDS.keys()], 'expiry.');
    if (!isExpiryPolicyCode(x.policy)) add('expiry.policy', `must be one of ${EXPIRY_POLICY_CODES.join(', ')}`);
    else {
      const policy = expiryPolicyOf(x.policy);
      for (const [f, owners] of EXPIRY_VIEW_FIELDS)
        if (!policy.viewFields.includes(f) && x[f] !== undefined) add(`expiry.${f}`, `only with policy ${owners.join(' or ')}`);
      const args = Object.fromEntries(policy.viewFields.map((f) => [f, x[f]]));
      for (const problem of policy.validateArgs(args)) {
        const { field, reason } = splitProblem(problem, 'expiry.');
        add(field, reason);
      }
    }
  }

  const tiers = input.tiers;
  if (!Array.isArray(tiers) || tiers.length === 0) add('tiers', 'must be a non-empty array');
  else if (tiers.length > TIER_CODES.length) add('tiers', `at most ${TIER_CODES.length} tiers`);
  else {
    const seen = new Set<unknown>();
    let previous: number | null = null;
    tiers.forEach((t: unknown, i) => {
      const at = `tiers[${i}]`;
      if (!isObj(t)) return void add(at, 'must be an object');
      unknownKeys(
        t,
        ['code', 'name', 'growthThreshold', 'keepGrowth', 'pointsMultiplierBp', 'discountRateBp', 'benefits'],
        `${at}.`,
      );
      if (!TIER_CODES.includes(t.code as TierCode)) add(`${at}.code`, `must be one of ${TIER_CODES.join(', ')}`);
      else if (seen.has(t.code)) add(`${at}.code`, `duplicate tier code ${String(t.code)}`);
      seen.add(t.code);
      if (!isText(t.name, L.maxNameLength)) add(`${at}.name`, `must be a non-empty string of at most ${L.maxNameLength}`);
      if (!isInt(t.growthThreshold, 0, L.maxGrowth)) add(`${at}.growthThreshold`, `must be an integer 0-${L.maxGrowth}`);
      else {
        if (i === 0 && t.growthThreshold !== 0) add(`${at}.growthThreshold`, 'the base tier (the first) must have threshold 0');
        if (previous !== null && t.growthThreshold <= previous)
          add(`${at}.growthThreshold`, 'thresholds must be strictly ascending in list order');
        previous = t.growthThreshold;
      }
      if (!isInt(t.keepGrowth, 0, L.maxGrowth)) add(`${at}.keepGrowth`, `must be an integer 0-${L.maxGrowth}`);
      if (!isInt(t.pointsMultiplierBp, 0, L.maxMultiplierBp))
        add(`${at}.pointsMultiplierBp`, `must be an integer 0-${L.maxMultiplierBp} (basis points, 10000 = ×1)`);
      if (!isInt(t.discountRateBp, 1, 10_000))
        add(`${at}.discountRateBp`, 'must be an integer 1-10000 (basis points, 10000 = no discount)');
      if (!Array.isArray(t.benefits) || t.benefits.length > L.maxBenefits)
        add(`${at}.benefits`, `must be an array of at most ${L.maxBenefits}`);
      else
        t.benefits.forEach((b: unknown, j) => {
          const bat = `${at}.benefits[${j}]`;
          if (!isObj(b)) return void add(bat, 'must be an object');
          unknownKeys(b, ['code', 'title'], `${bat}.`);
          if (typeof b.code !== 'string' || !/^[a-z][a-z0-9_]{0,31}$/.test(b.code))
            add(`${bat}.code`, 'must be 1-32 characters a-z 0-9 _ starting with a letter');
          if (!isText(b.title, L.maxBenefitTitleLength))
            add(`${bat}.title`, `must be a non-empty string of at most ${L.maxBenefitTitleLength}`);
        });
    });
    if (isObj(tiers[0]) && TIER_CODES.includes(tiers[0].code as TierCode) && tiers[0].code !== 'normal')
      add('tiers[0].code', 'the base tier must be normal (new members join it)');
  }
  return p.length > 0 ? { ok: false, details: p } : { ok: true, value: input as unknown as ProgrammeInput };
}
