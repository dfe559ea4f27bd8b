import type { StaffRole } from './common.js';
import type { MemberCard } from './member.js';

export interface WechatLoginRequest {
  code: string;
  inviteCode?: string;
  scene?: string;
}

export interface WechatLoginResponse {
  token: string;
  /** Seconds until the token expires. */
  expiresIn: number;
  isNewMember: boolean;
  member: MemberCard;
}

export interface StaffLoginRequest {
  username: string;
  password: string;
}

export type StaffStatus = 'active' | 'disabled';

export interface StaffView {
  id: string;
  username: string;
  role: StaffRole;
  storeId: string | null;
}

/** A staff account as admins manage it (`GET /admin/staff`, `PATCH /admin/staff/:id`). */
export interface StaffAccountView extends StaffView {
  status: StaffStatus;
}

export interface StaffLoginResponse {
  token: string;
  expiresIn: number;
  staff: StaffView;
}

export interface CreateStaffRequest {
  username: string;
  password: string;
  role: StaffRole;
  storeId?: string;
}

/** `PATCH /admin/staff/:id`; a role or store change or disabling ends the account's sessions. */
export interface UpdateStaffRequest {
  role?: StaffRole;
  storeId?: string | null;
  status?: StaffStatus;
}

/** `POST /admin/staff/:id/password`. */
export interface ResetStaffPasswordRequest {
  password: string;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
}

/** The claims inside our JWT. `sub` is a member id or a staff id depending on `role`. */
export interface TokenClaims {
  sub: string;
  role: import('./common.js').Role;
  storeId?: string | null;
  /** The account's token version when signed; a lower one than the row's is refused. */
  ver?: number;
}

/** `GET /api/v1/health/ready`: 200 only when this instance's migrations ran and the database answers. */
export interface ReadinessResponse {
  status: 'ready' | 'unavailable';
  db: 'up' | 'down';
  migrations: 'applied' | 'pending' | 'unknown';
}

/** `GET /admin/staff`. */
export interface StaffAccountListResponse {
  items: StaffAccountView[];
}
