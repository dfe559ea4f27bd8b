// Webhooks (admin) request and response types (API.md "Webhooks (admin)"; docs/webhooks.md).
import type { WebhookEventType } from '../rules/webhook-events.js';

export type WebhookEndpointStatus = 'active' | 'disabled';
export type WebhookDeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'dead' | 'skipped';

export interface CreateWebhookRequest {
  url: string;
  events: WebhookEventType[];
  description?: string | null;
}

export interface UpdateWebhookRequest {
  url?: string;
  events?: WebhookEventType[];
  description?: string | null;
  /** `disabled`: nothing more is sent (pending deliveries are skipped); `active` resumes. */
  status?: WebhookEndpointStatus;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  status: WebhookEndpointStatus;
  /** While set and in the future, deliveries are signed with the previous secret too. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The signing secret is in this response only (create, rotate-secret). */
export interface WebhookSecretView extends WebhookEndpointView {
  secret: string;
}

/** The envelope POSTed to an endpoint. */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType | 'webhook.test';
  createdAt: string;
  version: number;
  data: Record<string, unknown>;
}

export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  memberId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastResponseCode: number | null;
  /** Milliseconds of the last attempt. */
  latencyMs: number | null;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** `GET /admin/webhooks` (no secrets). */
export interface WebhookEndpointListResponse {
  items: WebhookEndpointView[];
}

/** `POST /admin/webhooks/:id/test` → 202: the queued `webhook.test` event and its delivery. */
export interface WebhookTestResponse {
  eventId: string;
  deliveryId: string;
}

/** `GET /admin/webhooks/:id/deliveries?cursor=&limit=`, newest first. */
export interface WebhookDeliveriesResponse {
  items: WebhookDeliveryView[];
  nextCursor: string | null;
}
