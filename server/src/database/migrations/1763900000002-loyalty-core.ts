// Loyalty core: the points ledger (lots, entries, allocations), orders and refunds, member
// notifications, and the member columns for debt, tier review and the member code.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoyaltyCore1763900000002 implements MigrationInterface {
  name = 'LoyaltyCore1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "points_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "kind" text NOT NULL, "delta" integer NOT NULL, "balance_after" integer NOT NULL, "business_key" text NOT NULL, "shortfall" integer NOT NULL DEFAULT '0', "debt_paid" integer NOT NULL DEFAULT '0', "order_id" uuid, "refund_id" uuid, "staff_id" uuid, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "points_entry_kind_known" CHECK ("kind" IN ('earn', 'spend', 'refund_reversal', 'redeem_return', 'expire', 'adjust', 'checkin', 'referral', 'exchange')), CONSTRAINT "points_entry_shortfall_non_negative" CHECK ("shortfall" >= 0 AND "debt_paid" >= 0), CONSTRAINT "points_entry_balance_non_negative" CHECK ("balance_after" >= 0), CONSTRAINT "PK_9eb493c02592da87f5b86b15983" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "points_entry_member_created_idx" ON "points_entry"  ("member_id", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "points_entry_member_business_key" ON "points_entry"  ("member_id", "business_key") `);
    await q.query(
      `CREATE TABLE "points_lot" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "entry_id" uuid NOT NULL, "amount" integer NOT NULL, "remaining" integer NOT NULL, "earned_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "points_lot_remaining_in_range" CHECK ("remaining" >= 0 AND "remaining" <= "amount"), CONSTRAINT "points_lot_amount_positive" CHECK ("amount" > 0), CONSTRAINT "PK_fa6b1b8dabcf8cf4841195093c6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "points_lot_member_live_idx" ON "points_lot"  ("member_id", "expires_at") WHERE "remaining" > 0`);
    await q.query(
      `CREATE TABLE "points_allocation" ("entry_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "points" integer NOT NULL, CONSTRAINT "points_allocation_positive" CHECK ("points" > 0), CONSTRAINT "PK_3a191c50e76d551a0d0b18693e4" PRIMARY KEY ("entry_id", "lot_id"))`,
    );
    await q.query(`CREATE INDEX "points_allocation_lot_idx" ON "points_allocation"  ("lot_id") `);
    await q.query(
      `CREATE TABLE "member_notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "business_key" text NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b15d9cd36971227101da46f02b2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "member_notification_member_created_idx" ON "member_notification"  ("member_id", "created_at") `);
    await q.query(
      `CREATE UNIQUE INDEX "member_notification_member_key" ON "member_notification"  ("member_id", "business_key") `,
    );
    await q.query(
      `CREATE TABLE "member_order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "order_no" text NOT NULL, "member_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "amount" integer NOT NULL, "coupon_discount" integer NOT NULL DEFAULT '0', "points_redeemed" integer NOT NULL DEFAULT '0', "points_discount" integer NOT NULL DEFAULT '0', "payable" integer NOT NULL, "points_earned" integer NOT NULL DEFAULT '0', "growth_earned" integer NOT NULL DEFAULT '0', "refunded_amount" integer NOT NULL DEFAULT '0', "points_reversed" integer NOT NULL DEFAULT '0', "points_shortfall" integer NOT NULL DEFAULT '0', "growth_reversed" integer NOT NULL DEFAULT '0', "redeemed_returned" integer NOT NULL DEFAULT '0', "request_hash" text NOT NULL, "response" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "member_order_return_bounded" CHECK ("redeemed_returned" <= "points_redeemed"), CONSTRAINT "member_order_reversal_bounded" CHECK ("points_reversed" + "points_shortfall" <= "points_earned" AND "growth_reversed" <= "growth_earned"), CONSTRAINT "member_order_refunds_bounded" CHECK ("refunded_amount" >= 0 AND "refunded_amount" <= "payable"), CONSTRAINT "member_order_payable_adds_up" CHECK ("payable" = "amount" - "coupon_discount" - "points_discount" AND "payable" >= 0), CONSTRAINT "member_order_amount_positive" CHECK ("amount" > 0), CONSTRAINT "PK_c0237221ad21338557549ab82a2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "member_order_member_idx" ON "member_order"  ("member_id", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "member_order_store_order_no_key" ON "member_order"  ("store_id", "order_no") `);
    await q.query(
      `CREATE TABLE "order_refund" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "refund_no" text NOT NULL, "amount" integer NOT NULL, "points_reversed" integer NOT NULL DEFAULT '0', "points_shortfall" integer NOT NULL DEFAULT '0', "growth_reversed" integer NOT NULL DEFAULT '0', "points_returned" integer NOT NULL DEFAULT '0', "points_forfeited" integer NOT NULL DEFAULT '0', "staff_id" uuid NOT NULL, "request_hash" text NOT NULL, "response" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "order_refund_amount_positive" CHECK ("amount" > 0), CONSTRAINT "PK_312fcfa56a940659b659e400b7e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "order_refund_order_refund_no_key" ON "order_refund"  ("order_id", "refund_no") `);
    await q.query(`ALTER TABLE "member" ADD "points_debt" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "member" ADD "tier_since" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE "member" ADD "tier_reviewed_on" date`);
    await q.query(`ALTER TABLE "member" ADD "code_last_step" bigint NOT NULL DEFAULT '-1'`);
    await q.query(`ALTER TABLE "member" ADD "code_last_counter" smallint NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "member" ADD "code_failures" smallint NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "member" ADD "code_locked_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "member" ADD CONSTRAINT "member_points_debt_non_negative" CHECK ("points_debt" >= 0)`);
    await q.query(
      `ALTER TABLE "points_entry" ADD CONSTRAINT "FK_a703afd69475e4eadd780583901" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "points_lot" ADD CONSTRAINT "FK_d32aece3fa84170b3890cb0d06e" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "points_allocation" ADD CONSTRAINT "FK_38f187e1f76db4ef952a0d9e9eb" FOREIGN KEY ("entry_id") REFERENCES "points_entry"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "points_allocation" ADD CONSTRAINT "FK_4bb41d2a99d21e253b76d337dd3" FOREIGN KEY ("lot_id") REFERENCES "points_lot"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "member_notification" ADD CONSTRAINT "FK_4abd60486476b79e9e16c6f4af3" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "member_order" ADD CONSTRAINT "FK_6f8ebec06f015f6808e33560834" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "member_order" ADD CONSTRAINT "FK_14ba2ecb54e9bc7ecb9240258f4" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "order_refund" ADD CONSTRAINT "FK_a2894526202be47872510866d71" FOREIGN KEY ("order_id") REFERENCES "member_order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'order_refund',
      'member_order',
      'member_notification',
      'points_allocation',
      'points_lot',
      'points_entry',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    }
    for (const column of [
      'points_debt',
      'tier_since',
      'tier_reviewed_on',
      'code_last_step',
      'code_last_counter',
      'code_failures',
      'code_locked_until',
    ]) {
      await q.query(`ALTER TABLE "member" DROP COLUMN IF EXISTS "${column}"`);
    }
  }
}
