// The typed API client: one function per endpoint the mini-program uses, typed by @huiyuan/shared.
import type {
  BindPhoneRequest,
  ConsentRequest,
  MemberCard,
  PrivacyPolicy,
  StaffLoginRequest,
  StaffLoginResponse,
  UpdateMeRequest,
  WechatLoginRequest,
  WechatLoginResponse,
} from '@huiyuan/shared';
import { request } from './http';

export const api = {
  wechatLogin: (body: WechatLoginRequest) => request<WechatLoginResponse>('POST', '/api/v1/auth/wechat/login', { body }),
  staffLogin: (body: StaffLoginRequest) => request<StaffLoginResponse>('POST', '/api/v1/auth/staff/login', { body }),
  getPrivacyPolicy: () => request<PrivacyPolicy>('GET', '/api/v1/privacy-policy'),
  acceptPrivacyPolicy: (body: ConsentRequest) => request<MemberCard>('POST', '/api/v1/me/consent', { body }),
  getMe: () => request<MemberCard>('GET', '/api/v1/me'),
  updateMe: (body: UpdateMeRequest) => request<MemberCard>('PATCH', '/api/v1/me', { body }),
  bindPhone: (body: BindPhoneRequest) => request<MemberCard>('POST', '/api/v1/me/phone', { body }),
};

export type Api = typeof api;
