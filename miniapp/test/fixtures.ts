// Test data shaped like the API's responses.
import type {
  Coupon,
  CouponCenterItem,
  IdentifiedMember,
  MemberCard,
  OrderResponse,
  PrivacyPolicy,
  StaffView,
} from '@huiyuan/shared';

export function memberCard(overrides: Partial<MemberCard> = {}): MemberCard {
  return {
    id: 'b3c1a4e2-0000-4000-8000-000000000001',
    memberNo: '100000000042',
    nickname: '小满',
    avatarUrl: null,
    phoneMasked: null,
    tier: { code: 'silver', name: '银卡会员' },
    growth: 1200,
    points: 356,
    nextTier: { code: 'gold', name: '金卡会员', growthNeeded: 800 },
    benefits: [
      { code: 'points', title: '1.2 倍积分' },
      { code: 'discount', title: '98 折会员价' },
    ],
    consent: { version: '2025-01', acceptedAt: '2025-03-01T08:00:00.000Z' },
    birthday: null,
    gender: 'unknown',
    inviteCode: 'INV42',
    todayPromotions: [],
    storedBalance: 0,
    paidMembership: null,
    ...overrides,
  };
}

export const policy: PrivacyPolicy = { version: '2025-01', title: '会员隐私政策', body: '我们重视您的隐私。\n第一条……' };

export const cashier: StaffView = { id: 'staff-1', username: 'cashier01', role: 'cashier', storeId: 'store-1' };

export function ok(data: unknown, statusCode = 200) {
  return { statusCode, data };
}

export function apiError(statusCode: number, code: string, message = 'error') {
  return { statusCode, data: { statusCode, error: 'Error', code, message } };
}

export function identifiedMember(overrides: Partial<IdentifiedMember> = {}): IdentifiedMember {
  return {
    id: 'b3c1a4e2-0000-4000-8000-000000000001',
    memberNo: '100000000042',
    nickname: '小满',
    tier: { code: 'normal', name: '普通会员' },
    points: 1250,
    phoneMasked: '138****8000',
    redemption: { pointsPerYuan: 100, unit: 100, maxShareBp: 5000 },
    ...overrides,
  };
}

export function orderResponse(overrides: Partial<OrderResponse> = {}): OrderResponse {
  return {
    orderId: 'order-1',
    orderNo: 'POS-20260308-140512-k3f',
    amount: 60000,
    discount: 0,
    payable: 60000,
    pointsEarned: 600,
    pointsRedeemed: 0,
    couponsUsed: [],
    member: { points: 1850, growth: 600, tier: { code: 'silver', name: '银卡会员' } },
    tierChange: { from: { code: 'normal', name: '普通会员' }, to: { code: 'silver', name: '银卡会员' } },
    ...overrides,
  };
}

/** A wallet coupon; `code` is a real coupon code (valid check character). */
export function coupon(overrides: Partial<Coupon> = {}): Coupon {
  return {
    id: 'c0000000-0000-4000-8000-000000000001',
    code: 'RU9S5F75A7WZ9A5',
    templateId: 't0000000-0000-4000-8000-000000000001',
    title: '满100减20',
    kind: 'cash',
    status: 'available',
    validFrom: '2026-03-01',
    validTo: '2026-03-31',
    threshold: 10000,
    amountOff: 2000,
    description: null,
    stackable: false,
    channel: 'center',
    expiresAt: '2099-03-31T16:00:00.000Z',
    claimedAt: '2026-03-01T02:00:00.000Z',
    usedAt: null,
    ...overrides,
  };
}

/** An offer of the claim centre. */
export function offer(overrides: Partial<CouponCenterItem> = {}): CouponCenterItem {
  return {
    templateId: 't0000000-0000-4000-8000-000000000001',
    title: '满100减20',
    description: null,
    kind: 'cash',
    remaining: 88,
    perMemberLimit: 1,
    claimedByMe: 0,
    threshold: 10000,
    amountOff: 2000,
    validDays: 30,
    stackable: false,
    ...overrides,
  };
}
