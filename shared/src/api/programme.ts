// Programme configuration (API.md "Programme configuration"): the admin document, its version
// history and the member-facing rules.
import type { TierCode } from './common.js';
import type { Benefit } from './member.js';
import type { EarningRuleConfig } from '../rules/points.js';

export type ExpiryPolicyView =
  { policy: 'end_of_next_year' } | { policy: 'days'; days: number } | { policy: 'end_of_month' } | { policy: 'never' };

export interface ProgrammeTierView {
  code: TierCode;
  name: string;
  growthThreshold: number;
  keepGrowth: number;
  pointsMultiplierBp: number;
  discountRateBp: number;
  benefits: Benefit[];
}

/** What `PUT /admin/programme` takes besides `expectedVersion`. */
export interface ProgrammeInput {
  currency: string;
  timezone: string;
  /**
   * `rules` (optional, added): the earning rules that make an order's points, e.g.
   * `[{ code: 'per_yuan_paid', args: {} }, { code: 'category_bonus', args: { category: 'coffee', multiplierBp: 10000 } }]`;
   * absent = per_yuan_paid alone (points per yuan paid × the tier multiplier).
   */
  earning: { pointsPerYuan: number; growthPerYuan: number; rules?: EarningRuleConfig[] };
  redemption: { pointsPerYuan: number; unit: number; minPoints: number; maxShareBp: number };
  expiry: ExpiryPolicyView;
  tiers: ProgrammeTierView[];
}

/** `GET /admin/programme`, `GET /api/v1/programme`. */
export interface ProgrammeView extends ProgrammeInput {
  version: number;
}

export interface PutProgrammeRequest extends ProgrammeInput {
  expectedVersion: number;
}

export interface ProgrammeVersionItem {
  version: number;
  changedAt: string;
  /** Staff id; null for the version the migration seeded. */
  changedBy: string | null;
}

export interface ProgrammeProblem {
  field: string;
  reason: string;
}

/** `GET /admin/programme/versions`, newest first. */
export interface ProgrammeVersionsResponse {
  items: ProgrammeVersionItem[];
}

/** `ProgrammeInput.earning`: points and growth per yuan paid, and the earning rules. */
export type ProgrammeEarning = ProgrammeInput['earning'];
/** `ProgrammeInput.redemption`: points as payment. */
export type ProgrammeRedemption = ProgrammeInput['redemption'];
