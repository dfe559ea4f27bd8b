// The programme: everything an operator may change about earning, paying with points, expiry and
// tiers, as one versioned value. Orders record the version they were priced with; rules take the
// programme (or a part of it) as an argument and never read it from anywhere else.
import type { ExpiryPolicyConfig } from './expiry.js';
import type { EarningConfig, RedemptionConfig } from './points.js';
import type { TierDefinition } from './tiers.js';

export interface Programme {
  /** Increases by one with every change; orders store the version they used. */
  version: number;
  /** ISO 4217 code of every money figure in the programme (default CNY). */
  currency: string;
  /** IANA timezone of business dates (check-in day, expiry, birthdays). */
  timezone: string;
  earning: EarningConfig;
  redemption: RedemptionConfig;
  expiry: ExpiryPolicyConfig;
  /** At least one tier; the base tier has growthThreshold 0. */
  tiers: TierDefinition[];
}
