// The subscribe-message quota's SQL (subscribe_quota). Quota invariant: sends ≤ grants.
import { Inject, Injectable } from '@nestjs/common';
import type { ExportRow } from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { exportRows } from '../common/export-rows.js';
import { returning } from '../common/sql.js';

@Injectable()
export class SubscriptionsRepository {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** One accepted prompt: one more grant and one more remaining send. */
  async addGrant(memberId: string, templateId: string): Promise<number> {
    const [row] = await returning<{ remaining: number }>(
      this.db,
      `INSERT INTO subscribe_quota (member_id, template_id, granted, remaining) VALUES ($1, $2, 1, 1)
       ON CONFLICT (member_id, template_id) DO UPDATE
         SET granted = subscribe_quota.granted + 1, remaining = subscribe_quota.remaining + 1, updated_at = now()
       RETURNING remaining`,
      [memberId, templateId],
    );
    return row!.remaining;
  }

  async remaining(memberId: string, templateId: string): Promise<number> {
    const rows: { remaining: number }[] = await this.db.query(
      'SELECT remaining FROM subscribe_quota WHERE member_id = $1 AND template_id = $2',
      [memberId, templateId],
    );
    return rows[0]?.remaining ?? 0;
  }

  async quotas(memberId: string): Promise<{ templateId: string; remaining: number }[]> {
    const rows: { template_id: string; remaining: number }[] = await this.db.query(
      'SELECT template_id, remaining FROM subscribe_quota WHERE member_id = $1 ORDER BY template_id',
      [memberId],
    );
    return rows.map((r) => ({ templateId: r.template_id, remaining: r.remaining }));
  }

  /** Members with a send left for the template, not reminded on `today`, not checked in on `today`. */
  async dueForCheckInReminder(templateId: string, today: string): Promise<string[]> {
    const rows: { member_id: string }[] = await this.db.query(
      `SELECT q.member_id FROM subscribe_quota q
        WHERE q.template_id = $1 AND q.remaining > 0 AND (q.last_sent_on IS NULL OR q.last_sent_on < $2)
          AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.member_id = q.member_id AND c.date = $2)
        ORDER BY q.member_id`,
      [templateId, today],
    );
    return rows.map((r) => r.member_id);
  }

  /**
   * The claim of one reminder send: a guarded decrement re-checking everything the selection
   * checked (remaining > 0, not reminded today, not checked in today). Of racing runs one wins.
   */
  async claimCheckInReminder(tx: EntityManager, memberId: string, templateId: string, today: string): Promise<boolean> {
    const rows = await returning<{ remaining: number }>(
      tx,
      `UPDATE subscribe_quota SET remaining = remaining - 1, sent = sent + 1, last_sent_on = $3, updated_at = now()
        WHERE member_id = $1 AND template_id = $2 AND remaining > 0 AND (last_sent_on IS NULL OR last_sent_on < $3)
          AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.member_id = $1 AND c.date = $3)
        RETURNING remaining`,
      [memberId, templateId, today],
    );
    return rows.length > 0;
  }

  /**
   * WeChat definitely did not deliver: the claimed send goes back — unless WeChat says there is no
   * subscription left at all (43101, `zero`), in which case our count was wrong and becomes 0.
   */
  /** Spends one send of the member's grants for the template (remaining > 0); false when none is left. */
  async claimSend(tx: EntityManager, memberId: string, templateId: string): Promise<boolean> {
    // last_sent_on is the check-in reminder's once-a-day mark: a campaign's send leaves it alone.
    const rows = await returning(
      tx,
      `UPDATE subscribe_quota SET remaining = remaining - 1, sent = sent + 1, updated_at = now()
        WHERE member_id = $1 AND template_id = $2 AND remaining > 0 RETURNING member_id`,
      [memberId, templateId],
    );
    return rows.length > 0;
  }

  async giveBack(
    tx: EntityManager,
    memberId: string,
    templateId: string,
    errcode: number | null,
    zero: boolean,
    now: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE subscribe_quota SET sent = sent - 1, remaining = ${zero ? '0' : 'remaining + 1'},
              last_errcode = $3, last_error_at = $4, updated_at = now()
        WHERE member_id = $1 AND template_id = $2`,
      [memberId, templateId, errcode, now],
    );
  }

  async exportFor(tx: EntityManager, memberId: string): Promise<ExportRow[]> {
    return exportRows(tx, 'SELECT * FROM subscribe_quota WHERE member_id = $1 ORDER BY template_id', [memberId]);
  }

  async deleteFor(tx: EntityManager, memberId: string): Promise<void> {
    await tx.query('DELETE FROM subscribe_quota WHERE member_id = $1', [memberId]);
  }
}
