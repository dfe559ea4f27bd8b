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

export interface StaffView {
  id: string;
  username: string;
  role: StaffRole;
  storeId: string | null;
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

export interface HealthResponse {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
}

/** The claims inside our JWT. `sub` is a member id or a staff id depending on `role`. */
export interface TokenClaims {
  sub: string;
  role: import('./common.js').Role;
  storeId?: string | null;
}

/** `GET /api/v1/health/ready`: 200 only when this instance's migrations ran and the database answers. */
export interface ReadinessResponse {
  status: 'ready' | 'unavailable';
  db: 'up' | 'down';
  migrations: 'applied' | 'pending' | 'unknown';
}
