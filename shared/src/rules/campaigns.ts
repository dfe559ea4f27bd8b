// Campaign rules (营销活动): what an action may be, the life of a campaign, the holdout, budget and
// frequency cap, and the target-vs-holdout report. Pure; the server's campaigns module applies
// them (docs/campaigns.md).
import type {
  CampaignAction,
  CampaignActionType,
  CampaignGroupReport,
  CampaignReport,
  CampaignStatus,
  CreateCampaignRequest,
} from '../api/campaigns.js';
import type { ErrorCode } from '../api/errors.js';
import { isArgsObject, isCount, splitProblem, unknownArgKeys, type Args } from './args.js';
import { ratio } from './metrics.js';
import { refuse, type Refusal } from './result.js';

export const MAX_CAMPAIGN_POINTS = 100_000;
export const MAX_HOLDOUT_BP = 5_000;
export const MAX_FREQUENCY_CAP_DAYS = 365;
export const MAX_MESSAGE_FIELDS = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** WeChat subscribe-message data keys (`thing1`, `time2`, `amount3` …) and a value's length limit. */
const MESSAGE_KEY = /^[a-z_]+[0-9]{1,2}$/;
const MAX_MESSAGE_VALUE = 20;
const PAGE = /^[A-Za-z0-9_\-/]+(\?[A-Za-z0-9_=&%-]*)?$/;

/** One action type: its checks and the sentence an operator and a member read. */
export interface CampaignActionRule<A extends CampaignAction> {
  type: A['type'];
  /** Problems as `field: reason`, relative to the action. */
  validate(action: Args): string[];
  /** Points the action gives (for the points budget); 0 for others. */
  points(action: A): number;
  describe(action: A): string;
}

const couponAction: CampaignActionRule<Extract<CampaignAction, { type: 'coupon' }>> = {
  type: 'coupon',
  validate: (a) => [
    ...unknownArgKeys(a, ['type', 'templateId']),
    ...(typeof a.templateId === 'string' && UUID.test(a.templateId) ? [] : ['templateId: must be a coupon template id']),
  ],
  points: () => 0,
  describe: () => '赠送一张优惠券',
};

const pointsAction: CampaignActionRule<Extract<CampaignAction, { type: 'points' }>> = {
  type: 'points',
  validate: (a) => [
    ...unknownArgKeys(a, ['type', 'points']),
    ...(isCount(a.points, 1, MAX_CAMPAIGN_POINTS) ? [] : [`points: must be an integer 1-${MAX_CAMPAIGN_POINTS}`]),
  ],
  points: (a) => a.points,
  describe: (a) => `赠送 ${a.points} 积分`,
};

const messageAction: CampaignActionRule<Extract<CampaignAction, { type: 'message' }>> = {
  type: 'message',
  validate: (a) => {
    const problems = unknownArgKeys(a, ['type', 'templateId', 'page', 'data']);
    if (typeof a.templateId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(a.templateId))
      problems.push('templateId: must be a WeChat subscribe-message template id');
    if (a.page !== undefined && (typeof a.page !== 'string' || a.page.length > 128 || !PAGE.test(a.page)))
      problems.push('page: must be a mini-program page path such as pages/coupon/index');
    if (!isArgsObject(a.data)) problems.push('data: must be an object of template fields');
    else {
      const entries = Object.entries(a.data);
      if (entries.length === 0 || entries.length > MAX_MESSAGE_FIELDS)
        problems.push(`data: must have 1-${MAX_MESSAGE_FIELDS} fields`);
      for (const [k, v] of entries) {
        if (!MESSAGE_KEY.test(k)) problems.push(`data.${k}: must be a template field name such as thing1`);
        else if (typeof v !== 'string' || v.trim() === '' || [...v].length > MAX_MESSAGE_VALUE)
          problems.push(`data.${k}: must be a non-empty string of at most ${MAX_MESSAGE_VALUE} characters`);
      }
    }
    return problems;
  },
  points: () => 0,
  describe: () => '发送订阅消息',
};

/** The action types by `type`: the one place an action type is added. */
export const CAMPAIGN_ACTIONS = {
  coupon: couponAction,
  points: pointsAction,
  message: messageAction,
} as const satisfies { [T in CampaignActionType]: CampaignActionRule<Extract<CampaignAction, { type: T }>> };

export const CAMPAIGN_ACTION_TYPES = Object.keys(CAMPAIGN_ACTIONS) as CampaignActionType[];

const ruleOf = <A extends CampaignAction>(action: A): CampaignActionRule<A> =>
  CAMPAIGN_ACTIONS[action.type] as unknown as CampaignActionRule<A>;

/** Everything wrong with an action (`at` prefixes each field). */
export function campaignActionProblems(action: unknown, at = 'action.'): string[] {
  if (!isArgsObject(action)) return [`${at.slice(0, -1)}: must be an object`];
  const rule = (CAMPAIGN_ACTIONS as Record<string, CampaignActionRule<CampaignAction>>)[String(action.type)];
  if (!rule) return [`${at}type: must be one of ${CAMPAIGN_ACTION_TYPES.join(', ')}`];
  return rule.validate(action).map((p) => `${at}${p}`);
}

export const actionPoints = (action: CampaignAction): number => ruleOf(action).points(action);
export const describeCampaignAction = (action: CampaignAction): string => ruleOf(action).describe(action);

