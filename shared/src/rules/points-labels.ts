// How ledger entries read to a member (积分明细).
import type { PointsEntryKind } from '../api/points.js';

export const POINTS_ENTRY_LABELS: Record<PointsEntryKind, string> = {
  earn: '消费获得',
  spend: '积分抵现',
  refund_reversal: '退款扣回',
  redeem_return: '退款返还',
  expire: '积分过期',
  adjust: '人工调整',
  checkin: '每日签到',
  referral: '邀请奖励',
  exchange: '积分兑换',
  checkin_makeup: '补签',
  lottery: '抽奖消耗',
  lottery_prize: '抽奖奖励',
  campaign: '活动赠送',
  automation: '会员礼遇',
};
