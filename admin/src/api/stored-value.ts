// The stored-value (储值) and paid-membership (付费会员) operations of the console, over the one typed
// client (client.ts): paths, query and bodies checked against the generated schema, responses typed
// by their shared contract types (the same the OpenAPI document's schemas are generated from).
import type {
  AdminMembershipPlan,
  AdminMembershipPlansResponse,
  AdminMemberStoredValue,
  AdminStoredValuePlan,
  AdminStoredValuePlansResponse,
  CreateMembershipPlanRequest,
  CreateStoredValuePlanRequest,
  MembershipRefundResponse,
  MyMembershipResponse,
  StoredValueSettingsResponse,
  StoredValueSettlementResponse,
  TopUpRefundRequest,
  TopUpRefundResponse,
  UpdateStoredValuePlanRequest,
} from '@huiyuan/shared';
import { api, call } from './client';
import type { components } from './schema';

type Schemas = components['schemas'];

// ── stored value ──
export const listStoredValuePlans = () => call<AdminStoredValuePlansResponse>(api.GET('/api/v1/admin/stored-value/plans'));

export const createStoredValuePlan = (body: CreateStoredValuePlanRequest, idempotencyKey: string) =>
  call<AdminStoredValuePlan>(
    api.POST('/api/v1/admin/stored-value/plans', {
      body: body as Schemas['CreateStoredValuePlanDto'],
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );

export const updateStoredValuePlan = (id: string, body: UpdateStoredValuePlanRequest) =>
  call<AdminStoredValuePlan>(
    api.PATCH('/api/v1/admin/stored-value/plans/{id}', {
      params: { path: { id } },
      body: body as Schemas['UpdateStoredValuePlanDto'],
    }),
  );

export const getStoredValueSettings = () => call<StoredValueSettingsResponse>(api.GET('/api/v1/admin/stored-value/settings'));

export const putStoredValueSettings = (body: StoredValueSettingsResponse) =>
  call<StoredValueSettingsResponse>(
    api.PUT('/api/v1/admin/stored-value/settings', { body: body as Schemas['StoredValueSettingsDto'] }),
  );

export const getMemberStoredValue = (memberId: string) =>
  call<AdminMemberStoredValue>(api.GET('/api/v1/admin/members/{id}/stored-value', { params: { path: { id: memberId } } }));

export const refundTopUp = (topUpId: string, body: TopUpRefundRequest) =>
  call<TopUpRefundResponse>(
    api.POST('/api/v1/admin/stored-value/top-ups/{id}/refund', {
      params: { path: { id: topUpId } },
      body: body as Schemas['TopUpRefundDto'],
    }),
  );

export interface SettlementQuery {
  /** ISO instant, inclusive. */
  from: string;
  /** ISO instant, exclusive. */
  to: string;
  storeId?: string;
}

export const getSettlement = (q: SettlementQuery) =>
  call<StoredValueSettlementResponse>(api.GET('/api/v1/admin/stored-value/settlement', { params: { query: q } }));

// ── paid membership ──
export const listMembershipPlans = () => call<AdminMembershipPlansResponse>(api.GET('/api/v1/admin/membership/plans'));

export const createMembershipPlan = (body: CreateMembershipPlanRequest, idempotencyKey: string) =>
  call<AdminMembershipPlan>(
    api.POST('/api/v1/admin/membership/plans', {
      body: body as Schemas['CreateMembershipPlanDto'],
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  );

export const updateMembershipPlan = (id: string, body: { title?: string; active?: boolean }) =>
  call<AdminMembershipPlan>(
    api.PATCH('/api/v1/admin/membership/plans/{id}', {
      params: { path: { id } },
      body: body as Schemas['UpdateMembershipPlanDto'],
    }),
  );

export const getMemberMembership = (memberId: string) =>
  call<MyMembershipResponse>(api.GET('/api/v1/admin/members/{id}/membership', { params: { path: { id: memberId } } }));

export const refundMembership = (memberId: string, reason: string | undefined, idempotencyKey: string) =>
  call<MembershipRefundResponse>(
    api.POST('/api/v1/admin/members/{id}/membership/refund', {
      params: { path: { id: memberId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: (reason ? { reason } : {}) as Schemas['MembershipRefundDto'],
    }),
  );
