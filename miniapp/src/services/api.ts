// The typed API client: one function per endpoint the mini-program uses, typed by @huiyuan/shared.
import type {
  BindPhoneRequest,
  CreateFeedbackRequest,
  CreateFeedbackResponse,
  MyFeedbackPage,
  CheckInCalendarResponse,
  CheckInResponse,
  ClaimCouponRequest,
  ConsentRequest,
  Coupon,
  CouponCenterResponse,
  CouponStatus,
  CreateMembershipPurchaseRequest,
  CreateMembershipPurchaseResponse,
  CreateOrderRequest,
  CreateTopUpRequest,
  CreateTopUpResponse,
  CreateRefundRequest,
  DeleteMeRequest,
  IdentifyByMemberNoRequest,
  IdentifyRequest,
  IdentifyResponse,
  KpiResponse,
  KpiSeriesResponse,
  LotteryDrawResult,
  LotteryListResponse,
  LotteryView,
  MemberCard,
  MemberCodeResponse,
  MemberCodeSeedResponse,
  MakeUpCheckInRequest,
  MakeUpCheckInResponse,
  MemberDataExport,
  MemberNotification,
  MembershipPlansResponse,
  MyMembershipResponse,
  MyStoredValueResponse,
  MyLotteryDrawsResponse,
  MyOrdersResponse,
  OrderResponse,
  PaymentStatusResponse,
  PointsHistoryItem,
  PointsSummary,
  PrivacyPolicy,
  ProgrammeView,
  RecommendationsResponse,
  RedeemCouponRequest,
  ReferralSummary,
  RedeemCouponResponse,
  RefundResponse,
  StaffLoginRequest,
  StoredValuePlansResponse,
  StoreView,
  StaffLoginResponse,
  SubscribeRequest,
  SubscriptionQuotaView,
  UpdateMeRequest,
  WechatLoginRequest,
  WechatLoginResponse,
} from '@huiyuan/shared';
import { deviceId } from './device';
import { downloadImage, request } from './http';

export interface PointsHistoryPage {
  items: PointsHistoryItem[];
  nextCursor: string | null;
}

/** The claim centre lists free and points offers; the points mall asks for `points` only. */
export type CouponOfferChannel = 'center' | 'points';

/** The store compass's query: local dates of the programme timezone; `storeId` for admins only. */
export interface KpiQuery {
  from: string;
  to: string;
  storeId?: string;
}

/** `GET /admin/segments` as the compass reads it (the segment list of issue 11 item 4). */
export interface SegmentListResponse {
  items: { id: string; name: string; memberCount: number }[];
}

