// The one way a campaign or an automation acts on a member, inside the caller's transaction:
// points and coupons through the rewards pipeline (idempotent on the member and `key`), a WeChat
// subscribe message by spending one of the member's counted grants (engagement/), and a message in
// the member's message centre for each. docs/campaigns.md.
import { Inject, Injectable } from '@nestjs/common';
import type { CampaignAction } from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { CouponTemplateRepository } from '../coupons/coupon-template.repository.js';
import { SubscriptionsService } from '../engagement/subscriptions.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RewardsService } from '../rewards/rewards.service.js';

export type ActionOutcome =
  { state: 'delivered'; points: number } | { state: 'no_quota' } | { state: 'ineligible'; reason: string };

/** Who acts: the points entry kind and coupon channel it is recorded under, and the message centre's words. */
export interface ActionSource {
  kind: 'campaign' | 'automation';
  /** The campaign's or automation's name, shown in the message centre. */
  title: string;
}

@Injectable()
export class CampaignActionsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly rewards: RewardsService,
    private readonly subscriptions: SubscriptionsService,
    private readonly notifications: NotificationsService,
    private readonly templates: CouponTemplateRepository,
  ) {}

  /**
   * What the action needs to exist before it is saved: a coupon action's template, offering the
   * source's channel (`campaign` / `automation`). Else 422 with `code`, naming action.templateId.
   */
  async checkTargets(
    action: CampaignAction,
    kind: ActionSource['kind'],
    code: 'INVALID_CAMPAIGN' | 'INVALID_AUTOMATION',
  ): Promise<void> {
    if (action.type !== 'coupon') return;
    const template = await this.templates.byId(this.db, action.templateId);
    if (!template)
      throw new DomainError(code, 'coupon template not found', [{ field: 'action.templateId', reason: 'not_found' }]);
    if (!template.channels.includes(kind))
      throw new DomainError(code, `the coupon template is not offered to the ${kind} channel`, [
        { field: 'action.templateId', reason: 'channel_not_offered' },
      ]);
  }

  /** Acts once per (member, key): a replayed key answers what the first did and gives nothing more. */
  async act(
    tx: EntityManager,
    memberId: string,
    action: CampaignAction,
    key: string,
    source: ActionSource,
    now: Date,
  ): Promise<ActionOutcome> {
    switch (action.type) {
      case 'points': {
        const r = await this.rewards.grant(
          tx,
          memberId,
          { kind: 'points', points: action.points, reason: source.kind },
          key,
          now,
        );
        if (r.status !== 'granted') return { state: 'ineligible', reason: r.reason };
        if (!r.replayed)
          await this.notify(
            tx,
            memberId,
            key,
            source,
            `${action.points} 积分已到账`,
            `「${source.title}」赠送您 ${action.points} 积分。`,
          );
        return { state: 'delivered', points: r.replayed ? 0 : action.points };
      }
      case 'coupon': {
        const r = await this.rewards.grant(
          tx,
          memberId,
          { kind: 'coupon', templateId: action.templateId, channel: source.kind },
          key,
          now,
        );
        if (r.status !== 'granted') return { state: 'ineligible', reason: r.reason };
        if (!r.replayed)
          await this.notify(tx, memberId, key, source, '优惠券已到账', `「${source.title}」送您一张优惠券，已放入您的券包。`);
        return { state: 'delivered', points: 0 };
      }
      case 'message': {
        const sent = await this.subscriptions.queueMessage(
          tx,
          memberId,
          { templateId: action.templateId, ...(action.page ? { page: action.page } : {}), data: action.data },
          key,
        );
        if (!sent) return { state: 'no_quota' };
        await this.notify(tx, memberId, key, source, source.title, Object.values(action.data).join(' · '));
        return { state: 'delivered', points: 0 };
      }
    }
  }

  private async notify(
    tx: EntityManager,
    memberId: string,
    key: string,
    source: ActionSource,
    title: string,
    body: string,
  ): Promise<void> {
    await this.notifications.queue(tx, { memberId, kind: source.kind, title, body, businessKey: key });
  }
}
