// A tier change: its history row and the member's notification, in the same transaction.
import { Injectable } from '@nestjs/common';
import { tierBenefits, type TierDefinition } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { NotificationsService } from '../notifications/notifications.service.js';
import { TierChangeRepository } from './tier-change.repository.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

export type TierChangeReason = 'growth' | 'review' | 'admin';

/** A tier change as listeners hear it, in the change's transaction (automations: tier_upgraded). */
export interface TierChangeEvent {
  memberId: string;
  changeId: string;
  from: string;
  to: string;
  up: boolean;
}
export type TierChangeListener = (tx: EntityManager, change: TierChangeEvent, now: Date) => Promise<void>;

@Injectable()
export class TierEventsService {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly changes: TierChangeRepository,
    private readonly webhooks: WebhookEventsService,
  ) {}

  private readonly listeners: TierChangeListener[] = [];

  /** Registered at start by modules that loyalty must not import (campaigns' automations). */
  onChange(listener: TierChangeListener): void {
    this.listeners.push(listener);
  }

  async recordChange(
    tx: EntityManager,
    memberId: string,
    from: TierDefinition,
    to: TierDefinition,
    reason: TierChangeReason,
    now = new Date(),
  ): Promise<void> {
    const changeId = await this.changes.insert(tx, memberId, from.code, to.code, reason);
    const up = to.growthThreshold > from.growthThreshold;
    await this.webhooks.emit(tx, {
      type: 'tier.changed',
      memberId,
      data: { memberId, changeId, from: from.code, to: to.code, reason, direction: up ? 'up' : 'down' },
    });
    await this.notifications.add(tx, {
      memberId,
      kind: up ? 'tier_upgrade' : 'tier_downgrade',
      title: up ? `恭喜升级为${to.name}` : `会员等级调整为${to.name}`,
      body: up
        ? `您已从${from.name}升级为${to.name}，可享${tierBenefits(to)
            .map((b) => b.title)
            .join('、')}。`
        : `根据年度保级规则，您的会员等级由${from.name}调整为${to.name}。继续消费即可再次升级。`,
      businessKey: `tier-change:${changeId}`,
    });
    const event = { memberId, changeId, from: from.code, to: to.code, up };
    for (const listener of this.listeners) await listener(tx, event, now);
  }
}
