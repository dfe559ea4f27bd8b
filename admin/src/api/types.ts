// The response types the screens use: the server's contract types from @huiyuan/shared, which the
// controllers return and from which the OpenAPI document's response schemas are generated
// (typescript-json-schema, server/scripts/api-schemas.mjs) — so these and schema.d.ts describe
// the same shapes; the screens name them by their shared names.
import type { Page } from '@huiyuan/shared';
import type { AdminMemberView } from '@huiyuan/shared';

export type { Page } from '@huiyuan/shared';
export type { StaffLoginResponse, StaffView, StaffAccountView } from '@huiyuan/shared';
export type { StoreView } from '@huiyuan/shared';
export type { KpiResponse, KpiSeriesResponse, KpiSeriesItem, LifecycleSettingsResponse } from '@huiyuan/shared';
export type { Member360, TagView } from '@huiyuan/shared';
export type { ProgrammeView, ProgrammeInput, ProgrammeTierView, ProgrammeVersionItem, ProgrammeProblem } from '@huiyuan/shared';
export type { CouponTemplateView, GrantCouponsResponse } from '@huiyuan/shared';
export type { SegmentView, SegmentPreviewResponse, SegmentMembersItem } from '@huiyuan/shared';
export type { AdminMemberView, PointsAdjustmentResponse } from '@huiyuan/shared';
export type { AutomationView, CampaignReport, CampaignView } from '@huiyuan/shared';
export type { AdminFeedbackItem, AdminFeedbackPage, FeedbackStatsResponse, FeedbackStoreStats } from '@huiyuan/shared';

export type { AdminLotteryView, AdminLotteryPrizeView, LotteryReport } from '@huiyuan/shared';
export type { CheckInSettingsView, ReferralSettingsView, ReferralRewardView } from '@huiyuan/shared';
export type {
  AdminCheckInItem,
  AdminCheckInPage,
  AdminReferralItem,
  AdminReferralPage,
  ReferralMemberRef,
  ReferralSideReward,
} from '@huiyuan/shared';
export type { MemberTagsResponse, JobRunResponse, AuditLogEntry, AuditLogPage, JobListResponse, JobView } from '@huiyuan/shared';

export type AdminMemberPage = Page<AdminMemberView>;

/** `{ items }` lists (stores, staff, tags, segments, coupon templates, programme versions). */
export interface Items<T> {
  items: T[];
}
