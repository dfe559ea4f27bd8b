// The outbox handler of every webhook topic (`webhook.*`): loads the delivery, signs the event
// with the endpoint's secret(s), POSTs it and records the attempt. 2xx → the delivery is marked
// delivered in the outbox's settle transaction; anything else throws, and the outbox retries it
// with backoff for about a day (HUIYUAN_WEBHOOK_MAX_ATTEMPTS) before the row — and the
// delivery — are dead.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CryptoService } from '../common/crypto.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { OutboxService, type OutboxDelivery, type OutboxSettle } from '../outbox/outbox.service.js';
import { WebhookRepository, type SendRow } from './webhook.repository.js';
import { sendWebhook } from './webhook-sender.js';
import { signatureHeader } from './webhook-signature.js';

/** Backoff cap for webhook retries: an hour, as the outbox's default (documented, and kept explicit). */
const WEBHOOK_MAX_DELAY_MS = 3_600_000;

export const secretContext = (endpointId: string) => `webhook:${endpointId}`;

@Injectable()
export class WebhookDeliveryService implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: WebhookRepository,
    private readonly outbox: OutboxService,
    private readonly crypto: CryptoService,
  ) {}

  onModuleInit(): void {
    this.outbox.register('webhook.*', (m) => this.deliver(m), {
      maxAttempts: this.config.webhooks.maxAttempts,
      maxDelayMs: WEBHOOK_MAX_DELAY_MS,
      failed: (m, retryAt) => this.repo.markFailed(this.db, deliveryIdOf(m), retryAt),
    });
  }

  /** The secrets that sign now: the current one, and the previous one during its grace period. */
  secretsOf(
    row: Pick<SendRow, 'endpoint_id' | 'secret_cipher' | 'previous_secret_cipher' | 'previous_secret_expires_at'>,
    now: Date,
  ): string[] {
    const secrets = [this.crypto.decrypt(row.secret_cipher, secretContext(row.endpoint_id))];
    if (row.previous_secret_cipher && row.previous_secret_expires_at && row.previous_secret_expires_at > now)
      secrets.push(this.crypto.decrypt(row.previous_secret_cipher, secretContext(row.endpoint_id)));
    return secrets;
  }

  private async deliver(message: OutboxDelivery): Promise<void | OutboxSettle> {
    const id = deliveryIdOf(message);
    const row = await this.repo.forSend(this.db, id);
    // The endpoint was deleted (its deliveries went with it): nothing to send.
    if (!row) return;
    // Disabled: nothing is sent; the delivery says so (an admin may redeliver once it is active again).
    if (row.endpoint_status !== 'active') return (tx) => this.repo.markSkipped(tx, id);
    const body = JSON.stringify({
      id: row.event_id,
      type: row.type,
      createdAt: row.event_created_at.toISOString(),
      version: row.version,
      data: row.payload,
    });
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    const result = await sendWebhook(
      row.url,
      body,
      {
        'huiyuan-signature': signatureHeader(this.secretsOf(row, now), timestamp, body),
        'huiyuan-event-id': row.event_id,
        'huiyuan-event-type': row.type,
        'user-agent': 'Huiyuan-Webhooks/1',
      },
      { timeoutMs: this.config.webhooks.timeoutMs, policy: { strict: this.config.webhooks.strictUrls } },
    );
    const attempt = { code: result.status, latencyMs: result.latencyMs, error: result.error };
    if (result.error) {
      await this.repo.recordAttempt(this.db, id, attempt);
      throw new Error(result.error);
    }
    // Success: the attempt and the delivered mark in one statement, in the outbox's settle transaction.
    return (tx) => this.repo.markDelivered(tx, id, attempt, new Date());
  }
}

function deliveryIdOf(message: OutboxDelivery): string {
  const id = (message.payload as { deliveryId?: unknown } | null)?.deliveryId;
  if (typeof id !== 'string') throw new Error(`outbox row ${message.id} carries no webhook delivery id`);
  return id;
}
