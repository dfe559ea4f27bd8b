// The outbox handler of every webhook topic (`webhook.*`): gets a claimed batch's deliveries at
// once, loads them (event, endpoint, secrets) in ONE SELECT, signs each event with its endpoint's
// secret(s), POSTs them concurrently and records each attempt. 2xx → the delivery is marked
// delivered in the outbox's settle transaction (the batch's marks gathered into one UPDATE);
// anything else fails that delivery alone, and the outbox retries it with backoff for about a day
// (HUIYUAN_WEBHOOK_MAX_ATTEMPTS) before the row — and the delivery — are dead. A batch never holds
// two deliveries of one member to one endpoint (the outbox's claim), so concurrent sends keep
// each member's order per endpoint.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CryptoService } from '../common/crypto.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { OutboxService, type OutboxDelivery, type OutboxOutcome } from '../outbox/outbox.service.js';
import { WebhookRepository, type SendRow } from './webhook.repository.js';
import { sendWebhook } from './webhook-sender.js';
import { signatureHeader } from './webhook-signature.js';

/** Backoff cap for webhook retries: an hour, as the outbox's default (documented, and kept explicit). */
const WEBHOOK_MAX_DELAY_MS = 3_600_000;
/** Endpoints whose signing keys are kept decrypted (a deleted endpoint's entry is dropped on overflow). */
const KEY_CACHE_MAX = 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const secretContext = (endpointId: string) => `webhook:${endpointId}`;

type SecretsRow = Pick<SendRow, 'endpoint_id' | 'secret_cipher' | 'previous_secret_cipher' | 'previous_secret_expires_at'>;

/** An endpoint's signing keys, valid while its stored ciphertexts are these (a rotation changes them). */
interface CachedKeys {
  cipher: Buffer;
  key: KeyObject;
  previousCipher: Buffer | null;
  previousKey: KeyObject | null;
}

@Injectable()
export class WebhookDeliveryService implements OnModuleInit {
  private readonly keys = new Map<string, CachedKeys>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: WebhookRepository,
    private readonly outbox: OutboxService,
    private readonly crypto: CryptoService,
  ) {}

  onModuleInit(): void {
    this.outbox.registerBatch('webhook.*', (messages) => this.deliverAll(messages), {
      maxAttempts: this.config.webhooks.maxAttempts,
      maxDelayMs: WEBHOOK_MAX_DELAY_MS,
      failed: (m, retryAt) => this.repo.markFailed(this.db, deliveryIdOf(m), retryAt),
    });
  }

  /**
   * The keys that sign now — the current secret, and the previous one during its grace period —
   * as key objects, decrypted once per endpoint and secret: the cache entry holds while the row's
   * ciphertexts are the ones it was made from (a rotation, on any instance, changes them).
   */
  signingKeysOf(row: SecretsRow, now: Date): KeyObject[] {
    let cached = this.keys.get(row.endpoint_id);
    const previousCipher = row.previous_secret_cipher ?? null;
    if (
      !cached ||
      !cached.cipher.equals(row.secret_cipher) ||
      (cached.previousCipher === null) !== (previousCipher === null) ||
      (previousCipher !== null && !cached.previousCipher!.equals(previousCipher))
    ) {
      const context = secretContext(row.endpoint_id);
      cached = {
        cipher: Buffer.from(row.secret_cipher),
        key: createSecretKey(Buffer.from(this.crypto.decrypt(row.secret_cipher, context), 'utf8')),
        previousCipher: previousCipher && Buffer.from(previousCipher),
        previousKey: previousCipher && createSecretKey(Buffer.from(this.crypto.decrypt(previousCipher, context), 'utf8')),
      };
      if (this.keys.size >= KEY_CACHE_MAX) this.keys.clear();
      this.keys.set(row.endpoint_id, cached);
    }
    const inGrace = cached.previousKey && row.previous_secret_expires_at && row.previous_secret_expires_at > now;
    return inGrace ? [cached.key, cached.previousKey!] : [cached.key];
  }

  /** A claimed batch: one SELECT for all its deliveries, then each sent (concurrently) and judged alone. */
  private async deliverAll(messages: OutboxDelivery[]): Promise<OutboxOutcome[]> {
    const ids = messages.map((m) => {
      try {
        return deliveryIdOf(m);
      } catch (error) {
        return error as Error;
      }
    });
    const rows = await this.repo.forSendMany(
      this.db,
      ids.filter((id): id is string => typeof id === 'string'),
    );
    // One body per event (an event going to several endpoints is serialised once).
    const bodies = new Map<string, string>();
    return Promise.all(
      ids.map(async (id): Promise<OutboxOutcome> => {
        if (typeof id !== 'string') return { error: id };
        try {
          return await this.deliver(id, rows.get(id) ?? null, bodies);
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  private async deliver(id: string, row: SendRow | null, bodies: Map<string, string>): Promise<OutboxOutcome> {
    // The endpoint was deleted (its deliveries went with it): nothing to send.
    if (!row) return { settle: null };
    // Disabled: nothing is sent; the delivery says so (an admin may redeliver once it is active again).
    if (row.endpoint_status !== 'active') return { settle: (tx) => this.repo.markSkipped(tx, id) };
    let body = bodies.get(row.event_id);
    if (body === undefined) {
      body = JSON.stringify({
        id: row.event_id,
        type: row.type,
        createdAt: row.event_created_at.toISOString(),
        version: row.version,
        data: row.payload,
      });
      bodies.set(row.event_id, body);
    }
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    const result = await sendWebhook(
      row.url,
      body,
      {
        'huiyuan-signature': signatureHeader(this.signingKeysOf(row, now), timestamp, body),
        'huiyuan-event-id': row.event_id,
        'huiyuan-event-type': row.type,
        'user-agent': 'Huiyuan-Webhooks/1',
      },
      { timeoutMs: this.config.webhooks.timeoutMs, policy: { strict: this.config.webhooks.strictUrls } },
    );
    const attempt = { code: result.status, latencyMs: result.latencyMs, error: result.error };
    if (result.error) {
      await this.repo.recordAttempt(this.db, id, attempt);
      return { error: new Error(result.error) };
    }
    // Success: the attempt and the delivered mark in one statement, in the outbox's settle transaction.
    return { settle: (tx) => this.repo.markDelivered(tx, id, attempt, new Date()) };
  }
}

function deliveryIdOf(message: OutboxDelivery): string {
  const id = (message.payload as { deliveryId?: unknown } | null)?.deliveryId;
  if (typeof id !== 'string' || !UUID.test(id)) throw new Error(`outbox row ${message.id} carries no webhook delivery id`);
  return id;
}
