// Effects that must follow a commit: `add(tx, …)` writes an outbox row in the caller's transaction;
// feature modules `register(topic, handler)` in onModuleInit; the relay (outbox.relay.ts) delivers.
// Delivery is at least once: a handler may see a message again (a relay crashed between the
// handler and the mark, or a lease ran out), so handlers are idempotent or tolerate a repeat.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxRepository } from './outbox.repository.js';
import type { DeferredBuild } from '../common/sql.js';

export interface OutboxMessageInput {
  /** `area.what` (`wechat.subscribe_message`); one handler per topic. */
  topic: string;
  /** The member it concerns: that member's rows of this topic are delivered one at a time, in order. */
  memberId?: string | null;
  /** JSON; what the handler needs (no personal data it can look up at delivery). */
  payload: unknown;
  /** A retried caller with the same key adds nothing (unique across topics: prefix it with the topic). */
  dedupeKey?: string | null;
  /**
   * false: no NOTIFY — the relay's poll picks the row up (within POLL_MS). For rows added on the
   * till's hot path: a transaction that NOTIFYs takes a database-wide lock at commit, so notifying
   * commits run one at a time (docs/webhooks.md, "Figures").
   */
  notify?: boolean;
}

/** One delivery attempt of a row, as its handler sees it. */
export interface OutboxDelivery {
  id: string;
  topic: string;
  memberId: string | null;
  payload: unknown;
  /** This attempt's number (1 = first). */
  attempts: number;
}

/**
 * Database work that must happen exactly once with the delivery (a quota given back): the relay
 * runs it in the transaction that marks the row delivered, and only if its claim still holds.
 */
export type OutboxSettle = (tx: EntityManager) => Promise<void>;

/** Resolves → delivered (after its settle, if any). Throws → retried with backoff, dead after N attempts. */
export type OutboxHandler = (message: OutboxDelivery) => Promise<void | OutboxSettle>;

/** What became of one message of a batch: sent (settle it, with its settle work, if any), or failed. */
export type OutboxOutcome = { settle: OutboxSettle | null } | { error: unknown };

/**
 * A handler of a claimed batch's messages of its topic(s) at once (one load for all of them, say):
 * resolves with one outcome per message, in the order given. Each message's outcome is its own: a
 * failed one is retried alone, the others are settled. Throwing fails every message of the call.
 */
export type OutboxBatchHandler = (messages: OutboxDelivery[]) => Promise<OutboxOutcome[]>;

/**
 * A topic's retry policy (defaults: HUIYUAN_OUTBOX_MAX_ATTEMPTS, the backoff cap of backoff.ts).
 * `failed` hears of every failed attempt once recorded: when it is due again, or null when dead.
 */
export interface OutboxTopicPolicy {
  maxAttempts?: number;
  maxDelayMs?: number;
  failed?: (message: OutboxDelivery, retryAt: Date | null, error: string) => Promise<void>;
}

interface Registration {
  batch: OutboxBatchHandler;
  policy: OutboxTopicPolicy;
}

@Injectable()
export class OutboxService {
  private readonly handlers = new Map<string, Registration>();

  constructor(private readonly repo: OutboxRepository) {}

  /** Adds a message in `tx`; returns its id, or null when `dedupeKey` was added before. */
  async add(tx: EntityManager, message: OutboxMessageInput): Promise<string | null> {
    if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(message.topic))
      throw new Error(`outbox topic "${message.topic}" is not area.what`);
    return this.repo.insert(tx, {
      topic: message.topic,
      memberId: message.memberId ?? null,
      payload: message.payload ?? null,
      dedupeKey: message.dedupeKey ?? null,
      notify: message.notify ?? true,
    });
  }

  /**
   * Messages from a SELECT of (topic, member_id, payload) the caller builds when the transaction's
   * queued writes are sent (`queueWrite`, inside inTransaction only): many rows in one INSERT, in the SELECT's order, with the
   * caller's next round trip. Topics are the caller's to keep to `area.what`.
   */
  addFromSelect(tx: EntityManager, select: DeferredBuild): void {
    this.repo.queueInsertSelect(tx, select);
  }

  /**
   * One handler per topic. A topic ending in `.*` (`webhook.*`) is a family: it handles every
   * topic `webhook.<anything>` that has no handler of its own (one topic per webhook endpoint, so
   * each endpoint keeps its own per-member order).
   */
  register(topic: string, handler: OutboxHandler, policy: OutboxTopicPolicy = {}): void {
    const one = (m: OutboxDelivery): Promise<OutboxOutcome> =>
      Promise.resolve()
        .then(() => handler(m))
        .then(
          (settle) => ({ settle: settle ?? null }),
          (error: unknown) => ({ error }),
        );
    this.registerBatch(topic, (messages) => Promise.all(messages.map(one)), policy);
  }

  /**
   * As `register`, with a handler that gets all of a claimed batch's messages of the topic (or the
   * family) in one call. A batch never holds two messages of one member and topic.
   */
  registerBatch(topic: string, batch: OutboxBatchHandler, policy: OutboxTopicPolicy = {}): void {
    if (this.handlers.has(topic)) throw new Error(`outbox topic ${topic} has a handler already`);
    this.handlers.set(topic, { batch, policy });
  }

  /** The batch handler of the topic (the same function for every topic of a family), if any. */
  batchHandlerFor(topic: string): OutboxBatchHandler | undefined {
    return this.registrationFor(topic)?.batch;
  }

  policyFor(topic: string): OutboxTopicPolicy {
    return this.registrationFor(topic)?.policy ?? {};
  }

  private registrationFor(topic: string): Registration | undefined {
    const exact = this.handlers.get(topic);
    if (exact) return exact;
    const dot = topic.indexOf('.');
    return dot > 0 ? this.handlers.get(`${topic.slice(0, dot)}.*`) : undefined;
  }
}
