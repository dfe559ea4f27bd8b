// 任务 in words: what each scheduled job does, its latest run and its cron read aloud for the
// common shapes (others show the cron itself).
import type { JobRunView, JobView } from '@huiyuan/shared';

export const JOB_DESCRIPTIONS: Record<string, string> = {
  'points-expire': '积分到期清零',
  'points-expiry-reminder': '积分到期提醒',
  'tier-review': '会员等级复核',
  'coupon-expire': '优惠券过期',
  'coupon-birthday': '生日礼券',
  'checkin-reminder': '签到提醒',
  'referral-rewards': '邀请奖励结算',
  'purge-unconsented-members': '清理未授权会员',
  'rate-limit-prune': '清理限流记录',
  'housekeeping-prune': '清理过期数据',
  'analytics-compact': '统计数据整理',
  'analytics-check': '统计数据核对',
  'member-scores': '会员生命周期与 RFM 计算',
  'campaign-sweep': '营销活动发送',
  'automation-scan': '自动化扫描',
  'automation-runs': '自动化执行',
  recommendations: '商品推荐计算',
};

export const JOB_RUN_STATE_LABELS: Record<JobRunView['state'], string> = {
  created: '排队中',
  retry: '等待重试',
  active: '运行中',
  completed: '成功',
  cancelled: '已取消',
  failed: '失败',
};

export const JOB_RUN_STATE_COLORS: Record<JobRunView['state'], string> = {
  created: 'default',
  retry: 'warning',
  active: 'processing',
  completed: 'success',
  cancelled: 'default',
  failed: 'error',
};

/** The newest run that has started or finished (a queued next run says little), else the newest. */
export function lastRun(job: Pick<JobView, 'runs'>): JobRunView | null {
  return job.runs.find((r) => r.state !== 'created') ?? job.runs[0] ?? null;
}

const pad = (n: string) => n.padStart(2, '0');

/** `40 3 * * *` → 每天 03:40; `15 * * * *` → 每小时第 15 分; `* * * * *` → 每分钟; `*\/10 * * * *` → 每 10 分钟. */
export function cronLabel(cron: string): string {
  const [min, hour, dom, mon, dow] = cron.trim().split(/\s+/);
  if (dom !== '*' || mon !== '*' || dow !== '*' || min === undefined || hour === undefined) return cron;
  if (min === '*' && hour === '*') return '每分钟';
  const every = /^\*\/(\d+)$/.exec(min);
  if (every && hour === '*') return `每 ${every[1]} 分钟`;
  if (/^\d+$/.test(min) && hour === '*') return `每小时第 ${min} 分`;
  if (/^\d+$/.test(min) && /^\d+$/.test(hour)) return `每天 ${pad(hour)}:${pad(min)}`;
  return cron;
}
