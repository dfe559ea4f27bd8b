// Coupons: templates (stock, limits, validity, channels), per-member claim counters, and the
// members' coupons (terms copied at issue, used exactly once, restored on a full refund).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Coupons1763900000003 implements MigrationInterface {
  name = 'Coupons1763900000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "coupon_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "description" text, "kind" text NOT NULL, "threshold" integer NOT NULL DEFAULT '0', "amount_off" integer, "percent_off" integer, "max_off" integer, "stackable" boolean NOT NULL DEFAULT false, "store_ids" uuid array, "min_tier" text, "total_stock" integer NOT NULL, "issued" integer NOT NULL DEFAULT '0', "per_member_limit" integer NOT NULL, "valid_days" integer, "valid_from" date, "valid_to" date, "points_cost" integer, "channels" text array NOT NULL, "status" text NOT NULL DEFAULT 'active', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "coupon_template_points_cost_positive" CHECK ("points_cost" IS NULL OR "points_cost" > 0), CONSTRAINT "coupon_template_one_validity" CHECK (("valid_days" IS NOT NULL AND "valid_days" >= 1 AND "valid_from" IS NULL AND "valid_to" IS NULL) OR ("valid_days" IS NULL AND "valid_from" IS NOT NULL AND "valid_to" IS NOT NULL AND "valid_from" <= "valid_to")), CONSTRAINT "coupon_template_limit_positive" CHECK ("per_member_limit" >= 1), CONSTRAINT "coupon_template_stock_bounded" CHECK ("issued" >= 0 AND "issued" <= "total_stock"), CONSTRAINT "coupon_template_status_known" CHECK ("status" IN ('active', 'paused')), CONSTRAINT "coupon_template_kind_known" CHECK ("kind" IN ('cash', 'percent', 'gift')), CONSTRAINT "PK_9de09b3abc3fc0f185330f95ce1" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "coupon" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "template_id" uuid NOT NULL, "member_id" uuid NOT NULL, "channel" text NOT NULL, "issue_key" text NOT NULL, "status" text NOT NULL DEFAULT 'available', "kind" text NOT NULL, "threshold" integer NOT NULL DEFAULT '0', "amount_off" integer, "percent_off" integer, "max_off" integer, "stackable" boolean NOT NULL DEFAULT false, "store_ids" uuid array, "min_tier" text, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "points_paid" integer NOT NULL DEFAULT '0', "used_at" TIMESTAMP WITH TIME ZONE, "used_order_id" uuid, "used_store_id" uuid, "used_by_staff_id" uuid, "restored_count" integer NOT NULL DEFAULT '0', "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "coupon_validity_ordered" CHECK ("valid_from" < "expires_at"), CONSTRAINT "coupon_used_has_time" CHECK (("status" = 'used') = ("used_at" IS NOT NULL)), CONSTRAINT "coupon_channel_known" CHECK ("channel" IN ('center', 'points', 'welcome', 'birthday', 'referral', 'reactivation', 'grant')), CONSTRAINT "coupon_kind_known" CHECK ("kind" IN ('cash', 'percent', 'gift')), CONSTRAINT "coupon_status_known" CHECK ("status" IN ('available', 'used', 'expired')), CONSTRAINT "PK_fcbe9d72b60eed35f46dc35a682" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "coupon_available_expiry_idx" ON "coupon"  ("expires_at") WHERE "status" = 'available'`);
    await q.query(`CREATE INDEX "coupon_used_order_idx" ON "coupon"  ("used_order_id") `);
    await q.query(`CREATE INDEX "coupon_template_idx" ON "coupon"  ("template_id") `);
    await q.query(`CREATE INDEX "coupon_member_status_idx" ON "coupon"  ("member_id", "status", "expires_at") `);
    await q.query(`CREATE UNIQUE INDEX "coupon_member_issue_key" ON "coupon"  ("member_id", "issue_key") `);
    await q.query(`CREATE UNIQUE INDEX "coupon_code_key" ON "coupon"  ("code") `);
    await q.query(
      `CREATE TABLE "coupon_claim" ("member_id" uuid NOT NULL, "template_id" uuid NOT NULL, "claimed" integer NOT NULL, "claim_limit" integer NOT NULL, CONSTRAINT "coupon_claim_within_limit" CHECK ("claimed" >= 1 AND "claimed" <= "claim_limit"), CONSTRAINT "PK_b40997d8f979741891e13bde9d5" PRIMARY KEY ("member_id", "template_id"))`,
    );
    await q.query(
      `ALTER TABLE "coupon" ADD CONSTRAINT "FK_9de09b3abc3fc0f185330f95ce1" FOREIGN KEY ("template_id") REFERENCES "coupon_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "coupon" ADD CONSTRAINT "FK_d0b8b81f4e4a52753a21c6c3099" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "coupon_claim" ADD CONSTRAINT "FK_a33773a032f3ee8aa220ff4072d" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "coupon_claim" ADD CONSTRAINT "FK_447a782b351c55e60d384cc1b64" FOREIGN KEY ("template_id") REFERENCES "coupon_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['coupon', 'coupon_claim', 'coupon_template']) {
      await q.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    }
  }
}
