// All SQL of the webhooks module (webhook_endpoint, webhook_event, webhook_delivery). The outbox
// rows that carry deliveries are written through OutboxService, never here.
import { Injectable } from '@nestjs/common';
import type { WebhookDeliveryStatus, WebhookEndpointStatus } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { KeysetCursor } from '../common/pagination.js';
import { gatherWrite, queueWrite, returning, sql } from '../common/sql.js';

type Db = DataSource | EntityManager;

/** An event raised in a transaction, not sent yet (WebhookEventsService gathers them). */
export interface PendingEvent {
  id: string;
  type: string;
  version: number;
  member_id: string | null;
  payload: unknown;
}

/**
 * A delivery's id from its event's and endpoint's (t and e in the statements below), so the
 * delivery and its outbox row, written in one statement, agree on it: an md5 with the version-4 and
 * variant nibbles set, so it is a well-formed v4 UUID like every other id the API accepts.
 */
const DELIVERY_ID = `overlay(overlay(md5(t.id::text || e.id::text) placing '4' from 13) placing '8' from 17)::uuid`;

export interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  status: WebhookEndpointStatus;
  secret_cipher: Buffer;
  previous_secret_cipher: Buffer | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface EmittedDelivery {
  delivery_id: string;
  endpoint_id: string;
  event_id: string;
}

/** A delivery with its event and endpoint, as the sender needs it. */
export interface SendRow {
  id: string;
  status: WebhookDeliveryStatus;
  event_id: string;
  type: string;
  version: number;
  member_id: string | null;
  payload: Record<string, unknown>;
  event_created_at: Date;
  endpoint_id: string;
  url: string;
  endpoint_status: WebhookEndpointStatus;
  secret_cipher: Buffer;
  previous_secret_cipher: Buffer | null;
  previous_secret_expires_at: Date | null;
}

export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  member_id: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_response_code: number | null;
  last_latency_ms: number | null;
  next_attempt_at: Date | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const ENDPOINT_COLUMNS = `id, url, events, description, status, secret_cipher, previous_secret_cipher,
  previous_secret_expires_at, created_at, updated_at`;

const DELIVERY_COLUMNS = `d.id, d.endpoint_id, d.event_id, e.type AS event_type, e.member_id, d.status, d.attempts,
  d.last_response_code, d.last_latency_ms, d.next_attempt_at, d.last_error, d.created_at, d.delivered_at`;

@Injectable()
export class WebhookRepository {
  async insertEndpoint(
    tx: EntityManager,
    row: {
      id: string;
      url: string;
      events: string[];
      description: string | null;
      secretCipher: Buffer;
      createdBy: string | null;
    },
  ): Promise<EndpointRow> {
    const [inserted] = await returning<EndpointRow>(
      tx,
      `INSERT INTO webhook_endpoint (id, url, events, description, secret_cipher, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ENDPOINT_COLUMNS}`,
      [row.id, row.url, row.events, row.description, row.secretCipher, row.createdBy],
    );
    return inserted!;
  }

  /** The event types at least one active endpoint subscribes to. */
  async subscribedTypes(db: Db): Promise<string[]> {
    const rows = await sql<{ type: string }>(
      db,
      `SELECT DISTINCT unnest(events) AS type FROM webhook_endpoint WHERE status = 'active'`,
    );
    return rows.map((r) => r.type);
  }

  async endpoints(db: Db): Promise<EndpointRow[]> {
    return returning<EndpointRow>(db, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint ORDER BY created_at DESC, id DESC`, []);
  }

  async endpoint(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<EndpointRow | null> {
    const rows = await returning<EndpointRow>(
      db,
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoint WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async updateEndpoint(
    tx: EntityManager,
    id: string,
    patch: { url: string; events: string[]; description: string | null; status: WebhookEndpointStatus },
  ): Promise<EndpointRow> {
    const [row] = await returning<EndpointRow>(
      tx,
      `UPDATE webhook_endpoint SET url = $2, events = $3, description = $4, status = $5, updated_at = now()
        WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [id, patch.url, patch.events, patch.description, patch.status],
    );
    return row!;
  }

