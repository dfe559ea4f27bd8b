// Check-in (每日签到) and referral (邀请有礼) wording, the calendar grid and the invite link:
// pure functions the pages and hooks share, tested beside this file.
import {
  addMonths,
  CHECKIN_REWARD_CODES,
  CHECKIN_REWARD_RULES,
  isoWeekday,
  type CalendarDayStatus,
  type CheckInCalendarDayView,
  type CheckInMilestone,
  type CheckInRewardView,
  type InvitedFriendStatus,
} from '@huiyuan/shared';
import { ApiError } from './http';
import { errorMessage } from './errors';

/**
 * WeChat subscribe-message template of the check-in reminder. The server keeps its copy in the
 * admin `reminderTemplateId` (`PUT /admin/checkin-config`), which members cannot read, so the
 * two must be set to the same id (from 微信公众平台 › 订阅消息) before a release.
 */
export const CHECKIN_REMINDER_TEMPLATE_ID = 'huiyuan-checkin-reminder';

export const WEEKDAY_LABELS = ['一', '二', '三', '四', '五', '六', '日'] as const;

/** The small word under a day's number. */
export const DAY_MARK: Record<CalendarDayStatus, string> = {
  checked: '已签',
  made_up: '补',
  missed: '漏签',
  today: '今天',
  future: '',
  before_registration: '',
};

/** Weeks of the month, Monday first; `null` pads the first and the last week. */
export function calendarWeeks(days: readonly CheckInCalendarDayView[]): (CheckInCalendarDayView | null)[][] {
  const first = days[0];
  if (!first) return [];
  const cells: (CheckInCalendarDayView | null)[] = Array.from({ length: isoWeekday(first.date) - 1 }, () => null);
  cells.push(...days);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (CheckInCalendarDayView | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** `2026-03` → `2026年3月`. */
export function monthTitle(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** `2026-03`, +1 → `2026-04`. */
export function shiftMonth(month: string, months: number): string {
  return addMonths(`${month}-01`, months).slice(0, 7);
}

/** `2026-03-05` → `3月5日`. */
export function shortDate(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** 签到奖励 / 连续签到奖励 / 累计签到奖励: the reward rules' titles in shared. */
const RULE_LABEL = Object.fromEntries(CHECKIN_REWARD_CODES.map((c) => [c, CHECKIN_REWARD_RULES[c].title])) as Record<
  CheckInRewardView['rule'],
  string
>;

export function rewardText(reward: CheckInRewardView): string {
  if (reward.type === 'points') return `${RULE_LABEL[reward.rule]} +${reward.points} 积分`;
  if (reward.type === 'lottery_entry')
    return `${RULE_LABEL[reward.rule]} 抽奖机会 ${reward.entries} 次${reward.granted === false ? '（活动暂不可用）' : ''}`;
  // couponId: null = the server could not issue it (e.g. out of stock); undefined = not reported.
  return `${RULE_LABEL[reward.rule]} 优惠券 1 张${reward.couponId === null ? '（暂未发放）' : ''}`;
}

export function milestoneText(milestone: CheckInMilestone | null): string {
  if (!milestone) return '本周期的签到奖励已全部达成';
  const what = milestone.kind === 'streak' ? `连续签到 ${milestone.days} 天` : `本周期累计签到 ${milestone.days} 天`;
  const prize = [milestone.points > 0 ? `${milestone.points} 积分` : '', milestone.couponTemplateId ? '优惠券' : '']
    .filter(Boolean)
    .join(' + ');
  return `再签到 ${milestone.remaining} 天：${what}${prize ? `，可得 ${prize}` : ''}`;
}

/** Progress towards the next milestone, 0–100. */
export function milestonePercent(milestone: CheckInMilestone | null): number {
  if (!milestone || milestone.days <= 0) return 100;
  const done = Math.max(0, milestone.days - milestone.remaining);
  return Math.round((done / milestone.days) * 100);
}

const MAKE_UP_REASON: Record<string, string> = {
  today: '今天请直接签到，无需补签',
  future_date: '不能为未来的日期补签',
  before_registration: '注册之前的日期不能补签',
  outside_cycle: '只能补签本周期内漏签的日期',
};

function detailReason(err: ApiError): string | undefined {
  const first = err.details?.[0];
  if (first && typeof first === 'object' && typeof (first as { reason?: unknown }).reason === 'string') {
    return (first as { reason: string }).reason;
  }
  return undefined;
}

/** A refused make-up in the member's words; `cost` is the points one make-up costs. */
export function makeUpErrorMessage(err: unknown, cost: number): string {
  if (err instanceof ApiError && err.code === 'MAKE_UP_NOT_ALLOWED') {
    return MAKE_UP_REASON[detailReason(err) ?? ''] ?? '该日期不能补签';
  }
  return errorMessage(err, {
    ALREADY_CHECKED_IN: '这一天已经签到过了',
    MAKE_UP_LIMIT_REACHED: '本周期补签次数已用完',
    INSUFFICIENT_POINTS: `积分不足，补签一次需要 ${cost} 积分`,
  });
}

export const FRIEND_STATUS_LABEL: Record<InvitedFriendStatus, string> = {
  registered: '已注册，待首单',
  pending: '奖励待发放',
  on_hold: '奖励审核中',
  released: '奖励已发放',
  cancelled: '奖励已取消',
};

/** The H5 link a friend opens: the app's own page with the share path in the hash route. */
export function inviteLink(origin: string, sharePath: string): string {
  return `${origin.replace(/\/+$/, '')}/#${sharePath.startsWith('/') ? sharePath : `/${sharePath}`}`;
}

export function rewardsSummary(r: { points: number; coupons: number }): string {
  const parts = [`${r.points} 积分`];
  if (r.coupons > 0) parts.push(`${r.coupons} 张优惠券`);
  return parts.join(' · ');
}
