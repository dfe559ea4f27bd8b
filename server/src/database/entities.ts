// Every entity, listed once for the data source and the schema check.
import { AuditLog } from '../audit/audit-log.entity.js';
import { Staff } from '../identity/staff.entity.js';
import { ConsentRecord } from '../members/consent-record.entity.js';
import { Member } from '../members/member.entity.js';
import { TierChange } from '../members/tier-change.entity.js';
import { Tier } from '../members/tier.entity.js';
import { Store } from '../stores/store.entity.js';
import { PointsAllocation } from '../loyalty/points-allocation.entity.js';
import { PointsEntry } from '../loyalty/points-entry.entity.js';
import { PointsLot } from '../loyalty/points-lot.entity.js';
import { MemberNotification } from '../notifications/member-notification.entity.js';
import { Order } from '../till/order.entity.js';
import { Refund } from '../till/refund.entity.js';
import { Coupon } from '../coupons/coupon.entity.js';
import { CouponClaim } from '../coupons/coupon-claim.entity.js';
import { CouponTemplate } from '../coupons/coupon-template.entity.js';
import { CouponStockShard } from '../coupons/coupon-stock-shard.entity.js';
import { CheckIn } from '../engagement/check-in.entity.js';
import { EngagementSetting } from '../engagement/engagement-setting.entity.js';
import { ReferralQrCode } from '../engagement/referral-qrcode.entity.js';
import { ReferralReward } from '../engagement/referral-reward.entity.js';
import { SignupSignal } from '../engagement/signup-signal.entity.js';
import { SubscribeQuota } from '../engagement/subscribe-quota.entity.js';
import { MemberIdentification } from '../till/member-identification.entity.js';
import { RateLimitBucket } from '../common/rate-limit-bucket.entity.js';
import { IdempotencyKey } from '../common/idempotency-key.entity.js';
import { ProgrammeVersion } from '../programme/programme-version.entity.js';
import { OrderItem } from '../till/order-item.entity.js';
import { OutboxMessage } from '../outbox/outbox-message.entity.js';
import { RewardGrant } from '../rewards/reward-grant.entity.js';
import { Lottery, LotteryDraw, LotteryEntry, LotteryPrize } from '../lottery/lottery.entity.js';
import {
  AnalyticsMember,
  AnalyticsMemberStore,
  AnalyticsStoreDay,
  MemberScore,
  LifecycleSetting,
  MemberScoreChange,
} from '../analytics/analytics.entity.js';
import { AnalyticsOrderRecurrence, AnalyticsRecurrence } from '../analytics/analytics.entity.js';
import { WebhookDelivery, WebhookEndpoint, WebhookEvent } from '../webhooks/webhook.entity.js';
import { MemberTag, Segment, Tag } from '../segments/segments.entity.js';
import { Automation, AutomationRun, Campaign, CampaignContact, CampaignMember } from '../campaigns/campaign.entity.js';
import { Feedback } from '../feedback/feedback.entity.js';
import { Payment, PaymentRefund } from '../payments/payment.entity.js';
import {
  StoredValueAccount,
  StoredValueAllocation,
  StoredValueReturn,
  StoredValueEntry,
  StoredValuePlan,
  StoredValueRefund,
  StoredValueSetting,
  StoredValueTopUp,
} from '../stored-value/stored-value.entity.js';
import { Membership, MembershipPlan, MembershipPurchase } from '../membership/membership.entity.js';
import { ItemCatalog, ItemPairScore, StoreItemPopularity } from '../recommendations/recommendations.entity.js';

export const ENTITIES = [
  Store,
  Tier,
  Member,
  ConsentRecord,
  TierChange,
  Staff,
  AuditLog,
  PointsLot,
  PointsEntry,
  PointsAllocation,
  Order,
  Refund,
  MemberNotification,
  CouponTemplate,
  CouponClaim,
  Coupon,
  CheckIn,
  EngagementSetting,
  SubscribeQuota,
  SignupSignal,
  ReferralReward,
  ReferralQrCode,
  MemberIdentification,
  RateLimitBucket,
  IdempotencyKey,
  ProgrammeVersion,
  OrderItem,
  RewardGrant,
  OutboxMessage,
  Lottery,
  LotteryPrize,
  LotteryDraw,
  LotteryEntry,
  AnalyticsStoreDay,
  AnalyticsMember,
  AnalyticsMemberStore,
  MemberScore,
  LifecycleSetting,
  MemberScoreChange,
  AnalyticsRecurrence,
  AnalyticsOrderRecurrence,
  WebhookEndpoint,
  WebhookEvent,
  WebhookDelivery,
  Tag,
  MemberTag,
  Segment,
  CouponStockShard,
  Campaign,
  CampaignMember,
  CampaignContact,
  Automation,
  AutomationRun,
  Feedback,
  Payment,
  PaymentRefund,
  StoredValuePlan,
  StoredValueSetting,
  StoredValueAccount,
  StoredValueTopUp,
  StoredValueEntry,
  StoredValueAllocation,
  StoredValueReturn,
  StoredValueRefund,
  MembershipPlan,
  Membership,
  MembershipPurchase,
  ItemCatalog,
  ItemPairScore,
  StoreItemPopularity,
];
