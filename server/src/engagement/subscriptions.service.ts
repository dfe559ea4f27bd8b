// WeChat one-time subscribe messages (一次性订阅): counting grants per member and template, and
// the daily check-in reminder that spends them.
//
// Quota invariant: sends ≤ grants. A send is first CLAIMED by a conditional decrement
// (remaining > 0, not yet reminded today, not checked in today) in its own statement; only the
// request that claimed it calls WeChat, and that call happens outside any transaction. Two job
// runs (or two instances) racing for one member: one claim wins, the other updates nothing.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { toLocalDate, type ExportRow, type SubscribeRequest, type SubscriptionQuotaView } from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import { returning } from '../common/sql.js';
import { ProgrammeService } from '../loyalty/programme.service.js';
import type { WechatClient } from '../wechat/wechat.client.js';
import { WechatApiError } from '../wechat/wechat.errors.js';
import { WECHAT_CLIENT } from '../wechat/wechat.module.js';
import { EngagementSettingsService } from './engagement-settings.service.js';

/** WeChat: the user has no (remaining) subscription for this template. */
const NO_SUBSCRIPTION = 43101;
export const CHECKIN_PAGE = 'pages/checkin/index';

@Injectable()
export class SubscriptionsService {
  private readonly logger = new Logger('Subscriptions');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
    private readonly programme: ProgrammeService,
    private readonly settings: EngagementSettingsService,
  ) {}

  /** One accepted prompt adds one send; a refused prompt changes nothing. */
  async record(memberId: string, req: SubscribeRequest): Promise<SubscriptionQuotaView> {
    if (!req.accepted) {
      const rows: { remaining: number }[] = await this.db.query(
        'SELECT remaining FROM subscribe_quota WHERE member_id = $1 AND template_id = $2',
        [memberId, req.templateId],
      );
      return { templateId: req.templateId, remaining: rows[0]?.remaining ?? 0 };
    }
    const [row] = await returning<{ remaining: number }>(
      this.db,
      `INSERT INTO subscribe_quota (member_id, template_id, granted, remaining) VALUES ($1, $2, 1, 1)
       ON CONFLICT (member_id, template_id) DO UPDATE
         SET granted = subscribe_quota.granted + 1, remaining = subscribe_quota.remaining + 1, updated_at = now()
       RETURNING remaining`,
      [memberId, req.templateId],
    );
    return { templateId: req.templateId, remaining: row!.remaining };
  }

  async quotas(memberId: string): Promise<SubscriptionQuotaView[]> {
    const rows: { template_id: string; remaining: number }[] = await this.db.query(
      'SELECT template_id, remaining FROM subscribe_quota WHERE member_id = $1 ORDER BY template_id',
      [memberId],
    );
    return rows.map((r) => ({ templateId: r.template_id, remaining: r.remaining }));
  }

  /**
   * The daily check-in reminder: one message per member who has a subscription left for the
   * reminder template and has not checked in today. Safe to re-run the same day (a member is
   * reminded at most once per local date). 43101 from WeChat means our count was stale: the
   * quota is zeroed and the error recorded.
   */
  async sendCheckInReminders(now = new Date()): Promise<{ sent: number; refused: number; failed: number }> {
    const out = { sent: 0, refused: 0, failed: 0 };
    const templateId = (await this.settings.checkIn()).reminderTemplateId;
    if (!templateId) return out;
    const today = toLocalDate(now, this.programme.settings.timezone);
    const due: { member_id: string; openid: string }[] = await this.db.query(
      `SELECT q.member_id, m.openid FROM subscribe_quota q JOIN member m ON m.id = q.member_id
        WHERE q.template_id = $1 AND q.remaining > 0 AND (q.last_sent_on IS NULL OR q.last_sent_on < $2)
          AND m.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.member_id = q.member_id AND c.date = $2)
        ORDER BY q.member_id`,
      [templateId, today],
    );
    for (const { member_id: memberId, openid } of due) {
      // The claim: guarded decrement, re-checking everything the selection checked.
      const claimed = await returning<{ remaining: number }>(
        this.db,
        `UPDATE subscribe_quota SET remaining = remaining - 1, sent = sent + 1, last_sent_on = $3, updated_at = now()
          WHERE member_id = $1 AND template_id = $2 AND remaining > 0 AND (last_sent_on IS NULL OR last_sent_on < $3)
            AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.member_id = $1 AND c.date = $3)
          RETURNING remaining`,
        [memberId, templateId, today],
      );
      if (claimed.length === 0) continue;
      try {
        await this.wechat.sendSubscribeMessage({
          toUser: openid,
          templateId,
          page: CHECKIN_PAGE,
          data: { thing1: '每日签到提醒', thing2: '今天还没签到，签到领积分' },
        });
        out.sent++;
      } catch (err) {
        if (err instanceof WechatApiError) {
          // WeChat definitely did not deliver: give the claimed send back, unless WeChat says
          // there is no subscription left at all (43101), in which case our count was wrong.
          const refused = err.errcode === NO_SUBSCRIPTION;
          await this.db.query(
            `UPDATE subscribe_quota SET sent = sent - 1, remaining = ${refused ? '0' : 'remaining + 1'},
                    last_errcode = $3, last_error_at = $4, updated_at = now()
              WHERE member_id = $1 AND template_id = $2`,
            [memberId, templateId, err.errcode, now],
          );
          if (refused) out.refused++;
          else out.failed++;
        } else {
          // Unknown outcome (timeout, network): the send stays spent, so we never risk exceeding the grants.
          await this.db.query(
            'UPDATE subscribe_quota SET last_errcode = NULL, last_error_at = $3 WHERE member_id = $1 AND template_id = $2',
            [memberId, templateId, now],
          );
          out.failed++;
        }
      }
    }
    if (out.sent + out.refused + out.failed > 0) this.logger.log(out, 'check-in reminders');
    return out;
  }

  /** The member's subscribe-message grants, for GET /me/export. */
  async exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(tx, 'SELECT * FROM subscribe_quota WHERE member_id = $1 ORDER BY template_id', [memberId]);
  }

  /** Erasure: unspent grants go, so no message is ever sent to an erased member. */
  async forget(tx: EntityManager, memberId: string): Promise<void> {
    await tx.query('DELETE FROM subscribe_quota WHERE member_id = $1', [memberId]);
  }
}
