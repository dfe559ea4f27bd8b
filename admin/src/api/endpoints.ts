// The admin operations the console uses, one function each, over the typed client. Paths, query
// and bodies are checked against the generated schema; responses are typed by types.ts until the
// spec describes them. Request bodies whose generated type is still wrong (nested objects typed as
// `Record<string, never>`) are passed as the shared request type, cast once here.
import type {
  CreateAutomationRequest,
  CreateCampaignRequest,
  UpdateAutomationRequest,
  CreateCouponTemplateRequest,
  FeedbackCategory,
  FeedbackStatus,
  ReplyFeedbackRequest,
  UpdateFeedbackRequest,
  CreateStaffRequest,
  CreateStoreRequest,
  UpdateCouponTemplateRequest,
  UpdateStoreRequest,
  Granularity,
  PutProgrammeRequest,
  SegmentConditions,
  UpdateStaffRequest,
  CreateLotteryRequest,
  UpdateLotteryRequest,
  CheckInSettings,
  ReferralSettings,
  ReferralRewardStatus,
  LifecycleThresholds,
} from '@huiyuan/shared';
import { api, call, download } from './client';
import type { components } from './schema';
import type {
  AutomationView,
  CampaignReport,
  CampaignView,
  AdminFeedbackItem,
  AdminFeedbackPage,
  FeedbackStatsResponse,
  AdminMemberPage,
  CouponTemplateView,
  GrantCouponsResponse,
  Items,
  KpiResponse,
  KpiSeriesResponse,
  LifecycleSettingsResponse,
  Member360,
  Page,
  PointsAdjustmentResponse,
  ProgrammeVersionItem,
  ProgrammeView,
  SegmentMembersItem,
  SegmentPreviewResponse,
  SegmentView,
  StaffAccountView,
  StaffLoginResponse,
  StaffView,
  StoreView,
  TagView,
  AdminLotteryView,
  LotteryReport,
  CheckInSettingsView,
  ReferralSettingsView,
  ReferralRewardView,
  MemberTagsResponse,
  JobRunResponse,
  AuditLogPage,
  JobListResponse,
  AdminCheckInPage,
  AdminReferralPage,
} from './types';

type Schemas = components['schemas'];

// ── auth ──
export const staffLogin = (username: string, password: string) =>
  call<StaffLoginResponse>(api.POST('/api/v1/auth/staff/login', { body: { username, password } }));

export const logout = () => call<void>(api.POST('/api/v1/auth/logout'));

// ── stores and staff ──
export const listStores = () => call<Items<StoreView>>(api.GET('/api/v1/admin/stores'));

