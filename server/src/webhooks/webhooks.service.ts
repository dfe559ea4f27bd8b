// Webhook endpoints for admins: create (secret shown once), list, edit, disable, rotate the secret
// (the old one keeps signing for a grace period), delete; a test event; the delivery log and
// redelivery. Every write is audited in its transaction. docs/webhooks.md.
import { randomBytes, randomUUID } from 'node:crypto';
import dns from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import {
  WEBHOOK_TEST_EVENT,
  isIpLiteral,
  webhookAddressProblem,
  webhookUrlProblem,
  type CreateWebhookRequest,
  type Page,
  type UpdateWebhookRequest,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookEventType,
  type WebhookSecretView,
} from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { CryptoService } from '../common/crypto.service.js';
import { DomainError } from '../common/domain-error.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { inTransaction } from '../common/transaction.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { secretContext } from './webhook-delivery.service.js';
import { WebhookEventsService } from './webhook-events.service.js';
import { WebhookRepository, type DeliveryRow, type EndpointRow } from './webhook.repository.js';

function view(row: EndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEventType[],
    description: row.description,
    status: row.status,
    previousSecretExpiresAt: row.previous_secret_expires_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function deliveryView(d: DeliveryRow): WebhookDeliveryView {
  return {
    id: d.id,
    eventId: d.event_id,
    eventType: d.event_type,
    memberId: d.member_id,
    status: d.status,
    attempts: d.attempts,
    lastResponseCode: d.last_response_code,
    latencyMs: d.last_latency_ms,
    nextAttemptAt: d.next_attempt_at?.toISOString() ?? null,
    lastError: d.last_error,
    createdAt: d.created_at.toISOString(),
    deliveredAt: d.delivered_at?.toISOString() ?? null,
  };
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;
const unique = <T>(xs: T[]) => [...new Set(xs)];

/** What a create's transaction returns (and an Idempotency-Key replay stores): the secret stays encrypted. */
interface Created {
  view: WebhookEndpointView;
  secretCipher: string;
}

@Injectable()
export class WebhooksService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: WebhookRepository,
    private readonly events: WebhookEventsService,
    private readonly crypto: CryptoService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: StaffPrincipal, req: CreateWebhookRequest): Promise<WebhookSecretView> {
    const url = await this.checkedUrl(req.url);
    const id = randomUUID();
    const created = await inTransaction(this.db, async (tx): Promise<Created> => {
      const secretCipher = this.crypto.encrypt(newSecret(), secretContext(id));
      const row = await this.repo.insertEndpoint(tx, {
        id,
        url,
        events: unique(req.events),
        description: req.description ?? null,
        secretCipher,
        createdBy: actor.id,
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'webhook.create',
        targetType: 'webhook_endpoint',
        targetId: row.id,
        details: { events: row.events },
      });
      return { view: view(row), secretCipher: secretCipher.toString('base64') };
    });
    this.events.forgetSubscriptions();
    // A replay (same Idempotency-Key) stored the cipher, never the secret; decrypt for this answer only.
    const secret = this.crypto.decrypt(Buffer.from(created.secretCipher, 'base64'), secretContext(created.view.id));
    return { ...created.view, secret };
  }

  async list(): Promise<WebhookEndpointView[]> {
    return (await this.repo.endpoints(this.db)).map(view);
  }

  async update(actor: StaffPrincipal, id: string, patch: UpdateWebhookRequest): Promise<WebhookEndpointView> {
    const url = patch.url !== undefined ? await this.checkedUrl(patch.url) : undefined;
    const updated = await inTransaction(this.db, async (tx) => {
      const current = await this.repo.endpoint(tx, id, { forUpdate: true });
      if (!current) throw DomainError.notFound('webhook');
      const row = await this.repo.updateEndpoint(tx, id, {
        url: url ?? current.url,
        events: patch.events ? unique(patch.events) : current.events,
        description: patch.description !== undefined ? patch.description : current.description,
        status: patch.status ?? current.status,
      });
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'webhook.update',
        targetType: 'webhook_endpoint',
        targetId: id,
        details: { fields: Object.keys(patch), status: row.status },
      });
      return view(row);
    });
    this.events.forgetSubscriptions();
    return updated;
  }

  async remove(actor: StaffPrincipal, id: string): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      if (!(await this.repo.deleteEndpoint(tx, id))) throw DomainError.notFound('webhook');
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'webhook.delete',
        targetType: 'webhook_endpoint',
        targetId: id,
      });
    });
    this.events.forgetSubscriptions();
  }

  /** A new secret; the old one keeps signing (a second `v1=`) for HUIYUAN_WEBHOOK_SECRET_GRACE_HOURS. */
  async rotateSecret(actor: StaffPrincipal, id: string, now = new Date()): Promise<WebhookSecretView> {
    const secret = newSecret();
    const row = await inTransaction(this.db, async (tx) => {
      const current = await this.repo.endpoint(tx, id, { forUpdate: true });
      if (!current) throw DomainError.notFound('webhook');
      const expires = new Date(now.getTime() + this.config.webhooks.secretGraceMs);
      const rotated = await this.repo.rotateSecret(tx, id, this.crypto.encrypt(secret, secretContext(id)), expires);
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'webhook.rotate_secret',
        targetType: 'webhook_endpoint',
        targetId: id,
        details: { previousSecretExpiresAt: expires.toISOString() },
      });
      return rotated;
    });
    return { ...view(row), secret };
  }

  /** Queues a `webhook.test` event to this endpoint only (sent even if it subscribes to nothing else). */
  async test(actor: StaffPrincipal, id: string): Promise<{ eventId: string; deliveryId: string }> {
    return inTransaction(this.db, async (tx) => {
      const endpoint = await this.repo.endpoint(tx, id);
      if (!endpoint) throw DomainError.notFound('webhook');
      const d = await this.repo.emitTo(tx, id, WEBHOOK_TEST_EVENT, 1, { endpointId: id, message: 'Huiyuan webhook test' });
      await this.events.enqueue(tx, d, null);
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'webhook.test',
        targetType: 'webhook_endpoint',
        targetId: id,
      });
      return { eventId: d.event_id, deliveryId: d.delivery_id };
    });
  }

  async deliveries(id: string, cursor: string | undefined, limit = 20): Promise<Page<WebhookDeliveryView>> {
    if (!(await this.repo.endpoint(this.db, id))) throw DomainError.notFound('webhook');
    const after = cursor ? decodeCursor(cursor) : null;
    const rows = await this.repo.deliveries(this.db, id, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(deliveryView),
      nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /** Sends the delivery's event again (same event id), after the member's events queued so far. */
  async redeliver(actor: StaffPrincipal, deliveryId: string): Promise<WebhookDeliveryView> {
    return inTransaction(this.db, async (tx) => {
      const d = await this.repo.delivery(tx, deliveryId);
      if (!d) throw DomainError.notFound('webhook delivery');
      await this.repo.requeue(tx, deliveryId);
      await this.events.enqueue(tx, { delivery_id: d.id, endpoint_id: d.endpoint_id, event_id: d.event_id }, d.member_id);
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: 'webhook.redeliver',
        targetType: 'webhook_delivery',
        targetId: deliveryId,
        details: { endpointId: d.endpoint_id, eventId: d.event_id },
      });
      return deliveryView((await this.repo.delivery(tx, deliveryId))!);
    });
  }

  /** The URL policy at create/edit: the URL itself, then every address its host resolves to now. */
  private async checkedUrl(raw: string): Promise<string> {
    const url = raw.trim();
    const policy = { strict: this.config.webhooks.strictUrls };
    const problem = webhookUrlProblem(url, policy);
    if (problem) throw DomainError.validation(`url: ${problem}`, [{ field: 'url', messages: [problem] }]);
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (isIpLiteral(host)) return url;
    let addresses: { address: string }[];
    try {
      addresses = await dns.lookup(host, { all: true });
    } catch {
      throw DomainError.validation(`url: ${host} does not resolve`, [{ field: 'url', messages: [`${host} does not resolve`] }]);
    }
    const refused = addresses.map((a) => webhookAddressProblem(a.address, policy)).find((p) => p !== null);
    if (refused) throw DomainError.validation(`url: ${refused}`, [{ field: 'url', messages: [refused] }]);
    return url;
  }
}
