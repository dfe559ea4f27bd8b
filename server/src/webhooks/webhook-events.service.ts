// The one way webhook events are raised: `emit(tx, { type, memberId?, data })`, in the
// transaction of the change. It writes the event and, for every active endpoint subscribed to
// the type, a delivery and one outbox row (topic `webhook.e<endpoint>`, the member's id) — so a
// member's events reach each endpoint in order and a failing endpoint holds up only itself.
// docs/webhooks.md.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { WEBHOOK_EVENTS, unlistedWebhookFields, type WebhookEventData, type WebhookEventType } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { WebhookRepository, type EmittedDelivery } from './webhook.repository.js';

/** The outbox topic of an endpoint's deliveries (one topic each: its own per-member order). */
export function webhookTopic(endpointId: string): string {
  return `webhook.e${endpointId.replace(/-/g, '')}`;
}

export interface WebhookEmit<T extends WebhookEventType> {
  type: T;
  memberId?: string | null;
  data: WebhookEventData<T>;
}

@Injectable()
export class WebhookEventsService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: WebhookRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** Raises an event in `tx`; nothing is written when no active endpoint subscribes to the type. */
  async emit<T extends WebhookEventType>(tx: EntityManager, event: WebhookEmit<T>): Promise<void> {
    const data = this.checked(event.type, event.data as Record<string, unknown>);
    const memberId = event.memberId ?? null;
    const deliveries = await this.repo.emit(tx, event.type, WEBHOOK_EVENTS[event.type].version, memberId, data);
    for (const d of deliveries) await this.enqueue(tx, d, memberId);
  }

  /** Whether any active endpoint subscribes to `type` (a batch producer skips building events nobody gets). */
  subscribed(db: Pick<EntityManager, 'query'>, type: WebhookEventType): Promise<boolean> {
    return this.repo.subscribed(db, type);
  }

  /** One outbox row for a delivery (also used by redeliver and the test event). */
  async enqueue(tx: EntityManager, d: EmittedDelivery, memberId: string | null): Promise<void> {
    // No NOTIFY: emits run in the till's transactions; the relay's 1 s poll wakes for them.
    await this.outbox.add(tx, {
      topic: webhookTopic(d.endpoint_id),
      memberId,
      payload: { deliveryId: d.delivery_id },
      notify: false,
    });
  }

  /** Only catalogue fields leave (a producer's extra field is a bug: it fails outside production). */
  private checked(type: WebhookEventType, data: Record<string, unknown>): Record<string, unknown> {
    const extra = unlistedWebhookFields(type, data);
    if (extra.length === 0) return data;
    const message = `webhook event ${type} carries fields outside the catalogue: ${extra.join(', ')}`;
    if (this.config.env !== 'production') throw new Error(message);
    this.logger.error({ type, fields: extra }, message);
    return Object.fromEntries(Object.entries(data).filter(([k]) => !extra.includes(k)));
  }
}
