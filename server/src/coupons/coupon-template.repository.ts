// SQL on coupon_template (coupons/ owns it) that other modules need.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class CouponTemplateRepository {
  /** Active birthday templates with stock left, oldest first. */
  birthdayTemplates(db: Pick<EntityManager, 'query'>): Promise<{ id: string; title: string }[]> {
    return db.query(
      `SELECT id, title FROM coupon_template WHERE status = 'active' AND 'birthday' = ANY(channels) AND issued < total_stock ORDER BY created_at, id`,
    );
  }

  /** The template's channels, or undefined for no such template. */
  async channels(tx: Pick<EntityManager, 'query'>, id: string): Promise<string[] | undefined> {
    const rows: { channels: string[] }[] = await tx.query('SELECT channels FROM coupon_template WHERE id = $1', [id]);
    return rows[0]?.channels;
  }
}