  /** The current secret becomes the previous one (signing until `previousExpiresAt`). */
  async rotateSecret(tx: EntityManager, id: string, secretCipher: Buffer, previousExpiresAt: Date): Promise<EndpointRow> {
    const [row] = await returning<EndpointRow>(
      tx,
      `UPDATE webhook_endpoint
          SET previous_secret_cipher = secret_cipher, previous_secret_expires_at = $3, secret_cipher = $2, updated_at = now()
        WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [id, secretCipher, previousExpiresAt],
    );
    return row!;
  }

  /** Deletes the endpoint and (cascade) its deliveries; its outbox rows then find nothing to send. */
  async deleteEndpoint(tx: EntityManager, id: string): Promise<boolean> {
    const rows = await returning<{ id: string }>(tx, `DELETE FROM webhook_endpoint WHERE id = $1 RETURNING id`, [id]);
    return rows.length > 0;
  }

  /**
   * A transaction's events (gathered while it ran, sent with its next round trip: queueWrite): the
   * event rows — only of types an active endpoint subscribes to — and a delivery per subscribed
   * active endpoint, whose id is derived from the event and endpoint ids so the outbox rows
   * (`outboxRowsFor`, the same statement) can name it.
   */
  queueEvents(tx: EntityManager, events: () => PendingEvent[]): void {
    queueWrite(tx, () => ({
      text: `INSERT INTO webhook_event (id, type, version, member_id, payload)
             SELECT t.id, t.type, t.version, t.member_id, t.payload
               FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, type text, version int, member_id uuid, payload jsonb)
              WHERE EXISTS (SELECT 1 FROM webhook_endpoint e WHERE e.status = 'active' AND t.type = ANY (e.events))`,
      values: [JSON.stringify(events())],
    }));
    queueWrite(tx, () => ({
      text: `INSERT INTO webhook_delivery (id, endpoint_id, event_id)
             SELECT ${DELIVERY_ID}, e.id, t.id
               FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id uuid, type text)) WITH ORDINALITY AS t(id, type, n)
               JOIN webhook_endpoint e ON e.status = 'active' AND t.type = ANY (e.events)
              ORDER BY t.n, e.id`,
      values: [JSON.stringify(events())],
    }));
  }

  /** (topic, member_id, payload) of the outbox row of each delivery `deferEvents` makes, in event order. */
  outboxRowsFor(events: PendingEvent[]): { text: string; values: unknown[] } {
    return {
      text: `SELECT 'webhook.e' || replace(e.id::text, '-', ''), t.member_id, jsonb_build_object('deliveryId', ${DELIVERY_ID})
               FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (id uuid, type text, member_id uuid)) WITH ORDINALITY AS t(id, type, member_id, n)
               JOIN webhook_endpoint e ON e.status = 'active' AND t.type = ANY (e.events)
              ORDER BY t.n, e.id`,
      values: [JSON.stringify(events)],
    };
  }

  /** The same in one statement now, for a caller outside inTransaction: the deliveries made. */
  async emit(db: Db, type: string, version: number, memberId: string | null, payload: unknown): Promise<EmittedDelivery[]> {
    return sql<EmittedDelivery>(
      db,
      `WITH eps AS (SELECT id FROM webhook_endpoint WHERE status = 'active' AND $1 = ANY (events)),
            ev AS (INSERT INTO webhook_event (type, version, member_id, payload)
                   SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM eps) RETURNING id),
            d AS (INSERT INTO webhook_delivery (endpoint_id, event_id)
                  SELECT eps.id, ev.id FROM eps CROSS JOIN ev RETURNING id, endpoint_id, event_id)
       SELECT id AS delivery_id, endpoint_id, event_id FROM d`,
      [type, version, memberId, JSON.stringify(payload)],
    );
  }

  async subscribed(db: Pick<EntityManager, 'query'>, type: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `SELECT 1 FROM webhook_endpoint WHERE status = 'active' AND $1 = ANY (events) LIMIT 1`,
      [type],
    );
    return rows.length > 0;
  }

  /** An event for one endpoint only (the admin's test event), whatever it subscribes to. */
  async emitTo(tx: EntityManager, endpointId: string, type: string, version: number, payload: unknown): Promise<EmittedDelivery> {
    const [row] = await returning<EmittedDelivery>(
      tx,
      `WITH ev AS (INSERT INTO webhook_event (type, version, member_id, payload) VALUES ($2, $3, NULL, $4) RETURNING id),
            d AS (INSERT INTO webhook_delivery (endpoint_id, event_id) SELECT $1, ev.id FROM ev RETURNING id, endpoint_id, event_id)
       SELECT id AS delivery_id, endpoint_id, event_id FROM d`,
      [endpointId, type, version, JSON.stringify(payload)],
    );
    return row!;
  }

  async forSend(db: Db, deliveryId: string): Promise<SendRow | null> {
    return (await this.forSendMany(db, [deliveryId])).get(deliveryId) ?? null;
  }

  /** The deliveries of a claimed batch in one SELECT, by id (a deleted endpoint's are missing). */
  async forSendMany(db: Db, deliveryIds: string[]): Promise<Map<string, SendRow>> {
    if (deliveryIds.length === 0) return new Map();
    const rows = await sql<SendRow>(
      db,
      `SELECT d.id, d.status, e.id AS event_id, e.type, e.version, e.member_id, e.payload, e.created_at AS event_created_at,
              p.id AS endpoint_id, p.url, p.status AS endpoint_status, p.secret_cipher, p.previous_secret_cipher,
              p.previous_secret_expires_at
         FROM webhook_delivery d
         JOIN webhook_event e ON e.id = d.event_id
         JOIN webhook_endpoint p ON p.id = d.endpoint_id
        WHERE d.id = ANY ($1::uuid[])`,
      [deliveryIds],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** One attempt's outcome (before the outbox settles it). */
  async recordAttempt(db: Db, id: string, a: { code: number | null; latencyMs: number; error: string | null }): Promise<void> {
    await sql(
      db,
      `UPDATE webhook_delivery SET attempts = attempts + 1, last_response_code = $2, last_latency_ms = $3, last_error = $4
        WHERE id = $1`,
      [id, a.code, a.latencyMs, a.error?.slice(0, 1000) ?? null],
    );
  }

  /** A successful attempt: counted, and the delivery delivered. */
  /** Gathered (gatherWrite): the relay settles a claimed batch in one transaction, and its marks in one UPDATE. */
  async markDelivered(tx: EntityManager, id: string, a: { code: number | null; latencyMs: number }, now: Date): Promise<void> {
    await gatherWrite(tx, 'webhook_delivery.delivered', { id, at: now.toISOString(), code: a.code, ms: a.latencyMs }, (rows) => ({
      text: `UPDATE webhook_delivery d
                SET status = 'delivered', delivered_at = r.at, next_attempt_at = NULL, last_error = NULL,
                    attempts = d.attempts + 1, last_response_code = r.code, last_latency_ms = r.ms
               FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, at timestamptz, code int, ms int)
              WHERE d.id = r.id`,
      values: [JSON.stringify(rows)],
    }));
  }

  async markSkipped(tx: EntityManager, id: string): Promise<void> {
    await sql(
      tx,
      `UPDATE webhook_delivery SET status = 'skipped', next_attempt_at = NULL WHERE id = $1 AND status <> 'delivered'`,
      [id],
    );
  }

  /** After a failed attempt: retrying at `retryAt`, or dead (null). A delivered row stays delivered. */
  async markFailed(db: Db, id: string, retryAt: Date | null): Promise<void> {
    await sql(
      db,
      `UPDATE webhook_delivery SET status = CASE WHEN $2::timestamptz IS NULL THEN 'dead' ELSE 'retrying' END, next_attempt_at = $2
        WHERE id = $1 AND status <> 'delivered'`,
      [id, retryAt],
    );
  }

  /** Queued again by an admin (redeliver). */
  async requeue(tx: EntityManager, id: string): Promise<void> {
    await sql(tx, `UPDATE webhook_delivery SET status = 'pending', next_attempt_at = now(), delivered_at = NULL WHERE id = $1`, [
      id,
    ]);
  }

  async delivery(db: Db, id: string): Promise<DeliveryRow | null> {
    const rows = await returning<DeliveryRow>(
      db,
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id WHERE d.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** An endpoint's deliveries, newest first, after the keyset cursor. */
  async deliveries(db: Db, endpointId: string, after: KeysetCursor | null, limit: number): Promise<DeliveryRow[]> {
    return returning<DeliveryRow>(
      db,
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
        WHERE d.endpoint_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2::timestamptz, $3::uuid))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $4`,
      [endpointId, after?.t ?? null, after?.id ?? null, limit],
    );
  }
}
