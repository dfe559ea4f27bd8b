// WeChat one-time subscribe messages (一次性订阅): counting grants per member and template, and
// the daily check-in reminder that spends them.
//
// Quota invariant: sends ≤ grants. A send is first CLAIMED by a conditional decrement
// (remaining > 0, not yet reminded today, not checked in today) and, in the same transaction, an
// outbox row `wechat.subscribe_message` is added: the claim and the message commit together or
// not at all. Two job runs (or two instances) racing for one member: one claim wins, the other
// updates nothing and adds nothing. The outbox relay then calls WeChat, outside any transaction.
//
// Delivery is at least once (docs/architecture.md, the outbox): a relay that crashes after
// WeChat accepted a message and before marking the row sends it again; the quota is spent once.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { toLocalDate, type ExportRow, type SubscribeRequest, type SubscriptionQuotaView } from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { inTransaction } from '../common/transaction.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { MembersService } from '../members/members.service.js';
import { OutboxService, type OutboxDelivery, type OutboxSettle } from '../outbox/outbox.service.js';
import type { WechatClient } from '../wechat/wechat.client.js';
import { WechatApiError } from '../wechat/wechat.errors.js';
import { WECHAT_CLIENT } from '../wechat/wechat.module.js';
import { EngagementSettingsService } from './engagement-settings.service.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';

/** WeChat: the user has no (remaining) subscription for this template. */
const NO_SUBSCRIPTION = 43101;
export const CHECKIN_PAGE = 'pages/checkin/index';
/** The outbox topic of a subscribe message whose send was claimed from the member's quota. */
export const SUBSCRIBE_MESSAGE_TOPIC = 'wechat.subscribe_message';

/** An outbox row of SUBSCRIBE_MESSAGE_TOPIC; the openid is looked up at delivery (an erased member gets nothing). */
export interface SubscribeMessagePayload {
  templateId: string;
  page?: string;
  data: Record<string, string>;
}

@Injectable()
export class SubscriptionsService implements OnModuleInit {
  private readonly logger = new Logger('Subscriptions');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
    private readonly repo: SubscriptionsRepository,
    private readonly programme: ProgrammeService,
    private readonly settings: EngagementSettingsService,
    private readonly members: MembersService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.register(SUBSCRIBE_MESSAGE_TOPIC, (m) => this.deliver(m));
  }

  /** One accepted prompt adds one send; a refused prompt changes nothing. */
  async record(memberId: string, req: SubscribeRequest): Promise<SubscriptionQuotaView> {
    const remaining = req.accepted
      ? await this.repo.addGrant(memberId, req.templateId)
      : await this.repo.remaining(memberId, req.templateId);
    return { templateId: req.templateId, remaining };
  }

  async quotas(memberId: string): Promise<SubscriptionQuotaView[]> {
    return this.repo.quotas(memberId);
  }

  /**
   * The daily check-in reminder: one message per active member who has a subscription left for
   * the reminder template and has not checked in today, queued in the outbox with its claim.
   * Safe to re-run the same day, concurrently too (a member is reminded at most once per local date).
   */
  async sendCheckInReminders(now = new Date()): Promise<{ queued: number }> {
    const out = { queued: 0 };
    const templateId = (await this.settings.checkIn()).reminderTemplateId;
    if (!templateId) return out;
    const today = toLocalDate(now, this.programme.settings.timezone);
    const due = await this.repo.dueForCheckInReminder(templateId, today);
    // Active members only, asked of the members module in slices.
    const active = new Set<string>();
    for (let i = 0; i < due.length; i += 1000) {
      for (const id of (await this.members.openidsOf(due.slice(i, i + 1000))).keys()) active.add(id);
    }
    for (const memberId of due) {
      if (!active.has(memberId)) continue;
      const queued = await inTransaction(this.db, async (tx) => {
        if (!(await this.repo.claimCheckInReminder(tx, memberId, templateId, today))) return false;
        const payload: SubscribeMessagePayload = {
          templateId,
          page: CHECKIN_PAGE,
          data: { thing1: '每日签到提醒', thing2: '今天还没签到，签到领积分' },
        };
        await this.outbox.add(tx, {
          topic: SUBSCRIBE_MESSAGE_TOPIC,
          memberId,
          payload,
          dedupeKey: `${SUBSCRIBE_MESSAGE_TOPIC}:checkin:${memberId}:${templateId}:${today}`,
        });
        return true;
      });
      if (queued) out.queued++;
    }
    if (out.queued > 0) this.logger.log(out, 'check-in reminders queued');
    return out;
  }

  /**
   * A message to one member from a campaign or an automation, in `tx`: one send of the member's
   * grants for the template is claimed and the message queued with it (the outbox sends it after
   * the commit). False, and nothing queued, when the member has no grant left. `key` makes a
   * retried caller queue nothing twice.
   */
  async queueMessage(tx: EntityManager, memberId: string, message: SubscribeMessagePayload, key: string): Promise<boolean> {
    if (!(await this.repo.claimSend(tx, memberId, message.templateId))) return false;
    const added = await this.outbox.add(tx, {
      topic: SUBSCRIBE_MESSAGE_TOPIC,
      memberId,
      payload: message,
      dedupeKey: `${SUBSCRIBE_MESSAGE_TOPIC}:${key}:${memberId}`,
    });
    // Callers decide each key once under a lock of their own, so a second row for a key is a bug:
    // throwing rolls the claim back with the caller's transaction.
    if (added === null) throw new Error(`subscribe message ${key} was queued before`);
    return true;
  }

  /**
   * The outbox handler: sends one claimed message. A definite WeChat refusal (WechatApiError)
   * gives the send back, exactly once, in the transaction that settles the row — or zeroes the
   * count on 43101. An unknown outcome (timeout, network) throws: the relay retries, the send
   * stays spent, so we never exceed the grants on our side.
   */
  private async deliver(message: OutboxDelivery): Promise<void | OutboxSettle> {
    const memberId = message.memberId!;
    const { templateId, page, data } = message.payload as SubscribeMessagePayload;
    const openid = (await this.members.openidsOf([memberId])).get(memberId);
    // Erased (its quota is gone with it) or no longer active since the claim: nothing to send.
    if (!openid) return (tx) => this.repo.giveBack(tx, memberId, templateId, null, false, new Date());
    try {
      await this.wechat.sendSubscribeMessage({ toUser: openid, templateId, ...(page ? { page } : {}), data });
      return undefined;
    } catch (err) {
      if (!(err instanceof WechatApiError)) throw err;
      const refused = err.errcode === NO_SUBSCRIPTION;
      this.logger.warn({ memberId, templateId, errcode: err.errcode }, 'subscribe message refused by WeChat');
      return (tx) => this.repo.giveBack(tx, memberId, templateId, err.errcode, refused, new Date());
    }
  }

  /** The member's subscribe-message grants, for GET /me/export. */
  async exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return this.repo.exportFor(tx, memberId);
  }

  /** Erasure: unspent grants go, so no message is ever sent to an erased member. */
  async forget(tx: EntityManager, memberId: string): Promise<void> {
    await this.repo.deleteFor(tx, memberId);
  }
}
