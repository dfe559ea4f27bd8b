// Lottery (抽奖): lotteries, prizes with stock and weight, draws (random value kept), free entries;
// points entry kinds `lottery` / `lottery_prize`, coupon channel `lottery`, reward kind `lottery_entry`.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Lottery1763900000015 implements MigrationInterface {
  name = 'Lottery1763900000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "lottery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "description" text, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'active', "cost_points" integer NOT NULL, "per_member_daily" integer NOT NULL, "per_member_total" integer NOT NULL, "budget_points" integer, "points_granted" integer NOT NULL DEFAULT '0', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "lottery_budget_bounded" CHECK ("points_granted" >= 0 AND ("budget_points" IS NULL OR "points_granted" <= "budget_points")), CONSTRAINT "lottery_limits_positive" CHECK ("per_member_daily" >= 1 AND "per_member_total" >= "per_member_daily"), CONSTRAINT "lottery_cost_non_negative" CHECK ("cost_points" >= 0), CONSTRAINT "lottery_window_ordered" CHECK ("starts_at" < "ends_at"), CONSTRAINT "lottery_status_known" CHECK ("status" IN ('active', 'paused', 'ended')), CONSTRAINT "PK_3c80b07e70c62d855b3ebfdd3ce" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "lottery_prize" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lottery_id" uuid NOT NULL, "position" integer NOT NULL, "title" text NOT NULL, "kind" text NOT NULL, "points" integer, "template_id" uuid, "stock" integer NOT NULL, "remaining" integer, "weight" integer NOT NULL, "claim_days" integer, CONSTRAINT "lottery_prize_points_positive" CHECK ("points" IS NULL OR "points" >= 1), CONSTRAINT "lottery_prize_remaining_bounded" CHECK ("remaining" IS NULL OR ("remaining" >= 0 AND "remaining" <= "stock")), CONSTRAINT "lottery_prize_weight_positive" CHECK ("weight" >= 1), CONSTRAINT "lottery_prize_kind_known" CHECK ("kind" IN ('points', 'coupon', 'physical', 'none')), CONSTRAINT "PK_3df3c17a4ab4d46c7cc38c43bbe" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "lottery_prize_position" ON "lottery_prize" ("lottery_id", "position")`);
    await q.query(
      `CREATE TABLE "lottery_draw" ("id" uuid NOT NULL, "lottery_id" uuid NOT NULL, "member_id" uuid NOT NULL, "request_id" text NOT NULL, "local_date" date NOT NULL, "random" integer NOT NULL, "total_weight" integer NOT NULL, "picked_prize_id" uuid NOT NULL, "prize_id" uuid, "fallback" text, "cost_points" integer NOT NULL, "free_entry" boolean NOT NULL DEFAULT false, "points" integer, "coupon_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "lottery_draw_cost_non_negative" CHECK ("cost_points" >= 0), CONSTRAINT "lottery_draw_random_in_range" CHECK ("random" >= 0 AND "random" < "total_weight"), CONSTRAINT "lottery_draw_fallback_known" CHECK ("fallback" IS NULL OR "fallback" IN ('out_of_stock', 'budget_exhausted', 'grant_skipped')), CONSTRAINT "PK_08e42d792fb56bded9783543bb6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "lottery_draw_prize_idx" ON "lottery_draw" ("lottery_id", "prize_id")`);
    await q.query(`CREATE INDEX "lottery_draw_member_created_idx" ON "lottery_draw" ("member_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "lottery_draw_member_day_idx" ON "lottery_draw" ("lottery_id", "member_id", "local_date")`);
    await q.query(`CREATE UNIQUE INDEX "lottery_draw_member_request" ON "lottery_draw" ("member_id", "request_id")`);
    await q.query(
      `CREATE TABLE "lottery_entry" ("lottery_id" uuid NOT NULL, "member_id" uuid NOT NULL, "granted" integer NOT NULL DEFAULT '0', "used" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "lottery_entry_bounded" CHECK ("used" >= 0 AND "used" <= "granted"), CONSTRAINT "PK_b5597aa51847add7bd30bf94a5c" PRIMARY KEY ("lottery_id", "member_id"))`,
    );
    await q.query(
      `ALTER TABLE "lottery_prize" ADD CONSTRAINT "FK_c6f5119d04cd8dd751564f5d95a" FOREIGN KEY ("lottery_id") REFERENCES "lottery"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "lottery_prize" ADD CONSTRAINT "FK_9cbc44319dc76075300568a7743" FOREIGN KEY ("template_id") REFERENCES "coupon_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "lottery_draw" ADD CONSTRAINT "FK_4317a5210b247c64ebab4e3dae0" FOREIGN KEY ("lottery_id") REFERENCES "lottery"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "lottery_draw" ADD CONSTRAINT "FK_9eb09daf466491521b4c46120d8" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "lottery_draw" ADD CONSTRAINT "FK_2cfaf35a9805097f2cd9d47ac49" FOREIGN KEY ("picked_prize_id") REFERENCES "lottery_prize"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "lottery_draw" ADD CONSTRAINT "FK_0407642d3ea64cc3d5f0b68ca56" FOREIGN KEY ("prize_id") REFERENCES "lottery_prize"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "lottery_entry" ADD CONSTRAINT "FK_8ea6c9ac341191a42e273f998ab" FOREIGN KEY ("lottery_id") REFERENCES "lottery"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "lottery_entry" ADD CONSTRAINT "FK_647fb1ac0181fa1aa9679e05875" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // CHECKs widened for the lottery (TypeORM's schema diff does not compare CHECK expressions).
    await q.query(`ALTER TABLE "points_entry" DROP CONSTRAINT "points_entry_kind_known"`);
    await q.query(
      `ALTER TABLE "points_entry" ADD CONSTRAINT "points_entry_kind_known" CHECK ("kind" IN ('earn', 'spend', 'refund_reversal', 'redeem_return', 'expire', 'adjust', 'checkin', 'referral', 'exchange', 'checkin_makeup', 'lottery', 'lottery_prize'))`,
    );
    await q.query(`ALTER TABLE "coupon" DROP CONSTRAINT "coupon_channel_known"`);
    await q.query(
      `ALTER TABLE "coupon" ADD CONSTRAINT "coupon_channel_known" CHECK ("channel" IN ('center', 'points', 'welcome', 'birthday', 'referral', 'reactivation', 'grant', 'lottery'))`,
    );
    await q.query(`ALTER TABLE "reward_grant" DROP CONSTRAINT "reward_grant_kind_known"`);
    await q.query(
      `ALTER TABLE "reward_grant" ADD CONSTRAINT "reward_grant_kind_known" CHECK ("kind" IN ('points', 'coupon', 'points_adjustment', 'lottery_entry'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "points_entry" DROP CONSTRAINT "points_entry_kind_known"`);
    await q.query(
      `ALTER TABLE "points_entry" ADD CONSTRAINT "points_entry_kind_known" CHECK ("kind" IN ('earn', 'spend', 'refund_reversal', 'redeem_return', 'expire', 'adjust', 'checkin', 'referral', 'exchange', 'checkin_makeup'))`,
    );
    await q.query(`ALTER TABLE "coupon" DROP CONSTRAINT "coupon_channel_known"`);
    await q.query(
      `ALTER TABLE "coupon" ADD CONSTRAINT "coupon_channel_known" CHECK ("channel" IN ('center', 'points', 'welcome', 'birthday', 'referral', 'reactivation', 'grant'))`,
    );
    await q.query(`ALTER TABLE "reward_grant" DROP CONSTRAINT "reward_grant_kind_known"`);
    await q.query(
      `ALTER TABLE "reward_grant" ADD CONSTRAINT "reward_grant_kind_known" CHECK ("kind" IN ('points', 'coupon', 'points_adjustment'))`,
    );
    await q.query(`DROP TABLE IF EXISTS "lottery_entry" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "lottery_draw" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "lottery_prize" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "lottery" CASCADE`);
  }
}