/** Everything wrong with a campaign request besides its shape (which the DTO checks). */
export function campaignRequestProblems(req: CreateCampaignRequest, now: Date): string[] {
  const problems = campaignActionProblems(req.action);
  if (req.holdoutBp !== undefined && !isCount(req.holdoutBp, 0, MAX_HOLDOUT_BP))
    problems.push(`holdoutBp: must be an integer 0-${MAX_HOLDOUT_BP} (basis points of the segment)`);
  const { maxMembers, maxPoints } = req.budget ?? {};
  if (maxMembers !== undefined && maxMembers !== null && !isCount(maxMembers, 1, 10_000_000))
    problems.push('budget.maxMembers: must be a positive integer');
  if (maxPoints !== undefined && maxPoints !== null && !isCount(maxPoints, 1, 1_000_000_000))
    problems.push('budget.maxPoints: must be a positive integer');
  if (maxPoints !== undefined && maxPoints !== null && req.action?.type !== 'points')
    problems.push('budget.maxPoints: only for a points action');
  if (
    req.frequencyCapDays !== undefined &&
    req.frequencyCapDays !== null &&
    !isCount(req.frequencyCapDays, 1, MAX_FREQUENCY_CAP_DAYS)
  )
    problems.push(`frequencyCapDays: must be an integer 1-${MAX_FREQUENCY_CAP_DAYS}`);
  if (req.scheduleAt !== undefined && req.scheduleAt !== null) {
    const at = Date.parse(req.scheduleAt);
    if (Number.isNaN(at)) problems.push('scheduleAt: must be an ISO 8601 instant');
    else if (at <= now.getTime()) problems.push('scheduleAt: must be in the future');
    else if (at > now.getTime() + 366 * 86_400_000) problems.push('scheduleAt: must be within a year');
  }
  return problems;
}

/** Problems as the API's 400 details (`{ field, reason }`). */
export const problemDetails = (problems: readonly string[]): { field: string; reason: string }[] =>
  problems.map((p) => splitProblem(p, ''));

// --- life of a campaign ----------------------------------------------------------------------

export type CampaignCommand = 'launch' | 'pause' | 'resume' | 'cancel' | 'start' | 'complete';

/**
 * Allowed moves. `launch` goes to `scheduled` when a future `scheduleAt` is set, else `running`;
 * `start` is the scheduler's move from `scheduled` to `running`; `complete` the delivery's
 * last batch. A campaign that ended (completed, cancelled) stays so.
 */
const MOVES: Record<CampaignCommand, Partial<Record<CampaignStatus, CampaignStatus>>> = {
  launch: { draft: 'running' },
  start: { scheduled: 'running' },
  pause: { running: 'paused' },
  resume: { paused: 'running' },
  cancel: { draft: 'cancelled', scheduled: 'cancelled', running: 'cancelled', paused: 'cancelled' },
  complete: { running: 'completed' },
};

export function decideCampaignMove(
  status: CampaignStatus,
  command: CampaignCommand,
  opts: { scheduleAt?: Date | null; now?: Date } = {},
): { ok: true; to: CampaignStatus } | Refusal<Extract<ErrorCode, 'CAMPAIGN_STATE'>> {
  const to = MOVES[command][status];
  if (!to) return refuse('CAMPAIGN_STATE', `cannot_${command}_${status}`);
  if (command === 'launch' && opts.scheduleAt && opts.now && opts.scheduleAt.getTime() > opts.now.getTime())
    return { ok: true, to: 'scheduled' };
  return { ok: true, to };
}

/** Members held out of `targeted`: floor(targeted × bp / 10000), so 10 % of 1,000 is exactly 100. */
export function holdoutSize(targeted: number, holdoutBp: number): number {
  return Math.floor((targeted * holdoutBp) / 10_000);
}

// --- per member ---------------------------------------------------------------------------------

/** Why a frozen target member got nothing. */
export type CampaignSkipReason = 'capped' | 'budget' | 'noQuota' | 'ineligible';

export interface CampaignBudgetState {
  maxMembers: number | null;
  maxPoints: number | null;
  delivered: number;
  pointsGiven: number;
}

/** Whether one more delivery of `points` fits the budget. */
export function fitsCampaignBudget(b: CampaignBudgetState, points: number): boolean {
  if (b.maxMembers !== null && b.delivered + 1 > b.maxMembers) return false;
  if (b.maxPoints !== null && b.pointsGiven + points > b.maxPoints) return false;
  return true;
}

/** Before this instant a member's last campaign action caps them (null: no cap). */
export function frequencyCapCutoff(now: Date, frequencyCapDays: number | null): Date | null {
  return frequencyCapDays === null ? null : new Date(now.getTime() - frequencyCapDays * 86_400_000);
}

// --- report -------------------------------------------------------------------------------------

export interface GroupFigures {
  members: number;
  buyers: number;
  repeatBuyers: number;
  gmv: number;
}

export function groupReport(f: GroupFigures): CampaignGroupReport {
  return {
    members: f.members,
    buyers: f.buyers,
    buyerRate: ratio(f.buyers, f.members),
    repurchaseRate: ratio(f.repeatBuyers, f.buyers),
    gmv: f.gmv,
    gmvPerMember: f.members === 0 ? null : Math.floor(f.gmv / f.members),
  };
}

const diff = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);

export function campaignLift(target: CampaignGroupReport, holdout: CampaignGroupReport): CampaignReport['lift'] {
  const gmv = diff(target.gmvPerMember, holdout.gmvPerMember);
  return {
    buyerRate: diff(target.buyerRate, holdout.buyerRate),
    repurchaseRate: diff(target.repurchaseRate, holdout.repurchaseRate),
    gmvPerMember: gmv,
    gmvPerMemberRelative: gmv === null || !holdout.gmvPerMember ? null : gmv / holdout.gmvPerMember,
  };
}

export const MAX_REPORT_DAYS = 90;
export const DEFAULT_REPORT_DAYS = 14;
