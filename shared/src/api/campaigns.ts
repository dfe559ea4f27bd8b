// Campaigns (营销活动) and automations (自动化) request and response types (API.md "Campaigns and
// automations"). The rules behind them are in rules/campaigns.ts and rules/automations.ts.

/** What a campaign or an automation gives each member it reaches. */
export type CampaignAction =
  | { type: 'coupon'; templateId: string }
  | { type: 'points'; points: number }
  /** A WeChat one-time subscribe message: only to members holding a counted grant for the template. */
  | { type: 'message'; templateId: string; page?: string; data: Record<string, string> };
export type CampaignActionType = CampaignAction['type'];

export interface CampaignBudget {
  /** At most this many members get the action (the rest are skipped as `budget`). */
  maxMembers?: number | null;
  /** Σ points given never exceeds it (points actions). */
  maxPoints?: number | null;
}

export interface CreateCampaignRequest {
  name: string;
  segmentId: string;
  action: CampaignAction;
  /** Share of the segment held out (not reached, measured), basis points 0–5000. */
  holdoutBp?: number;
  budget?: CampaignBudget;
  /** No member gets a campaign action more often than once per this many days, across campaigns. */
  frequencyCapDays?: number | null;
  /** Start then instead of at launch (ISO 8601, in the future). */
  scheduleAt?: string | null;
}

export type CampaignStatus = 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled';

export interface CampaignSkipped {
  /** Reached by another campaign within `frequencyCapDays`. */
  capped: number;
  /** Beyond `budget.maxMembers` / `budget.maxPoints`. */
  budget: number;
  /** A message action and no one-time subscribe grant left for the template. */
  noQuota: number;
  /** No longer an active member, or the coupon could not be issued (stock, template ended). */
  ineligible: number;
}

export interface CampaignView {
  id: string;
  name: string;
  segmentId: string;
  action: CampaignAction;
  holdoutBp: number;
  budget: { maxMembers: number | null; maxPoints: number | null };
  frequencyCapDays: number | null;
  scheduleAt: string | null;
  status: CampaignStatus;
  /** Members frozen at launch (target + holdout); 0 before. */
  targeted: number;
  holdout: number;
  delivered: number;
  /** Target members not yet decided (the progress is `1 − pending / (targeted − holdout)`). */
  pending: number;
  skipped: CampaignSkipped;
  pointsGiven: number;
  launchedAt: string | null;
  completedAt: string | null;
  createdAt: string;
}

export interface CampaignListResponse {
  items: CampaignView[];
}

/** One side of the report: the members of the group and what they did in the window. */
export interface CampaignGroupReport {
  members: number;
  /** Members with at least one order in the window. */
  buyers: number;
  /** buyers ÷ members; null when the group is empty. */
  buyerRate: number | null;
  /** Buyers with two or more orders in the window ÷ buyers; null without buyers. */
  repurchaseRate: number | null;
  /** Σ net spend (paid − refunded) in the window, fen. */
  gmv: number;
  /** gmv ÷ members, fen (rounded down); null when the group is empty. */
  gmvPerMember: number | null;
}

export interface CampaignReport {
  campaignId: string;
  /** The window: from the launch, `days` local days long (ends now at the latest). */
  from: string;
  to: string;
  days: number;
  target: CampaignGroupReport;
  holdout: CampaignGroupReport;
  /** Target minus holdout; null where either side is null (no holdout, or an empty group). */
  lift: {
    buyerRate: number | null;
    repurchaseRate: number | null;
    gmvPerMember: number | null;
    /** (target − holdout) ÷ holdout of gmvPerMember; null when the holdout's is 0 or null. */
    gmvPerMemberRelative: number | null;
  };
}

// --- automations -----------------------------------------------------------------------------

export type AutomationTriggerCode =
  'registered' | 'first_order' | 'tier_upgraded' | 'became_silent' | 'birthday' | 'points_expiring';

export interface AutomationTrigger {
  code: AutomationTriggerCode;
  /** `points_expiring`: `{ days }` (1–60); `tier_upgraded`: optional `{ tiers: [code] }`; else `{}`. */
  args: Record<string, unknown>;
}

/**
 * What an automation does: a campaign action, or — for the built-in automations that were the
 * product's fixed behaviour (welcome gift, birthday gift, expiry reminder) — `builtin`, which
 * runs that behaviour; those can be switched off and their timing edited, not deleted.
 */
export type AutomationAction =
  CampaignAction | { type: 'builtin'; code: 'welcome_coupons' | 'birthday_coupons' | 'expiry_reminder' };

export interface CreateAutomationRequest {
  name: string;
  trigger: AutomationTrigger;
  action: CampaignAction;
  /** Wait this long after the trigger (0–43,200 = 30 days). */
  delayMinutes?: number;
  enabled: boolean;
}

export interface UpdateAutomationRequest {
  name?: string;
  trigger?: AutomationTrigger;
  action?: CampaignAction;
  delayMinutes?: number;
  enabled?: boolean;
}

export interface AutomationView {
  id: string;
  name: string;
  trigger: AutomationTrigger;
  action: AutomationAction;
  delayMinutes: number;
  enabled: boolean;
  builtin: boolean;
  /** The Chinese sentence an operator reads: 注册后 10 分钟：赠送 100 积分. */
  description: string;
  /** Occurrences fired (queued or done) and actions delivered so far. */
  fired: number;
  delivered: number;
  createdAt: string;
  updatedAt: string;
}

export interface AutomationListResponse {
  items: AutomationView[];
}
