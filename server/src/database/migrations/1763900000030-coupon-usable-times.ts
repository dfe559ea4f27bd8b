// Coupons usable only on some weekdays and/or in a daily time window (issue 12 item 3): the
// template's terms, copied onto each coupon at issue like the other terms (docs/coupons.md).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CouponUsableTimes1763900000030 implements MigrationInterface {
  name = 'CouponUsableTimes1763900000030';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['coupon_template', 'coupon']) {
      await q.query(`ALTER TABLE "${table}" ADD "valid_weekdays" smallint array`);
      await q.query(`ALTER TABLE "${table}" ADD "valid_time_from" text`);
      await q.query(`ALTER TABLE "${table}" ADD "valid_time_to" text`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['coupon', 'coupon_template']) {
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "valid_time_to"`);
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "valid_time_from"`);
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "valid_weekdays"`);
    }
  }
}
