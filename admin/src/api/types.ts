// Response types the generated schema (schema.d.ts) does not have yet: the server's OpenAPI spec
// still lacks most response schemas. Each is the server's own contract type from @huiyuan/shared
// (the controllers return exactly these) or, where shared has none, written here from the
// controller. Replace an entry with `components['schemas'][…]` once the spec describes it.
import type { Page } from '@huiyuan/shared';

export type { Page } from '@huiyuan/shared'; // until the spec has it
export type { StaffLoginResponse, StaffView, StaffAccountView } from '@huiyuan/shared'; // until the spec has it
export type { StoreView } from '@huiyuan/shared'; // until the spec has it
export type { KpiResponse, KpiSeriesResponse, KpiSeriesItem, LifecycleSettingsResponse } from '@huiyuan/shared'; // until the spec has it
export type { Member360, TagView } from '@huiyuan/shared'; // until the spec has it
export type { ProgrammeView, ProgrammeInput, ProgrammeTierView, ProgrammeVersionItem, ProgrammeProblem } from '@huiyuan/shared'; // until the spec has it
export type { CouponTemplateView, GrantCouponsResponse } from '@huiyuan/shared'; // until the spec has it
export type { SegmentView, SegmentPreviewResponse, SegmentMembersItem } from '@huiyuan/shared'; // until the spec has it

/** One row of `GET /admin/members` (server/src/members/admin-members.service.ts). */
// until the spec has it
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

export type AdminMemberPage = Page<AdminMemberView>; // until the spec has it

/** `POST /admin/members/:id/points-adjustments` (server/src/loyalty/loyalty.controller.ts). */
// until the spec has it
export interface PointsAdjustmentResponse {
  entryId: string;
  delta: number;
  balanceAfter: number;
}

/** `{ items }` lists (stores, staff, tags, segments, coupon templates, programme versions). */
// until the spec has it
export interface Items<T> {
  items: T[];
}