export const createStore = (body: CreateStoreRequest, idempotencyKey: string) =>
  call<StoreView>(
    api.POST('/api/v1/admin/stores', {
      body: body as Schemas['CreateStoreDto'],
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );

export const updateStore = (id: string, body: UpdateStoreRequest) =>
  call<StoreView>(
    api.PATCH('/api/v1/admin/stores/{storeId}', { params: { path: { storeId: id } }, body: body as Schemas['UpdateStoreDto'] }),
  );

export const listStaff = () => call<Items<StaffAccountView>>(api.GET('/api/v1/admin/staff'));

export const createStaff = (body: CreateStaffRequest, idempotencyKey: string) =>
  call<StaffView>(
    api.POST('/api/v1/admin/staff', {
      body: body as unknown as Schemas['CreateStaffDto'],
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );

export const updateStaff = (id: string, body: UpdateStaffRequest) =>
  call<StaffAccountView>(
    api.PATCH('/api/v1/admin/staff/{id}', { params: { path: { id } }, body: body as unknown as Schemas['UpdateStaffDto'] }),
  );

export const resetStaffPassword = (id: string, password: string) =>
  call<void>(api.POST('/api/v1/admin/staff/{id}/password', { params: { path: { id } }, body: { password } }));

// ── analytics ──
export interface KpiQuery {
  from: string;
  to: string;
  storeId?: string;
}

export const getKpis = (q: KpiQuery) => call<KpiResponse>(api.GET('/api/v1/admin/analytics/kpis', { params: { query: q } }));

export const getKpiSeries = (q: KpiQuery & { granularity: Granularity }) =>
  call<KpiSeriesResponse>(api.GET('/api/v1/admin/analytics/kpis/series', { params: { query: q } }));

export const getLifecycleSettings = () => call<LifecycleSettingsResponse>(api.GET('/api/v1/admin/analytics/lifecycle'));

// ── members ──
export const searchMembers = (q: string | undefined, cursor: string | undefined) =>
  call<AdminMemberPage>(
    api.GET('/api/v1/admin/members', {
      params: { query: { ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) } },
    }),
  );

export const getMember = (id: string) => call<Member360>(api.GET('/api/v1/admin/members/{id}', { params: { path: { id } } }));

export const memberCheckIns = (id: string, cursor: string | undefined, limit = 20) =>
  call<AdminCheckInPage>(
    api.GET('/api/v1/admin/members/{id}/checkins', { params: { path: { id }, query: { limit, ...(cursor ? { cursor } : {}) } } }),
  );

export const memberReferrals = (id: string, cursor: string | undefined, limit = 20) =>
  call<AdminReferralPage>(
    api.GET('/api/v1/admin/members/{id}/referrals', {
      params: { path: { id }, query: { limit, ...(cursor ? { cursor } : {}) } },
    }),
  );

export const adjustPoints = (id: string, body: { delta: number; reason: string; idempotencyKey: string }) =>
  call<PointsAdjustmentResponse>(api.POST('/api/v1/admin/members/{id}/points-adjustments', { params: { path: { id } }, body }));

// ── programme ──
export const getProgramme = () => call<ProgrammeView>(api.GET('/api/v1/admin/programme'));

export const putProgramme = (body: PutProgrammeRequest) =>
  call<ProgrammeView>(api.PUT('/api/v1/admin/programme', { body: body as unknown as Schemas['PutProgrammeDto'] }));

export const listProgrammeVersions = () => call<Items<ProgrammeVersionItem>>(api.GET('/api/v1/admin/programme/versions'));

// ── coupon templates ──
export const listCouponTemplates = () => call<Items<CouponTemplateView>>(api.GET('/api/v1/admin/coupon-templates'));

export const createCouponTemplate = (body: CreateCouponTemplateRequest, idempotencyKey: string) =>
  call<CouponTemplateView>(
    api.POST('/api/v1/admin/coupon-templates', {
      body: body as unknown as Schemas['CreateCouponTemplateDto'],
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );

export const updateCouponTemplate = (id: string, body: UpdateCouponTemplateRequest) =>
  call<CouponTemplateView>(
    api.PATCH('/api/v1/admin/coupon-templates/{id}', {
      params: { path: { id } },
      body: body as Schemas['UpdateCouponTemplateDto'],
    }),
  );

export const setCouponTemplatePaused = (id: string, paused: boolean) =>
  call<CouponTemplateView>(
    paused
      ? api.POST('/api/v1/admin/coupon-templates/{id}/pause', { params: { path: { id } } })
      : api.POST('/api/v1/admin/coupon-templates/{id}/resume', { params: { path: { id } } }),
  );

export const grantCoupons = (id: string, memberIds: string[], idempotencyKey: string) =>
  call<GrantCouponsResponse>(
    api.POST('/api/v1/admin/coupon-templates/{id}/grants', { params: { path: { id } }, body: { memberIds, idempotencyKey } }),
  );

// ── tags and segments ──
export const listTags = () => call<Items<TagView>>(api.GET('/api/v1/admin/tags'));

export const listSegments = () => call<Items<SegmentView>>(api.GET('/api/v1/admin/segments'));

export const getSegment = (id: string) => call<SegmentView>(api.GET('/api/v1/admin/segments/{id}', { params: { path: { id } } }));

export const previewSegment = (conditions: SegmentConditions, signal?: AbortSignal) =>
  call<SegmentPreviewResponse>(
    api.POST('/api/v1/admin/segments/preview', {
      body: { conditions } as unknown as Schemas['PreviewSegmentDto'],
      ...(signal ? { signal } : {}),
    }),
  );

export const createSegment = (name: string, conditions: SegmentConditions) =>
  call<SegmentView>(api.POST('/api/v1/admin/segments', { body: { name, conditions } as unknown as Schemas['SaveSegmentDto'] }));

export const updateSegment = (id: string, name: string, conditions: SegmentConditions) =>
  call<SegmentView>(
    api.PATCH('/api/v1/admin/segments/{id}', {
      params: { path: { id } },
      body: { name, conditions } as unknown as Schemas['UpdateSegmentDto'],
    }),
  );

export const deleteSegment = (id: string) => call<void>(api.DELETE('/api/v1/admin/segments/{id}', { params: { path: { id } } }));

export const segmentMembers = (id: string, cursor: string | undefined, limit = 50) =>
  call<Page<SegmentMembersItem>>(
    api.GET('/api/v1/admin/segments/{id}/members', {
      params: { path: { id }, query: { limit, ...(cursor ? { cursor } : {}) } },
    }),
  );

export const downloadSegmentCsv = (id: string, name: string) =>
  download(
    api.GET('/api/v1/admin/segments/{id}/members.csv', { params: { path: { id } }, parseAs: 'blob' }),
    `segment-${name}.csv`,
  );

// ── campaigns and automations ──
export const listCampaigns = () => call<Items<CampaignView>>(api.GET('/api/v1/admin/campaigns'));

export const getCampaign = (id: string) =>
  call<CampaignView>(api.GET('/api/v1/admin/campaigns/{id}', { params: { path: { id } } }));

export const createCampaign = (body: CreateCampaignRequest, idempotencyKey: string) =>
  call<CampaignView>(
    api.POST('/api/v1/admin/campaigns', {
      body: body as Schemas['CreateCampaignDto'],
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );

export type CampaignCommandName = 'launch' | 'pause' | 'resume' | 'cancel';

export const campaignCommand = (id: string, command: CampaignCommandName) => {
  const params = { params: { path: { id } } };
  switch (command) {
    case 'launch':
      return call<CampaignView>(api.POST('/api/v1/admin/campaigns/{id}/launch', params));
    case 'pause':
      return call<CampaignView>(api.POST('/api/v1/admin/campaigns/{id}/pause', params));
    case 'resume':
      return call<CampaignView>(api.POST('/api/v1/admin/campaigns/{id}/resume', params));
    case 'cancel':
      return call<CampaignView>(api.POST('/api/v1/admin/campaigns/{id}/cancel', params));
  }
};

export const getCampaignReport = (id: string, days: number) =>
  call<CampaignReport>(api.GET('/api/v1/admin/campaigns/{id}/report', { params: { path: { id }, query: { days } } }));

export const listAutomations = () => call<Items<AutomationView>>(api.GET('/api/v1/admin/automations'));

export const createAutomation = (body: CreateAutomationRequest, idempotencyKey: string) =>
  call<AutomationView>(
    api.POST('/api/v1/admin/automations', {
      body: body as Schemas['CreateAutomationDto'],
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );

export const updateAutomation = (id: string, body: UpdateAutomationRequest) =>
  call<AutomationView>(
    api.PATCH('/api/v1/admin/automations/{id}', { params: { path: { id } }, body: body as Schemas['UpdateAutomationDto'] }),
  );
// ── feedback ──
export interface FeedbackInboxQuery {
  status?: FeedbackStatus;
  storeId?: string;
  category?: FeedbackCategory;
  ownerStaffId?: string;
  unassigned?: boolean;
}

export const listFeedback = (q: FeedbackInboxQuery, cursor: string | undefined) =>
  call<AdminFeedbackPage>(api.GET('/api/v1/admin/feedback', { params: { query: { ...q, ...(cursor ? { cursor } : {}) } } }));

export const getFeedback = (id: string) =>
  call<AdminFeedbackItem>(api.GET('/api/v1/admin/feedback/{id}', { params: { path: { id } } }));

export const replyFeedback = (id: string, body: ReplyFeedbackRequest) =>
  call<AdminFeedbackItem>(api.POST('/api/v1/admin/feedback/{id}/reply', { params: { path: { id } }, body }));

export const updateFeedback = (id: string, body: UpdateFeedbackRequest) =>
  call<AdminFeedbackItem>(api.PATCH('/api/v1/admin/feedback/{id}', { params: { path: { id } }, body }));

export const getFeedbackStats = (q: KpiQuery) =>
  call<FeedbackStatsResponse>(api.GET('/api/v1/admin/analytics/feedback', { params: { query: q } }));

// ── lotteries ──
export const listLotteries = () => call<Items<AdminLotteryView>>(api.GET('/api/v1/admin/lotteries'));

export const getLottery = (id: string) =>
  call<AdminLotteryView>(api.GET('/api/v1/admin/lotteries/{id}', { params: { path: { id } } }));

export const createLottery = (body: CreateLotteryRequest, idempotencyKey: string) =>
  call<AdminLotteryView>(
    api.POST('/api/v1/admin/lotteries', {
      body: body as unknown as Schemas['CreateLotteryDto'],
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );

export const updateLottery = (id: string, body: UpdateLotteryRequest) =>
  call<AdminLotteryView>(
    api.PATCH('/api/v1/admin/lotteries/{id}', {
      params: { path: { id } },
      body: body as unknown as Schemas['UpdateLotteryDto'],
    }),
  );

export type LotteryCommandName = 'pause' | 'resume' | 'end';

export const lotteryCommand = (id: string, command: LotteryCommandName) => {
  const params = { params: { path: { id } } };
  switch (command) {
    case 'pause':
      return call<AdminLotteryView>(api.POST('/api/v1/admin/lotteries/{id}/pause', params));
    case 'resume':
      return call<AdminLotteryView>(api.POST('/api/v1/admin/lotteries/{id}/resume', params));
    case 'end':
      return call<AdminLotteryView>(api.POST('/api/v1/admin/lotteries/{id}/end', params));
  }
};

export const getLotteryReport = (id: string) =>
  call<LotteryReport>(api.GET('/api/v1/admin/lotteries/{id}/report', { params: { path: { id } } }));

// ── check-in and referral settings, held referral rewards ──
export const getCheckInConfig = () => call<CheckInSettingsView>(api.GET('/api/v1/admin/checkin-config'));

export const putCheckInConfig = (body: CheckInSettings) =>
  call<CheckInSettingsView>(api.PUT('/api/v1/admin/checkin-config', { body: body as unknown as Schemas['CheckInSettingsDto'] }));

export const getReferralConfig = () => call<ReferralSettingsView>(api.GET('/api/v1/admin/referral-config'));

export const putReferralConfig = (body: ReferralSettings) =>
  call<ReferralSettingsView>(
    api.PUT('/api/v1/admin/referral-config', { body: body as unknown as Schemas['ReferralSettingsDto'] }),
  );

export const listReferralRewards = (status: ReferralRewardStatus | undefined) =>
  call<Items<ReferralRewardView>>(api.GET('/api/v1/admin/referral-rewards', { params: { query: status ? { status } : {} } }));

export const reviewReferralReward = (id: string, decision: 'approve' | 'reject') =>
  call<ReferralRewardView>(
    decision === 'approve'
      ? api.POST('/api/v1/admin/referral-rewards/{id}/approve', { params: { path: { id } } })
      : api.POST('/api/v1/admin/referral-rewards/{id}/reject', { params: { path: { id } } }),
  );

// ── tags on members ──
export const createTag = (name: string) => call<TagView>(api.POST('/api/v1/admin/tags', { body: { name } }));

export const assignTags = (memberId: string, tagIds: string[]) =>
  call<MemberTagsResponse>(api.POST('/api/v1/admin/members/{id}/tags', { params: { path: { id: memberId } }, body: { tagIds } }));

export const removeTag = (memberId: string, tagId: string) =>
  call<void>(api.DELETE('/api/v1/admin/members/{id}/tags/{tagId}', { params: { path: { id: memberId, tagId } } }));

// ── lifecycle thresholds and jobs ──
export const putLifecycleSettings = (body: LifecycleThresholds) =>
  call<LifecycleSettingsResponse>(
    api.PUT('/api/v1/admin/analytics/lifecycle', { body: body as unknown as Schemas['LifecycleSettingsBody'] }),
  );

export const runJob = (name: string) =>
  call<JobRunResponse>(api.POST('/api/v1/admin/jobs/{name}/run', { params: { path: { name } } }));

// ── audit log and jobs ──
export interface AuditLogFilter {
  action?: string;
  actorId?: string;
}

export const listAuditLog = (q: AuditLogFilter, cursor: string | undefined) =>
  call<AuditLogPage>(
    api.GET('/api/v1/admin/audit-log', { params: { query: { ...q, limit: 50, ...(cursor ? { cursor } : {}) } } }),
  );

export const listJobs = () => call<JobListResponse>(api.GET('/api/v1/admin/jobs'));
