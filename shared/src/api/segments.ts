// Tags, segments and the member 360 (API.md "Analytics"; docs/segments.md).
import type { LifecycleStage } from '../rules/metrics.js';
import type { SegmentConditions } from '../rules/segments/types.js';
import type { Coupon } from './coupons.js';
import type { MyOrder } from './cashier.js';
import type { PointsHistoryItem } from './points.js';

export interface TagView {
  id: string;
  name: string;
  /** Members carrying the tag (a manager: those of their store). */
  memberCount?: number;
  createdAt?: string;
}

export interface CreateTagRequest {
  name: string;
}

export interface AssignTagsRequest {
  tagIds: string[];
}

export interface SegmentView {
  id: string;
  name: string;
  conditions: SegmentConditions;
  /** Matching active members as of countedAt (a manager: those of their store, counted live). */
  memberCount: number | null;
  countedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SaveSegmentRequest {
  name: string;
  conditions: SegmentConditions;
}

export interface SegmentMemberView {
  id: string;
  memberNo: string;
  nickname: string | null;
}

export interface SegmentPreviewResponse {
  count: number;
  sample: SegmentMemberView[];
}

export interface SegmentMembersItem extends SegmentMemberView {
  tier: string;
  points: number;
  phoneMasked: string | null;
}

/** One condition's result for one member. */
export interface ConditionResult {
  condition: string;
  code: string;
  matched: boolean;
}

export interface MemberSegmentResult {
  id: string;
  name: string;
  matched: boolean;
  conditions: ConditionResult[];
}

export interface Member360 {
  card: {
    id: string;
    memberNo: string;
    nickname: string | null;
    tier: string;
    points: number;
    growth: number;
    phoneMasked: string | null;
    status: string;
    registeredAt: string;
    homeStore: { id: string; name: string } | null;
  };
  /** From the nightly job (member_score); null before it first ran for this member. */
  lifecycle: LifecycleStage | null;
  rfm: { r: number | null; f: number | null; m: number | null; group: string | null } | null;
  tags: TagView[];
  stats: { orders: number; spend: number; firstOrderAt: string | null; lastOrderAt: string | null };
  segments: { id: string; name: string }[];
  recentOrders: MyOrder[];
  recentLedger: PointsHistoryItem[];
  coupons: Coupon[];
}

/** `GET /admin/tags`. */
export interface TagListResponse {
  items: TagView[];
}

/** `POST /admin/members/:id/tags`: the member's tags after the change. */
export interface MemberTagsResponse {
  tags: TagView[];
}

/** `GET /admin/segments`. */
export interface SegmentListResponse {
  items: SegmentView[];
}

/** `GET /admin/segments/:id/members?cursor=&limit=`, by member id. */
export interface SegmentMembersResponse {
  items: SegmentMembersItem[];
  nextCursor: string | null;
}

/** `GET /admin/members/:id/segments`: every segment, whether the member is in it and why. */
export interface MemberSegmentsResponse {
  items: MemberSegmentResult[];
}
