// Chinese names of the API's codes, in one place for every screen.
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUS_LABELS as SHARED_FEEDBACK_STATUS, LOTTERY_PRIZE_KINDS } from '@huiyuan/shared';
import type {
  AutomationTriggerCode,
  CampaignActionType,
  CampaignStatus,
  CouponChannel,
  CouponKind,
  FeedbackCategory,
  FeedbackStatus,
  LifecycleStage,
  LotteryPrizeKind,
  LotteryStatus,
  ReferralRewardReason,
  ReferralRewardStatus,
  StaffRole,
  StaffStatus,
  TierCode,
} from '@huiyuan/shared';

export const ROLE_LABELS: Record<StaffRole, string> = { admin: '管理员', manager: '店长', cashier: '收银员' };

export const STAFF_STATUS_LABELS: Record<StaffStatus, string> = { active: '启用', disabled: '已停用' };

export const LIFECYCLE_LABELS: Record<LifecycleStage, string> = {
  new: '新会员',
  active: '活跃',
  silent: '沉默',
  churned: '流失',
};

export const TIER_LABELS: Record<TierCode, string> = {
  normal: '普通会员',
  silver: '银卡会员',
  gold: '金卡会员',
  platinum: '白金会员',
};

export function tierLabel(code: string): string {
  return (TIER_LABELS as Record<string, string>)[code] ?? code;
}

export const COUPON_KIND_LABELS: Record<CouponKind, string> = { cash: '满减券', percent: '折扣券', gift: '兑换券' };

export const COUPON_CHANNEL_LABELS: Record<CouponChannel, string> = {
  center: '领券中心',
  points: '积分商城',
  welcome: '新人礼',
  birthday: '生日礼',
  referral: '邀请奖励',
  reactivation: '唤醒礼',
  grant: '后台发放',
  lottery: '抽奖奖品',
  campaign: '营销活动',
  automation: '自动化',
  membership: '付费会员礼包',
};

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: '草稿',
  scheduled: '待开始',
  running: '发送中',
  paused: '已暂停',
  completed: '已完成',
  cancelled: '已取消',
};

export const CAMPAIGN_STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: 'default',
  scheduled: 'purple',
  running: 'processing',
  paused: 'warning',
  completed: 'success',
  cancelled: 'error',
};

export const CAMPAIGN_ACTION_LABELS: Record<CampaignActionType, string> = {
  points: '赠送积分',
  coupon: '发放优惠券',
  message: '订阅消息',
};

export const AUTOMATION_TRIGGER_LABELS: Record<AutomationTriggerCode, string> = {
  registered: '注册后',
  first_order: '首次消费后',
  tier_upgraded: '等级升级后',
  became_silent: '成为沉默会员后',
  birthday: '生日当月',
  points_expiring: '积分即将过期',
};

export const MEMBER_STATUS_LABELS: Record<string, string> = {
  active: '正常',
  frozen: '已冻结',
  deleted: '已注销',
};

export const COUPON_STATUS_LABELS: Record<string, string> = { available: '可用', used: '已使用', expired: '已过期' };

export const EXPIRY_POLICY_LABELS: Record<string, string> = {
  end_of_next_year: '次年年底过期',
  days: '获得后 N 天过期',
  end_of_month: '当月月底过期',
  never: '永不过期',
};

export const FEEDBACK_STATUS_LABELS: Record<FeedbackStatus, string> = SHARED_FEEDBACK_STATUS;

export const FEEDBACK_CATEGORY_LABELS: Record<FeedbackCategory, string> = {
  service: FEEDBACK_CATEGORIES.service.label,
  product: FEEDBACK_CATEGORIES.product.label,
  environment: FEEDBACK_CATEGORIES.environment.label,
  other: FEEDBACK_CATEGORIES.other.label,
};

export const LOTTERY_STATUS_LABELS: Record<LotteryStatus, string> = { active: '进行中', paused: '已暂停', ended: '已结束' };

export const LOTTERY_STATUS_COLORS: Record<LotteryStatus, string> = { active: 'processing', paused: 'warning', ended: 'default' };

export const LOTTERY_PRIZE_KIND_LABELS: Record<LotteryPrizeKind, string> = {
  points: LOTTERY_PRIZE_KINDS.points.label,
  coupon: LOTTERY_PRIZE_KINDS.coupon.label,
  physical: LOTTERY_PRIZE_KINDS.physical.label,
  none: LOTTERY_PRIZE_KINDS.none.label,
};

export const LOTTERY_FALLBACK_LABELS: Record<'out_of_stock' | 'budget_exhausted' | 'grant_skipped', string> = {
  out_of_stock: '库存已尽',
  budget_exhausted: '积分预算用尽',
  grant_skipped: '发放未成功（优惠券缺货或暂停）',
};

export const REFERRAL_REWARD_STATUS_LABELS: Record<ReferralRewardStatus, string> = {
  pending: '等待退款期',
  on_hold: '待审核',
  released: '已发放',
  cancelled: '已取消',
};

export const REFERRAL_REWARD_REASON_LABELS: Record<ReferralRewardReason, string> = {
  inviter_device: '好友使用了邀请人的设备',
  wechat_risk: '微信风险等级较高',
  same_device: '同一设备注册的好友过多',
  same_ip: '同一网络注册的好友过多',
  refunded_in_window: '退款期内退款',
  daily_cap: '超出每日上限',
  monthly_cap: '超出每月上限',
  rejected_on_review: '审核拒绝',
  member_erased: '会员已注销',
};

export const REFERRAL_BENEFICIARY_LABELS: Record<'inviter' | 'invitee', string> = { inviter: '邀请人', invitee: '好友' };

// ── stored value (储值) and paid membership (付费会员) ──
// (imported here, with this section, so the section stays one block)
import type { MembershipPurchaseStatus, SpendOrder, StoredValueEntryKind, TopUpStatus } from '@huiyuan/shared';

export const SPEND_ORDER_LABELS: Record<SpendOrder, { label: string; explain: string }> = {
  proportional: {
    label: '按比例扣减',
    explain: '每笔消费按会员本金与赠送金的余额比例同时扣减（充 100 送 10：每消费 11 元扣本金 10 元、赠送金 1 元）',
  },
  principal_first: { label: '先扣本金', explain: '先用完会员实际充值的本金，再扣赠送金' },
  bonus_first: { label: '先扣赠送金', explain: '先用完赠送金（最早到期的先用），再扣本金' },
};

export const TOP_UP_STATUS_LABELS: Record<TopUpStatus, string> = {
  pending: '待支付',
  paid: '已到账',
  closed: '已关闭',
  refunded: '已退款',
  partially_refunded: '部分退款',
};

export const TOP_UP_STATUS_COLORS: Record<TopUpStatus, string> = {
  pending: 'processing',
  paid: 'success',
  closed: 'default',
  refunded: 'default',
  partially_refunded: 'warning',
};

export const STORED_VALUE_ENTRY_LABELS: Record<StoredValueEntryKind, string> = {
  top_up: '充值',
  spend: '消费',
  order_refund: '订单退款退回',
  top_up_refund: '充值退款',
  top_up_refund_reverted: '充值退款失败退回',
  bonus_expired: '赠送金过期',
};

export const MEMBERSHIP_PURCHASE_STATUS_LABELS: Record<MembershipPurchaseStatus, string> = {
  pending: '待支付',
  active: '已生效',
  closed: '已关闭',
  refunded: '已退款',
};
