// The shape of a segment condition (issue 11 item 4): one rule object per code, like COUPON_KINDS.
// `validateArgs` checks what an admin sent; `toSql` turns checked args into one boolean SQL
// expression over the member row aliased `m` and its analytics_member row aliased `ma` (LEFT
// JOINed: null for a member without one; SEGMENT_MEMBERS_FROM), every value bound through `p`
// (never interpolated).
import type { LocalDate } from '../../time.js';
import type { Args } from '../args.js';

/** Binds a value as the next query parameter and returns its placeholder (`$3`), with an optional cast. */
export type BindParam = (value: unknown, cast?: string) => string;

/** What a condition may depend on besides its args: the programme's "today" and timezone. */
export interface SegmentSqlContext {
  /** Today's local date in the programme timezone. */
  today: LocalDate;
  timeZone: string;
}

export type ArgsCheck<A> = { ok: true; args: A } | { ok: false; problems: string[] };

export interface SegmentConditionSpec<A = Args> {
  code: string;
  /** One line for docs and the admin UI. */
  describe: string;
  /** The tables the SQL reads (docs/segments.md lists them). */
  sources: readonly string[];
  /** Problems are `<field>: <reason>` relative to the args (see args.ts). */
  validateArgs(args: unknown): ArgsCheck<A>;
  /** A boolean SQL expression over `member m` and `analytics_member ma` (may be null); values only through `p`. */
  toSql(args: A, p: BindParam, ctx: SegmentSqlContext): string;
}

/** A segment's stored conditions (API.md `{ all?: [Condition], any?: [Condition] }`). */
export interface SegmentCondition {
  code: string;
  args: Args;
}

export interface SegmentConditions {
  all?: SegmentCondition[];
  any?: SegmentCondition[];
}