export const api = {
  // X-Device-Id: the server keeps it with a new member's sign-up as a referral abuse signal.
  wechatLogin: (body: WechatLoginRequest) =>
    request<WechatLoginResponse>('POST', '/api/v1/auth/wechat/login', { body, headers: { 'X-Device-Id': deviceId() } }),
  staffLogin: (body: StaffLoginRequest) => request<StaffLoginResponse>('POST', '/api/v1/auth/staff/login', { body }),
  /** Ends every session of the signed-in account on the server (all its devices); 204. */
  logout: () => request<void>('POST', '/api/v1/auth/logout', { body: {} }),
  getPrivacyPolicy: () => request<PrivacyPolicy>('GET', '/api/v1/privacy-policy'),
  /** Public (no session needed): tiers with thresholds and benefits, earning, redemption, expiry. */
  getProgramme: () => request<ProgrammeView>('GET', '/api/v1/programme'),
  acceptPrivacyPolicy: (body: ConsentRequest) => request<MemberCard>('POST', '/api/v1/me/consent', { body }),
  getMe: () => request<MemberCard>('GET', '/api/v1/me'),
  // wx.request has no PATCH: the weapp build uses the server's `POST /me` alias.
  updateMe: (body: UpdateMeRequest) =>
    request<MemberCard>(process.env.TARO_ENV === 'h5' ? 'PATCH' : 'POST', '/api/v1/me', { body }),
  bindPhone: (body: BindPhoneRequest) => request<MemberCard>('POST', '/api/v1/me/phone', { body }),
  // Data rights (隐私与数据).
  exportMyData: () => request<MemberDataExport>('GET', '/api/v1/me/export'),
  deleteMe: (body: DeleteMeRequest) => request<{ status: 'deleted'; deletedAt: string }>('DELETE', '/api/v1/me', { body }),
  withdrawConsent: () => request<MemberCard>('POST', '/api/v1/me/consent/withdraw', { body: {} }),
  declineConsent: () => request<void>('POST', '/api/v1/me/consent/decline', { body: {} }),

  getMemberCode: () => request<MemberCodeResponse>('GET', '/api/v1/me/code'),
  getMemberCodeSeed: () => request<MemberCodeSeedResponse>('GET', '/api/v1/me/code-seed'),
  getPointsHistory: (query: { cursor?: string; limit?: number } = {}) =>
    request<PointsHistoryPage>('GET', '/api/v1/me/points', { query }),
  getPointsSummary: () => request<PointsSummary>('GET', '/api/v1/me/points/summary'),
  getMyOrders: (query: { cursor?: string; limit?: number } = {}) =>
    request<MyOrdersResponse>('GET', '/api/v1/me/orders', { query }),
  /** 为您推荐: items with the reason (co-purchase, repeat, popular at the member's store or overall). */
  getRecommendations: () => request<RecommendationsResponse>('GET', '/api/v1/me/recommendations'),
  getNotifications: () => request<{ items: MemberNotification[] }>('GET', '/api/v1/me/notifications'),
  // An empty JSON object rather than no body: wx.request always sends Content-Type: application/json,
  // and the server refuses an empty body declared as JSON (MALFORMED_JSON).
  markNotificationRead: (id: string) =>
    request<void>('POST', `/api/v1/me/notifications/${encodeURIComponent(id)}/read`, { body: {} }),

  getCouponCenter: (channel?: CouponOfferChannel) =>
    request<CouponCenterResponse>('GET', '/api/v1/coupons/center', { query: { channel } }),
  /** Also the points-mall exchange: the server charges `pointsCost` on the same route. */
  claimCoupon: (templateId: string, body: ClaimCouponRequest = {}) =>
    request<Coupon>('POST', `/api/v1/coupons/center/${encodeURIComponent(templateId)}/claim`, { body }),
  getMyCoupons: (status: CouponStatus) => request<{ items: Coupon[] }>('GET', '/api/v1/me/coupons', { query: { status } }),
  getMyCoupon: (id: string) => request<Coupon>('GET', `/api/v1/me/coupons/${encodeURIComponent(id)}`),

  /** `month` YYYY-MM; without it the server shows the current month. */
  getCheckInCalendar: (month?: string) => request<CheckInCalendarResponse>('GET', '/api/v1/me/checkins', { query: { month } }),
  checkIn: () => request<CheckInResponse>('POST', '/api/v1/me/checkins', { body: {} }),
  makeUpCheckIn: (body: MakeUpCheckInRequest) => request<MakeUpCheckInResponse>('POST', '/api/v1/me/checkins/make-up', { body }),
  subscribe: (body: SubscribeRequest) => request<SubscriptionQuotaView>('POST', '/api/v1/me/subscriptions', { body }),
  getReferral: () => request<ReferralSummary>('GET', '/api/v1/me/referral'),
  /** The invite QR code (PNG): an object URL on H5, a temp file path on weapp. */
  getReferralQrCode: () => downloadImage('/api/v1/me/referral/qrcode'),

  // Lottery (抽奖).
  getLotteries: () => request<LotteryListResponse>('GET', '/api/v1/lotteries'),
  getLottery: (id: string) => request<LotteryView>('GET', `/api/v1/lotteries/${encodeURIComponent(id)}`),
  /** `requestId` makes a retry replay the first draw (nothing charged twice). */
  drawLottery: (id: string, requestId: string) =>
    request<LotteryDrawResult>('POST', `/api/v1/lotteries/${encodeURIComponent(id)}/draws`, { body: { requestId } }),
  getMyLotteryDraws: (query: { cursor?: string; limit?: number } = {}) =>
    request<MyLotteryDrawsResponse>('GET', '/api/v1/me/lottery-draws', { query }),
  sendFeedback: (body: CreateFeedbackRequest) => request<CreateFeedbackResponse>('POST', '/api/v1/me/feedback', { body }),
  getMyFeedback: (query: { cursor?: string; limit?: number } = {}) =>
    request<MyFeedbackPage>('GET', '/api/v1/me/feedback', { query }),

  // Stored value (储值) and paid membership (付费会员): orders answer wx.requestPayment's arguments.
  getStoredValuePlans: () => request<StoredValuePlansResponse>('GET', '/api/v1/stored-value/plans'),
  /** Balance, principal, bonus, the soonest bonus expiry and a page of the ledger (newest first). */
  getMyStoredValue: (query: { cursor?: string; limit?: number } = {}) =>
    request<MyStoredValueResponse>('GET', '/api/v1/me/stored-value', { query }),
  /** The same `requestId` answers the first top-up again (a retry after a lost answer opens no second order). */
  createTopUp: (body: CreateTopUpRequest) => request<CreateTopUpResponse>('POST', '/api/v1/me/stored-value/top-ups', { body }),
  getMembershipPlans: () => request<MembershipPlansResponse>('GET', '/api/v1/membership/plans'),
  getMyMembership: () => request<MyMembershipResponse>('GET', '/api/v1/me/membership'),
  purchaseMembership: (body: CreateMembershipPurchaseRequest) =>
    request<CreateMembershipPurchaseResponse>('POST', '/api/v1/me/membership/purchases', { body }),
  /** A pending payment is asked about at WeChat Pay first, so this settles a lost notification. */
  getPaymentStatus: (outTradeNo: string) =>
    request<PaymentStatusResponse>('GET', `/api/v1/me/payments/${encodeURIComponent(outTradeNo)}`),
  /** Sandbox servers only (404 elsewhere): the fake WeChat Pay pays the prepay and sends its signed notification. */
  sandboxPay: (prepayId: string) =>
    request<PaymentStatusResponse>('POST', `/api/v1/sandbox/payments/${encodeURIComponent(prepayId)}/pay`, { body: {} }),

  identifyMember: (body: IdentifyRequest) => request<IdentifyResponse>('POST', '/api/v1/cashier/identify', { body }),
  identifyByMemberNo: (body: IdentifyByMemberNoRequest) =>
    request<IdentifyResponse>('POST', '/api/v1/cashier/identify-by-member-no', { body }),
  createOrder: (body: CreateOrderRequest) => request<OrderResponse>('POST', '/api/v1/cashier/orders', { body }),
  createRefund: (orderNo: string, body: CreateRefundRequest) =>
    request<RefundResponse>('POST', `/api/v1/cashier/orders/${encodeURIComponent(orderNo)}/refunds`, { body }),
  redeemCoupon: (body: RedeemCouponRequest) => request<RedeemCouponResponse>('POST', '/api/v1/cashier/coupons/redeem', { body }),

  // Store compass (managers: their store; admins: all stores or one).
  getKpis: (query: KpiQuery) => request<KpiResponse>('GET', '/api/v1/admin/analytics/kpis', { query: { ...query } }),
  getKpiSeries: (query: KpiQuery & { granularity: 'day' | 'week' | 'month' }) =>
    request<KpiSeriesResponse>('GET', '/api/v1/admin/analytics/kpis/series', { query: { ...query } }),
  getSegments: () => request<SegmentListResponse>('GET', '/api/v1/admin/segments'),
  getStores: () => request<{ items: StoreView[] }>('GET', '/api/v1/admin/stores'),
};

export type Api = typeof api;
