// The admin-editable lifecycle thresholds (issue 11 item 3; docs/metrics.md "Lifecycle"):
// `PUT /admin/analytics/lifecycle` validates with this before saving; the KPIs and the nightly
// member-scores job read the saved thresholds (DEFAULT_LIFECYCLE until an admin saves some).
import type { LifecycleThresholds } from './metrics.js';

/** The longest window any threshold may name: ten years of days (also keeps SQL date arithmetic sane). */
export const MAX_LIFECYCLE_DAYS = 3660;

const FIELDS = ['newDays', 'silentAfterDays', 'churnedAfterDays'] as const;

const isDays = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_LIFECYCLE_DAYS;

/**
 * Problems of a thresholds document, empty when it is valid: three whole numbers of days
 * 1–MAX_LIFECYCLE_DAYS, new < silent < churned (a member is new before they can be silent, and
 * silent before churned), no other keys. Each problem reads `field: reason`.
 */
export function lifecycleThresholdsProblems(input: unknown): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return ['thresholds must be an object'];
  const doc = input as Record<string, unknown>;
  const p = Object.keys(doc)
    .filter((k) => !(FIELDS as readonly string[]).includes(k))
    .map((k) => `${k}: unknown field`);
  for (const f of FIELDS) if (!isDays(doc[f])) p.push(`${f}: must be a whole number of days 1-${MAX_LIFECYCLE_DAYS}`);
  if (p.length > 0) return p;
  const t = doc as unknown as LifecycleThresholds;
  if (t.newDays >= t.silentAfterDays) p.push('silentAfterDays: must be greater than newDays');
  if (t.silentAfterDays >= t.churnedAfterDays) p.push('churnedAfterDays: must be greater than silentAfterDays');
  return p;
}
