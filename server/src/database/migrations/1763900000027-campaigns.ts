// Campaigns and automations (issue 12, docs/campaigns.md): campaigns with their members frozen at
// launch, each member's last campaign contact (frequency cap), automations and their runs. The
// product's fixed welcome gift, birthday gift and points-expiry reminder become built-in
// automations an operator can see, edit and switch off. Points entries and coupons gain the
// `campaign` and `automation` sources.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const POINTS_KINDS = `'earn', 'spend', 'refund_reversal', 'redeem_return', 'expire', 'adjust', 'checkin', 'referral', 'exchange', 'checkin_makeup', 'lottery', 'lottery_prize'`;
const COUPON_CHANNELS = `'center', 'points', 'welcome', 'birthday', 'referral', 'reactivation', 'grant', 'lottery'`;

export class Campaigns1763900000027 implements MigrationInterface {
  name = 'Campaigns1763900000027';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "campaign" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "segment_id" uuid NOT NULL, "conditions" jsonb, "action" jsonb NOT NULL, "holdout_bp" integer NOT NULL DEFAULT '0', "max_members" integer, "max_points" integer, "frequency_cap_days" integer, "schedule_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL DEFAULT 'draft', "targeted" integer NOT NULL DEFAULT '0', "holdout" integer NOT NULL DEFAULT '0', "delivered" integer NOT NULL DEFAULT '0', "points_given" integer NOT NULL DEFAULT '0', "skipped_capped" integer NOT NULL DEFAULT '0', "skipped_budget" integer NOT NULL DEFAULT '0', "skipped_no_quota" integer NOT NULL DEFAULT '0', "skipped_ineligible" integer NOT NULL DEFAULT '0', "launched_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "last_batch_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "campaign_counts_non_negative" CHECK ("targeted" >= 0 AND "holdout" >= 0 AND "delivered" >= 0 AND "points_given" >= 0 AND "skipped_capped" >= 0 AND "skipped_budget" >= 0 AND "skipped_no_quota" >= 0 AND "skipped_ineligible" >= 0), CONSTRAINT "campaign_budget_points" CHECK ("max_points" IS NULL OR "points_given" <= "max_points"), CONSTRAINT "campaign_budget_members" CHECK ("max_members" IS NULL OR "delivered" <= "max_members"), CONSTRAINT "campaign_holdout_bounded" CHECK ("holdout_bp" BETWEEN 0 AND 5000), CONSTRAINT "campaign_status_known" CHECK ("status" IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled')), CONSTRAINT "PK_0ce34d26e7f2eb316a3a592cdc4" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "campaign_scheduled_idx" ON "campaign" ("schedule_at") WHERE "status" = 'scheduled'`);
    await q.query(
      `CREATE TABLE "campaign_member" ("campaign_id" uuid NOT NULL, "member_id" uuid NOT NULL, "state" text NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "campaign_member_state_known" CHECK ("state" IN ('pending', 'holdout', 'delivered', 'capped', 'budget', 'no_quota', 'ineligible')), CONSTRAINT "PK_2e34c9a59fc72f9004255fb5f50" PRIMARY KEY ("campaign_id", "member_id"))`,
    );
    await q.query(`CREATE INDEX "campaign_member_member_idx" ON "campaign_member" ("member_id")`);
    await q.query(
      `CREATE INDEX "campaign_member_pending_idx" ON "campaign_member" ("campaign_id", "member_id") WHERE "state" = 'pending'`,
    );
    await q.query(
      `CREATE TABLE "campaign_contact" ("member_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "contacted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6c5a0a8d509ee875da8d0387afe" PRIMARY KEY ("member_id"))`,
    );
    await q.query(
      `CREATE TABLE "automation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "trigger_code" text NOT NULL, "trigger_args" jsonb NOT NULL DEFAULT '{}', "action" jsonb NOT NULL, "delay_minutes" integer NOT NULL DEFAULT '0', "enabled" boolean NOT NULL DEFAULT true, "builtin_code" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "automation_trigger_known" CHECK ("trigger_code" IN ('registered', 'first_order', 'tier_upgraded', 'became_silent', 'birthday', 'points_expiring')), CONSTRAINT "automation_delay_bounded" CHECK ("delay_minutes" BETWEEN 0 AND 43200), CONSTRAINT "PK_6c0430b160cab96bd145ca5297d" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "automation_builtin_key" ON "automation" ("builtin_code") WHERE "builtin_code" IS NOT NULL`,
    );
    await q.query(
      `CREATE TABLE "automation_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "automation_id" uuid NOT NULL, "member_id" uuid NOT NULL, "occurrence" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state" text NOT NULL DEFAULT 'pending', "outcome" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "automation_run_state_known" CHECK ("state" IN ('pending', 'delivered', 'skipped')), CONSTRAINT "PK_4ff55678add249448424b660bfc" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "automation_run_member_idx" ON "automation_run" ("member_id")`);
    await q.query(`CREATE INDEX "automation_run_due_idx" ON "automation_run" ("due_at") WHERE "state" = 'pending'`);
    await q.query(
      `CREATE UNIQUE INDEX "automation_run_occurrence_key" ON "automation_run" ("automation_id", "member_id", "occurrence")`,
    );
    await q.query(
      `ALTER TABLE "campaign_member" ADD CONSTRAINT "FK_4821d8910fe2395cfd164289013" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "campaign_member" ADD CONSTRAINT "FK_d8a3058e6fae58a943a8fa00dd3" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "campaign_contact" ADD CONSTRAINT "FK_6c5a0a8d509ee875da8d0387afe" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "automation_run" ADD CONSTRAINT "FK_4c02e8e7835cf40c960321acab5" FOREIGN KEY ("automation_id") REFERENCES "automation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "automation_run" ADD CONSTRAINT "FK_47541fb026460c073d946f6b0df" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "points_entry" DROP CONSTRAINT "points_entry_kind_known"`);
    await q.query(
      `ALTER TABLE "points_entry" ADD CONSTRAINT "points_entry_kind_known" CHECK ("kind" IN (${POINTS_KINDS}, 'campaign', 'automation'))`,
    );
    await q.query(`ALTER TABLE "coupon" DROP CONSTRAINT "coupon_channel_known"`);
    await q.query(
      `ALTER TABLE "coupon" ADD CONSTRAINT "coupon_channel_known" CHECK ("channel" IN (${COUPON_CHANNELS}, 'campaign', 'automation'))`,
    );
    // The behaviour that was fixed until now, as switchable built-in automations.
    await q.query(
      `INSERT INTO "automation" ("name", "trigger_code", "trigger_args", "action", "builtin_code") VALUES
        ('新会员礼券', 'registered', '{}', '{"type":"builtin","code":"welcome_coupons"}', 'welcome_coupons'),
        ('生日礼券', 'birthday', '{}', '{"type":"builtin","code":"birthday_coupons"}', 'birthday_coupons'),
        ('积分到期提醒', 'points_expiring', '{"days":30}', '{"type":"builtin","code":"expiry_reminder"}', 'expiry_reminder')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "points_entry" WHERE "kind" IN ('campaign', 'automation')`);
    await q.query(`DELETE FROM "coupon" WHERE "channel" IN ('campaign', 'automation')`);
    await q.query(`ALTER TABLE "coupon" DROP CONSTRAINT "coupon_channel_known"`);
    await q.query(`ALTER TABLE "coupon" ADD CONSTRAINT "coupon_channel_known" CHECK ("channel" IN (${COUPON_CHANNELS}))`);
    await q.query(`ALTER TABLE "points_entry" DROP CONSTRAINT "points_entry_kind_known"`);
    await q.query(`ALTER TABLE "points_entry" ADD CONSTRAINT "points_entry_kind_known" CHECK ("kind" IN (${POINTS_KINDS}))`);
    await q.query(`DROP TABLE "automation_run"`);
    await q.query(`DROP TABLE "automation"`);
    await q.query(`DROP TABLE "campaign_contact"`);
    await q.query(`DROP TABLE "campaign_member"`);
    await q.query(`DROP TABLE "campaign"`);
  }
}
