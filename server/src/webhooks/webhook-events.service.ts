// The one way webhook events are raised: `emit(tx, { type, memberId?, data })`, in the
// transaction of the change. It writes the event and, for every active endpoint subscribed to
// the type, a delivery and one outbox row (topic `webhook.e<endpoint>`, the member's id) — so a
// member's events reach each endpoint in order and a failing endpoint holds up only itself.
// docs/webhooks.md.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { WEBHOOK_EVENTS, unlistedWebhookFields, type WebhookEventData, type WebhookEventType } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { defersWrites } from '../common/sql.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { WebhookRepository, type EmittedDelivery, type PendingEvent } from './webhook.repository.js';

/** The outbox topic of an endpoint's deliveries (one topic each: its own per-member order). */
export function webhookTopic(endpointId: string): string {
  return `webhook.e${endpointId.replace(/-/g, '')}`;
}

/** How long another instance's endpoint change may take to be seen here (see subscribedTypes). */
export const SUBSCRIPTIONS_FRESH_MS = 2_000;

export interface WebhookEmit<T extends WebhookEventType> {
  type: T;
  memberId?: string | null;
  data: WebhookEventData<T>;
}

@Injectable()
export class WebhookEventsService {
  private readonly logger = new Logger('Webhooks');
  private subscriptions: { at: number; types: Set<string> } | null = null;
  private loading: Promise<Set<string>> | null = null;
  private poolLoading: Promise<Set<string>> | null = null;
  private generation = 0;
  private readonly batches = new WeakMap<EntityManager, { events: PendingEvent[]; sent: boolean }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: WebhookRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** Raises an event in `tx`; nothing is written when no active endpoint subscribes to the type. */
  async emit<T extends WebhookEventType>(tx: EntityManager, event: WebhookEmit<T>): Promise<void> {
    const data = this.checked(event.type, event.data as Record<string, unknown>);
    // Most deployments subscribe to few types (or none): nothing at all for the others.
    if (!(await this.subscribedTypes(tx)).has(event.type)) return;
    const memberId = event.memberId ?? null;
    if (!defersWrites(tx)) {
      // Not inside inTransaction (nothing would send queued writes): one statement now.
      const deliveries = await this.repo.emit(tx, event.type, WEBHOOK_EVENTS[event.type].version, memberId, data);
      for (const d of deliveries) await this.enqueue(tx, d, memberId);
      return;
    }
    this.gathering(tx).push({
      id: randomUUID(),
      type: event.type,
      version: WEBHOOK_EVENTS[event.type].version,
      member_id: memberId,
      payload: data,
    });
  }

  /**
   * The transaction's events not sent yet. The first event of a batch queues three writes —
   * events, deliveries, outbox rows — made when the transaction's queued writes are sent (deferSql),
   * so all its events share one INSERT each, in the order raised, with the till's one write.
   */
  private gathering(tx: EntityManager): PendingEvent[] {
    const open = this.batches.get(tx);
    if (open && !open.sent) return open.events;
    const batch = { events: [] as PendingEvent[], sent: false };
    this.batches.set(tx, batch);
    const take = () => {
      batch.sent = true; // an event raised after this starts the next batch
      return batch.events;
    };
    // Queued synchronously, in this order (events before the deliveries that reference them).
    this.repo.queueEvents(tx, take);
    this.outbox.addFromSelect(tx, () => this.repo.outboxRowsFor(take()));
    return batch.events;
  }

  /**
   * The event types some active endpoint subscribes to, cached for SUBSCRIPTIONS_FRESH_MS. An
   * endpoint change on this instance forgets the cache at once (`forgetSubscriptions`); other
   * instances see it within that time (like the programme's cache). Only "nobody subscribes" can
   * be stale — the emit statement itself still checks which endpoints are active.
   */
  private async subscribedTypes(tx: EntityManager): Promise<Set<string>> {
    // Read on the caller's connection (a second pool connection inside a transaction can deadlock the pool).
    return this.cachedSubscriptions(tx, 'loading');
  }

  /**
   * The cached set, or one read shared by the callers of the same kind: `loading` for reads on a
   * transaction's connection, `poolLoading` for reads on the pool (never shared with the former).
   */
  private cachedSubscriptions(db: EntityManager, slot: 'loading' | 'poolLoading'): Promise<Set<string>> {
    const cached = this.subscriptions;
    if (cached && Date.now() - cached.at < SUBSCRIPTIONS_FRESH_MS) return Promise.resolve(cached.types);
    const generationAtStart = this.generation;
    const inFlight = (this[slot] ??= this.repo
      .subscribedTypes(db)
      .then((types) => {
        const set = new Set(types);
        // A change made while this read was in flight forgot the cache again: keep it unset.
        if (this.generation === generationAtStart) this.subscriptions = { at: Date.now(), types: set };
        return set;
      })
      .finally(() => {
        if (this[slot] === inFlight) this[slot] = null;
      }));
    return inFlight;
  }

  /** Called after an endpoint was created, changed or deleted (committed). */
  forgetSubscriptions(): void {
    this.generation += 1;
    this.subscriptions = null;
    this.loading = null;
    this.poolLoading = null;
  }

  /**
   * Whether `type` has subscribers, from emit's cache — for a caller OUTSIDE any transaction that
   * may skip a transaction made only for the event (the lean coupon claim). A fresh read runs on
   * the pool and is shared only with other such callers: a transaction's emit never waits for it
   * (waiting for a pool connection while holding one can deadlock the pool).
   */
  async wants(db: DataSource, type: WebhookEventType): Promise<boolean> {
    return (await this.cachedSubscriptions(db.manager, 'poolLoading')).has(type);
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
