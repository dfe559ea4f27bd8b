import type { Gender, TierCode } from './common.js';

export interface TierRef {
  code: TierCode;
  name: string;
}

export interface Benefit {
  code: string;
  title: string;
}

export interface MemberCard {
  id: string;
  memberNo: string;
  nickname: string | null;
  avatarUrl: string | null;
  /** e.g. `138****8000`; null until a phone is bound. The full number is never returned. */
  phoneMasked: string | null;
  tier: TierRef;
  growth: number;
  points: number;
  nextTier: (TierRef & { growthNeeded: number }) | null;
  benefits: Benefit[];
  consent: { version: string; acceptedAt: string } | null;
  /** Profile fields beyond API.md's minimum, for the profile screen. */
  birthday: string | null;
  gender: Gender;
  inviteCode: string;
  /** Member days that hold today for this member (programme timezone): `[{ code: 'member_day', title: '今天是会员日，积分 2 倍' }]`. */
  todayPromotions: { code: string; title: string }[];
  /** Stored value (储值) spendable now, fen. */
  storedBalance: number;
  /** A running paid membership (付费会员), shown on the card; null without one. */
  paidMembership: { title: string; expiresAt: string } | null;
}

export interface UpdateMeRequest {
  nickname?: string;
  avatarUrl?: string;
  /** Local date YYYY-MM-DD. */
  birthday?: string;
  gender?: Gender;
}

export interface PrivacyPolicy {
  version: string;
  title: string;
  body: string;
}

export interface ConsentRequest {
  version: string;
}

export interface BindPhoneRequest {
  /** The code from `<Button openType="getPhoneNumber">`; in sandbox mode `dev:<11-digit phone>`. */
  code: string;
}

export interface TierInfo {
  code: TierCode;
  name: string;
  growthThreshold: number;
  benefits: Benefit[];
}

/** One member in the operators' search (`GET /admin/members`). */
export interface AdminMemberView {
  id: string;
  memberNo: string;
  nickname: string | null;
  phoneMasked: string | null;
  tier: string;
  points: number;
  growth: number;
  status: string;
  createdAt: string;
}

/** `GET /admin/members?q=&cursor=`: 20 a page, newest first; `nextCursor` null on the last page. */
export interface AdminMembersResponse {
  items: AdminMemberView[];
  nextCursor: string | null;
}
