// Every module's repositories, registered once and visible everywhere. A repository lives in the
// module that owns its tables (module-boundaries.spec.ts checks that); registering them in one
// global module lets a module call another's repository without Nest import cycles
// (members ↔ programme, till ↔ loyalty). docs/architecture.md, "Tables and repositories".
import { Global, Module } from '@nestjs/common';
import { AutomationRepository } from '../campaigns/automation.repository.js';
import { CampaignRepository } from '../campaigns/campaign.repository.js';
import { AuditLogRepository } from '../audit/audit-log.repository.js';
import { JobRunsRepository } from '../jobs/job-runs.repository.js';
import { CouponRepository } from '../coupons/coupon.repository.js';
import { CouponTemplateRepository } from '../coupons/coupon-template.repository.js';
import { ReferralRewardRepository } from '../engagement/referral-reward.repository.js';
import { SignupSignalRepository } from '../engagement/signup-signal.repository.js';
import { TierChangeRepository } from '../loyalty/tier-change.repository.js';
import { ReconciliationRepository } from '../loyalty/reconciliation.repository.js';
import { EngagementSettingRepository } from '../engagement/engagement-setting.repository.js';
import { CheckInRepository } from '../engagement/check-in.repository.js';
import { ProgrammeRepository } from '../programme/programme.repository.js';
import { ReferralQrCodeRepository } from '../engagement/referral-qrcode.repository.js';
import { NotificationRepository } from '../notifications/notification.repository.js';
import { IdentificationRepository } from '../till/identification.repository.js';
import { StaffRepository } from '../identity/staff.repository.js';
import { PointsRepository } from '../loyalty/points.repository.js';
import { MemberRepository } from '../members/member.repository.js';
import { ConsentRecordRepository } from '../members/consent-record.repository.js';
import { StoreRepository } from '../stores/store.repository.js';
import { OrderRepository } from '../till/order.repository.js';
import { SchemaMigrationRepository } from './schema-migration.repository.js';
import { AnalyticsRepository } from '../analytics/analytics.repository.js';
import { ScoresRepository } from '../analytics/scores.repository.js';
import { WebhookRepository } from '../webhooks/webhook.repository.js';
import { SegmentRepository } from '../segments/segment.repository.js';
import { TagRepository } from '../segments/tag.repository.js';
import { FeedbackRepository } from '../feedback/feedback.repository.js';
import { RecommendationRepository } from '../recommendations/recommendation.repository.js';
import { PaymentsRepository } from '../payments/payments.repository.js';
import { StoredValueRepository } from '../stored-value/stored-value.repository.js';
import { MembershipRepository } from '../membership/membership.repository.js';

const REPOSITORIES = [
  AnalyticsRepository,
  MemberRepository,
  ConsentRecordRepository,
  StoreRepository,
  StaffRepository,
  OrderRepository,
  CouponRepository,
  CouponTemplateRepository,
  PointsRepository,
  ReferralRewardRepository,
  SchemaMigrationRepository,
  AuditLogRepository,
  TierChangeRepository,
  SignupSignalRepository,
  NotificationRepository,
  IdentificationRepository,
  ReconciliationRepository,
  EngagementSettingRepository,
  CheckInRepository,
  ProgrammeRepository,
  ReferralQrCodeRepository,
  WebhookRepository,
  TagRepository,
  SegmentRepository,
  ScoresRepository,
  CampaignRepository,
  AutomationRepository,
  FeedbackRepository,
  PaymentsRepository,
  StoredValueRepository,
  MembershipRepository,
  RecommendationRepository,
  JobRunsRepository,
];

@Global()
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class RepositoriesModule {}
