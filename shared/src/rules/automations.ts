// Automation rules (自动化): trigger → optional delay → action. Triggers are a registry like the
// other rule families; each says what one occurrence is (its key), so an automation fires once
// per member per occurrence whatever is retried (docs/campaigns.md "Automations").
import type { AutomationAction, AutomationTrigger, AutomationTriggerCode } from '../api/campaigns.js';
import { isArgsObject, isCount, unknownArgKeys, type Args } from './args.js';
import { campaignActionProblems, describeCampaignAction } from './campaigns.js';

export const MAX_DELAY_MINUTES = 43_200;

export interface AutomationTriggerRule {
  code: AutomationTriggerCode;
  validateArgs(args: Args): string[];
  /** 注册后 / 首次消费后 … : the start of the operator's sentence. */
  describe(args: Args): string;
}

const noArgs = (a: Args): string[] => unknownArgKeys(a, []);

export const AUTOMATION_TRIGGERS: { [C in AutomationTriggerCode]: AutomationTriggerRule & { code: C } } = {
  registered: { code: 'registered', validateArgs: noArgs, describe: () => '会员注册（首次同意隐私政策）后' },
  first_order: { code: 'first_order', validateArgs: noArgs, describe: () => '首次消费后' },
  tier_upgraded: {
    code: 'tier_upgraded',
    validateArgs: (a) => [
      ...unknownArgKeys(a, ['tiers']),
      ...(a.tiers === undefined ||
      (Array.isArray(a.tiers) &&
        a.tiers.length > 0 &&
        a.tiers.length <= 20 &&
        a.tiers.every((t) => typeof t === 'string' && /^[a-z][a-z0-9_]{0,31}$/.test(t)))
        ? []
        : ['tiers: must be a non-empty list of tier codes']),
    ],
    describe: (a) => (Array.isArray(a.tiers) ? `升级到 ${a.tiers.join('、')} 后` : '会员等级升级后'),
  },
  became_silent: { code: 'became_silent', validateArgs: noArgs, describe: () => '成为沉默会员后' },
  birthday: { code: 'birthday', validateArgs: noArgs, describe: () => '生日当月' },
  points_expiring: {
    code: 'points_expiring',
    validateArgs: (a) => [...unknownArgKeys(a, ['days']), ...(isCount(a.days, 1, 60) ? [] : ['days: must be an integer 1-60'])],
    describe: (a) => `积分到期前 ${String(a.days)} 天`,
  },
};

export const AUTOMATION_TRIGGER_CODES = Object.keys(AUTOMATION_TRIGGERS) as AutomationTriggerCode[];

export function automationTriggerProblems(trigger: unknown): string[] {
  if (!isArgsObject(trigger)) return ['trigger: must be an object'];
  const rule = (AUTOMATION_TRIGGERS as Record<string, AutomationTriggerRule>)[String(trigger.code)];
  if (!rule) return [`trigger.code: must be one of ${AUTOMATION_TRIGGER_CODES.join(', ')}`];
  const extra = unknownArgKeys(trigger, ['code', 'args'], 'trigger.');
  if (!isArgsObject(trigger.args)) return [...extra, 'trigger.args: must be an object'];
  return [...extra, ...rule.validateArgs(trigger.args).map((p) => `trigger.args.${p}`)];
}

export function automationProblems(a: { trigger?: unknown; action?: unknown; delayMinutes?: unknown }): string[] {
  return [
    ...(a.trigger === undefined ? [] : automationTriggerProblems(a.trigger)),
    ...(a.action === undefined ? [] : campaignActionProblems(a.action)),
    ...(a.delayMinutes === undefined || isCount(a.delayMinutes, 0, MAX_DELAY_MINUTES)
      ? []
      : [`delayMinutes: must be an integer 0-${MAX_DELAY_MINUTES}`]),
  ];
}

const BUILTIN_TEXT = {
  welcome_coupons: '发放全部新人礼券',
  birthday_coupons: '发放生日礼券（生日券模板）',
  expiry_reminder: '发送积分到期提醒',
} as const;

function delayText(minutes: number): string {
  if (minutes === 0) return '';
  if (minutes % 1440 === 0) return ` ${minutes / 1440} 天`;
  if (minutes % 60 === 0) return ` ${minutes / 60} 小时`;
  return ` ${minutes} 分钟`;
}

/** The operator's sentence: 首次消费后 1 天：赠送 100 积分. */
export function describeAutomation(trigger: AutomationTrigger, action: AutomationAction, delayMinutes: number): string {
  const when = AUTOMATION_TRIGGERS[trigger.code].describe(trigger.args) + delayText(delayMinutes);
  const what = action.type === 'builtin' ? BUILTIN_TEXT[action.code] : describeCampaignAction(action);
  return `${when}：${what}`;
}

/** When an occurrence at `at` is due. */
export const automationDueAt = (at: Date, delayMinutes: number): Date => new Date(at.getTime() + delayMinutes * 60_000);
