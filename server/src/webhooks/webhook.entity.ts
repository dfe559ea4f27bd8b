// The webhook tables: endpoints (secrets encrypted at rest), the event log (one row per event,
// its id stable across retries) and one delivery per endpoint and event (the delivery log).
// Delivery itself runs through the outbox (docs/webhooks.md).
import type { WebhookDeliveryStatus, WebhookEndpointStatus } from '@huiyuan/shared';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('webhook_endpoint')
@Check('webhook_endpoint_status_known', `"status" IN ('active', 'disabled')`)
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  url: string;

  @Column('text', { array: true })
  events: string[];

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { default: 'active' })
  status: WebhookEndpointStatus;

  /** AES-256-GCM (CryptoService), the endpoint id as associated data. */
  @Column('bytea')
  secretCipher: Buffer;

  /** The secret before the last rotation: still signs until `previous_secret_expires_at`. */
  @Column('bytea', { nullable: true })
  previousSecretCipher: Buffer | null;

  @Column('timestamptz', { nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One event as raised (`WebhookEventsService.emit`); its id is the `Huiyuan-Event-Id` of every attempt. */
@Entity('webhook_event')
@Index('webhook_event_member_idx', ['memberId', 'createdAt'])
export class WebhookEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  type: string;

  @Column('integer')
  version: number;

  /** No foreign key: erasure must not wait on the event log (payloads hold no personal data). */
  @Column('uuid', { nullable: true })
  memberId: string | null;

  @Column('jsonb')
  payload: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One event to one endpoint: what the admin's delivery log shows. */
@Entity('webhook_delivery')
@Check('webhook_delivery_status_known', `"status" IN ('pending', 'retrying', 'delivered', 'dead', 'skipped')`)
// The delivery log of an endpoint, newest first (keyset).
@Index('webhook_delivery_endpoint_idx', ['endpointId', 'createdAt', 'id'])
@Index('webhook_delivery_event_idx', ['eventId'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  endpointId: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpoint;

  @Column('uuid')
  eventId: string;

  @ManyToOne(() => WebhookEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: WebhookEvent;

  @Column('text', { default: 'pending' })
  status: WebhookDeliveryStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('integer', { nullable: true })
  lastResponseCode: number | null;

  @Column('integer', { nullable: true })
  lastLatencyMs: number | null;

  @Column('timestamptz', { nullable: true })
  nextAttemptAt: Date | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;
}
