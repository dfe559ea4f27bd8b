// 操作日志 in words: an action code (`lottery.create`, `member.tags.add`) as 对象·动作, with the code
// itself as the fallback; the actor as the staff account's username when it is one we know.
import type { AuditLogEntry } from '@huiyuan/shared';

const OBJECTS: Record<string, string> = {
  automation: '自动化',
  campaign: '营销活动',
  checkin_config: '签到设置',
  coupon: '优惠券',
  coupon_template: '优惠券模板',
  feedback: '反馈',
  job: '任务',
  lifecycle_settings: '生命周期阈值',
  lottery: '抽奖',
  member: '会员',
  'member.tags': '会员标签',
  points: '积分',
  programme: '会员方案',
  referral_config: '邀请设置',
  referral_reward: '邀请奖励',
  segment: '人群',
  staff: '员工',
  store: '门店',
  tag: '标签',
  webhook: 'Webhook',
};

const VERBS: Record<string, string> = {
  create: '创建',
  update: '修改',
  delete: '删除',
  pause: '暂停',
  resume: '继续',
  end: '结束',
  launch: '启动',
  cancel: '取消',
  approve: '审核通过',
  reject: '审核拒绝',
  run: '立即运行',
  grant: '发放',
  adjust: '调整',
  add: '添加',
  remove: '移除',
  reply: '回复',
  export: '导出',
  view: '查看详情',
  search: '搜索',
  lookup_by_member_no: '按会员号查询',
  erase: '注销',
  consent_withdraw: '撤回授权',
  lockout: '登录锁定',
  password_reset: '重置密码',
  rotate_secret: '轮换密钥',
  test: '测试',
  redeliver: '重新投递',
};

/** `lottery.create` → 抽奖·创建; an unknown code reads as itself. */
export function auditActionLabel(action: string): string {
  const i = action.lastIndexOf('.');
  if (i <= 0) return action;
  const object = OBJECTS[action.slice(0, i)];
  const verb = VERBS[action.slice(i + 1)];
  return object && verb ? `${object}·${verb}` : action;
}

/** The actor: a staff account's username when known, else the kind and a short id. */
export function auditActorLabel(e: Pick<AuditLogEntry, 'actorType' | 'actorId'>, usernames: ReadonlyMap<string, string>): string {
  if (e.actorType === 'system' || e.actorId === null) return '系统';
  if (e.actorType === 'member') return `会员 ${e.actorId.slice(0, 8)}`;
  return usernames.get(e.actorId) ?? `员工 ${e.actorId.slice(0, 8)}`;
}

/** The details object on one line (`prizes: 2, costPoints: 10`), or — when empty. */
export function auditDetailsText(details: Record<string, unknown>): string {
  const parts = Object.entries(details).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? parts.join(', ') : '—';
}
