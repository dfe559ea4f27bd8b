// Migrations in order. Listed explicitly (no globs) so bundling and ESM loading stay simple.
import type { MigrationInterface } from 'typeorm';
import { Foundation1763900000001 } from './1763900000001-foundation.js';
import { LoyaltyCore1763900000002 } from './1763900000002-loyalty-core.js';
import { Coupons1763900000003 } from './1763900000003-coupons.js';
import { Engagement1763900000004 } from './1763900000004-engagement.js';
import { Robustness1763900000005 } from './1763900000005-robustness.js';
import { AbuseLimits1763900000006 } from './1763900000006-abuse-limits.js';
import { Presence1763900000007 } from './1763900000007-presence.js';
import { StaffAccounts1763900000008 } from './1763900000008-staff-accounts.js';
import { MemberRights1763900000009 } from './1763900000009-member-rights.js';
import { Programme1763900000011 } from './1763900000011-programme.js';
import { OrderItems1763900000012 } from './1763900000012-order-items.js';
import { Rewards1763900000013 } from './1763900000013-rewards.js';
import { Outbox1763900000014 } from './1763900000014-outbox.js';
import { Lottery1763900000015 } from './1763900000015-lottery.js';
import { Webhooks1763900000016 } from './1763900000016-webhooks.js';
import { Analytics1763900000017 } from './1763900000017-analytics.js';
import { MemberScore1763900000018 } from './1763900000018-member-score.js';
import { LifecycleSettings1763900000019 } from './1763900000019-lifecycle-settings.js';
import { Segments1763900000020 } from './1763900000020-segments.js';
import { AnalyticsScale1763900000021 } from './1763900000021-analytics-scale.js';
import { AnalyticsPurchases1763900000022 } from './1763900000022-analytics-purchases.js';
import { CouponStockShards1763900000023 } from './1763900000023-coupon-stock-shards.js';
import { SegmentScans1763900000025 } from './1763900000025-segment-scans.js';
import { AnalyticsShardSlots1763900000026 } from './1763900000026-analytics-shard-slots.js';
import { Campaigns1763900000027 } from './1763900000027-campaigns.js';
import { CouponUsableTimes1763900000030 } from './1763900000030-coupon-usable-times.js';
import { Feedback1763900000032 } from './1763900000032-feedback.js';
import { Recommendations1763900000031 } from './1763900000031-recommendations.js';
import { StoredValue1763900000033 } from './1763900000033-stored-value.js';
import { PaymentSync1763900000043 } from './1763900000043-payment-sync.js';
import { StoredValueReturns1763900000047 } from './1763900000047-stored-value-returns.js';

export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Foundation1763900000001,
  LoyaltyCore1763900000002,
  Coupons1763900000003,
  Engagement1763900000004,
  Robustness1763900000005,
  AbuseLimits1763900000006,
  Presence1763900000007,
  StaffAccounts1763900000008,
  MemberRights1763900000009,
  Programme1763900000011,
  OrderItems1763900000012,
  Rewards1763900000013,
  Outbox1763900000014,
  Lottery1763900000015,
  Webhooks1763900000016,
  Analytics1763900000017,
  MemberScore1763900000018,
  LifecycleSettings1763900000019,
  Segments1763900000020,
  AnalyticsScale1763900000021,
  AnalyticsPurchases1763900000022,
  CouponStockShards1763900000023,
  SegmentScans1763900000025,
  AnalyticsShardSlots1763900000026,
  Campaigns1763900000027,
  CouponUsableTimes1763900000030,
  Feedback1763900000032,
  Recommendations1763900000031,
  StoredValue1763900000033,
  PaymentSync1763900000043,
  StoredValueReturns1763900000047,
];
