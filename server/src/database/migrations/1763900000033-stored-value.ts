// Stored value and paid membership (issue 13; docs/stored-value.md): payments/ owns payment and
// payment_refund, stored-value/ its plans, setting, accounts, lots (top-ups), ledger entries,
// allocations and top-up refunds, membership/ its plans, memberships and purchases.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const COUPON_CHANNELS = `'center', 'points', 'welcome', 'birthday', 'referral', 'reactivation', 'grant', 'lottery', 'campaign', 'automation'`;

export class StoredValue1763900000033 implements MigrationInterface {
  name = 'StoredValue1763900000033';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "payment" ("id" uuid NOT NULL, "out_trade_no" text NOT NULL, "member_id" uuid NOT NULL, "purpose" text NOT NULL, "reference_id" uuid NOT NULL, "amount" integer NOT NULL, "description" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "prepay_id" text, "transaction_id" text, "refunded" integer NOT NULL DEFAULT '0', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "paid_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "payment_paid_has_transaction" CHECK ("status" <> 'paid' OR "transaction_id" IS NOT NULL), CONSTRAINT "payment_refunded_range" CHECK ("refunded" >= 0 AND "refunded" <= "amount"), CONSTRAINT "payment_amount_positive" CHECK ("amount" > 0), CONSTRAINT "payment_status_known" CHECK ("status" IN ('pending', 'paid', 'closed')), CONSTRAINT "payment_purpose_known" CHECK ("purpose" IN ('stored_value_top_up', 'membership')), CONSTRAINT "PK_fcaec7df5adf9cac408c686b2ab" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "payment_member_idx" ON "payment" ("member_id", "created_at")`);
    await q.query(`CREATE INDEX "payment_pending_idx" ON "payment" ("status", "created_at")`);
    await q.query(`CREATE UNIQUE INDEX "payment_transaction_id_key" ON "payment" ("transaction_id")`);
    await q.query(`CREATE UNIQUE INDEX "payment_out_trade_no_key" ON "payment" ("out_trade_no")`);
    await q.query(
      `CREATE TABLE "payment_refund" ("id" uuid NOT NULL, "payment_id" uuid NOT NULL, "out_refund_no" text NOT NULL, "amount" integer NOT NULL, "status" text NOT NULL DEFAULT 'pending', "refund_id" text, "reason" text, "failure" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "settled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "payment_refund_amount_positive" CHECK ("amount" > 0), CONSTRAINT "payment_refund_status_known" CHECK ("status" IN ('pending', 'processing', 'succeeded', 'failed')), CONSTRAINT "PK_9bcd6c17fe1fce78631fdb79633" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "payment_refund_payment_idx" ON "payment_refund" ("payment_id")`);
    await q.query(`CREATE INDEX "payment_refund_open_idx" ON "payment_refund" ("status", "created_at")`);
    await q.query(`CREATE UNIQUE INDEX "payment_refund_out_refund_no_key" ON "payment_refund" ("out_refund_no")`);
    await q.query(
      `CREATE TABLE "stored_value_plan" ("id" uuid NOT NULL, "title" text NOT NULL, "amount" integer NOT NULL, "bonus" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stored_value_plan_amount_range" CHECK ("amount" >= 100 AND "bonus" >= 0 AND "bonus" <= "amount"), CONSTRAINT "PK_01e2aa82f24ded70b91674412de" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "stored_value_setting" ("id" smallint NOT NULL, "spend_order" text NOT NULL, "bonus_expiry_days" integer, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stored_value_setting_spend_order_known" CHECK ("spend_order" IN ('proportional', 'principal_first', 'bonus_first')), CONSTRAINT "stored_value_setting_single" CHECK ("id" = 1), CONSTRAINT "PK_b132fbfecee619348b0dc4b0814" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "stored_value_account" ("member_id" uuid NOT NULL, "principal" bigint NOT NULL DEFAULT '0', "bonus" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stored_value_account_never_negative" CHECK ("principal" >= 0 AND "bonus" >= 0), CONSTRAINT "PK_91ca5bb3aa8c38ec80f088e99cc" PRIMARY KEY ("member_id"))`,
    );
    await q.query(
      `CREATE TABLE "stored_value_top_up" ("id" uuid NOT NULL, "member_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "title" text NOT NULL, "store_id" uuid, "request_id" text NOT NULL, "amount" integer NOT NULL, "bonus" integer NOT NULL, "status" text NOT NULL DEFAULT 'pending', "payment_id" uuid NOT NULL, "principal_left" integer NOT NULL DEFAULT '0', "bonus_left" integer NOT NULL DEFAULT '0', "bonus_expires_at" TIMESTAMP WITH TIME ZONE, "principal_refunded" integer NOT NULL DEFAULT '0', "bonus_clawed" integer NOT NULL DEFAULT '0', "paid_at" TIMESTAMP WITH TIME ZONE, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stored_value_top_up_refund_range" CHECK ("principal_refunded" >= 0 AND "principal_refunded" + "principal_left" <= "amount" AND "bonus_clawed" <= "bonus"), CONSTRAINT "stored_value_top_up_left_range" CHECK ("principal_left" >= 0 AND "principal_left" <= "amount" AND "bonus_left" >= 0 AND "bonus_left" <= "bonus"), CONSTRAINT "stored_value_top_up_status_known" CHECK ("status" IN ('pending', 'paid', 'closed', 'refunded', 'partially_refunded')), CONSTRAINT "PK_586b5d22c4be7118ee3552c8606" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "stored_value_top_up_member_idx" ON "stored_value_top_up" ("member_id", "created_at")`);
    await q.query(
      `CREATE UNIQUE INDEX "stored_value_top_up_member_request_key" ON "stored_value_top_up" ("member_id", "request_id")`,
    );
    await q.query(
      `CREATE TABLE "stored_value_entry" ("id" uuid NOT NULL, "member_id" uuid NOT NULL, "kind" text NOT NULL, "principal_delta" integer NOT NULL, "bonus_delta" integer NOT NULL, "principal_after" bigint NOT NULL, "bonus_after" bigint NOT NULL, "business_key" text NOT NULL, "store_id" uuid, "order_id" uuid, "order_no" text, "top_up_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stored_value_entry_after_never_negative" CHECK ("principal_after" >= 0 AND "bonus_after" >= 0), CONSTRAINT "stored_value_entry_kind_known" CHECK ("kind" IN ('top_up', 'spend', 'order_refund', 'top_up_refund', 'top_up_refund_reverted', 'bonus_expired')), CONSTRAINT "PK_97c11c3ad537e3cdcaada92b235" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "stored_value_entry_created_idx" ON "stored_value_entry" ("created_at")`);
    await q.query(`CREATE INDEX "stored_value_entry_order_idx" ON "stored_value_entry" ("order_id")`);
    await q.query(`CREATE INDEX "stored_value_entry_member_idx" ON "stored_value_entry" ("member_id", "created_at", "id")`);
    await q.query(`CREATE UNIQUE INDEX "stored_value_entry_member_key" ON "stored_value_entry" ("member_id", "business_key")`);
    await q.query(
      `CREATE TABLE "stored_value_allocation" ("entry_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "order_id" uuid NOT NULL, "store_id" uuid NOT NULL, "principal" integer NOT NULL, "bonus" integer NOT NULL, "principal_returned" integer NOT NULL DEFAULT '0', "bonus_returned" integer NOT NULL DEFAULT '0', CONSTRAINT "stored_value_allocation_returned_range" CHECK ("principal_returned" <= "principal" AND "bonus_returned" <= "bonus"), CONSTRAINT "PK_4753d0f7644f48f74381f093234" PRIMARY KEY ("entry_id", "lot_id"))`,
    );
    await q.query(`CREATE INDEX "stored_value_allocation_lot_idx" ON "stored_value_allocation" ("lot_id")`);
    await q.query(`CREATE INDEX "stored_value_allocation_order_idx" ON "stored_value_allocation" ("order_id")`);
    await q.query(
      `CREATE TABLE "stored_value_refund" ("id" uuid NOT NULL, "top_up_id" uuid NOT NULL, "member_id" uuid NOT NULL, "request_id" text NOT NULL, "principal" integer NOT NULL, "bonus_from_lot" integer NOT NULL, "bonus_from_money" integer NOT NULL, "money" integer NOT NULL, "status" text NOT NULL DEFAULT 'processing', "payment_refund_id" uuid, "staff_id" uuid, "reason" text, "response" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stored_value_refund_status_known" CHECK ("status" IN ('processing', 'succeeded', 'failed')), CONSTRAINT "PK_6f01e616620a5452c7161c99185" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "stored_value_refund_request_key" ON "stored_value_refund" ("top_up_id", "request_id")`);
    await q.query(
      `CREATE TABLE "membership_plan" ("id" uuid NOT NULL, "title" text NOT NULL, "price" integer NOT NULL, "term_days" integer NOT NULL, "trial" boolean NOT NULL DEFAULT false, "discount_rate_bp" integer NOT NULL DEFAULT '10000', "points_multiplier_bp" integer NOT NULL DEFAULT '10000', "monthly_coupon_template_id" uuid, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "membership_plan_rates" CHECK ("discount_rate_bp" BETWEEN 1000 AND 10000 AND "points_multiplier_bp" BETWEEN 10000 AND 100000), CONSTRAINT "membership_plan_term_range" CHECK ("term_days" BETWEEN 1 AND 3660), CONSTRAINT "membership_plan_price_range" CHECK (("trial" AND "price" = 0) OR (NOT "trial" AND "price" > 0)), CONSTRAINT "PK_e270c516189a3f2609c413ca451" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "membership" ("member_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "title" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "discount_rate_bp" integer NOT NULL, "points_multiplier_bp" integer NOT NULL, "monthly_coupon_template_id" uuid, "expiry_noticed_for" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f2a84d9c3e2bc7890c08500042b" PRIMARY KEY ("member_id"))`,
    );
    await q.query(
      `CREATE TABLE "membership_purchase" ("id" uuid NOT NULL, "member_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "title" text NOT NULL, "request_id" text NOT NULL, "trial" boolean NOT NULL, "price" integer NOT NULL, "term_days" integer NOT NULL, "status" text NOT NULL DEFAULT 'pending', "payment_id" uuid, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "refunded" integer NOT NULL DEFAULT '0', "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "membership_purchase_refunded_range" CHECK ("refunded" >= 0 AND "refunded" <= "price"), CONSTRAINT "membership_purchase_status_known" CHECK ("status" IN ('pending', 'active', 'closed', 'refunded')), CONSTRAINT "PK_11dba3e04613f6b942d1a6daa06" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "membership_purchase_member_idx" ON "membership_purchase" ("member_id", "created_at")`);
    await q.query(
      `CREATE UNIQUE INDEX "membership_purchase_one_trial_key" ON "membership_purchase" ("member_id") WHERE "trial" AND "status" <> 'closed'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "membership_purchase_member_request_key" ON "membership_purchase" ("member_id", "request_id")`,
    );
    await q.query(
      `ALTER TABLE "payment" ADD CONSTRAINT "FK_66b9525d296225af93abf40a13c" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "payment_refund" ADD CONSTRAINT "FK_9b1ba9fb797de22fc87b598f509" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "stored_value_account" ADD CONSTRAINT "FK_91ca5bb3aa8c38ec80f088e99cc" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "stored_value_top_up" ADD CONSTRAINT "FK_445fc5d3340d1be4e675d009c71" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "stored_value_top_up" ADD CONSTRAINT "FK_0b7db0bad4172bd8ffcf4edfe2a" FOREIGN KEY ("plan_id") REFERENCES "stored_value_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "stored_value_top_up" ADD CONSTRAINT "FK_23559a729704c78babe7e91f440" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "stored_value_entry" ADD CONSTRAINT "FK_683cd9c9917d17673603a46675c" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "stored_value_allocation" ADD CONSTRAINT "FK_ff06c5240b9b7452af94238c7db" FOREIGN KEY ("entry_id") REFERENCES "stored_value_entry"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "stored_value_allocation" ADD CONSTRAINT "FK_7444e466657a8cb2258b610ad39" FOREIGN KEY ("lot_id") REFERENCES "stored_value_top_up"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "stored_value_refund" ADD CONSTRAINT "FK_b490031e6d9a47d2cc73429a42e" FOREIGN KEY ("top_up_id") REFERENCES "stored_value_top_up"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "membership_plan" ADD CONSTRAINT "FK_e6fc455c97a4a2900c098c9ea00" FOREIGN KEY ("monthly_coupon_template_id") REFERENCES "coupon_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "FK_f2a84d9c3e2bc7890c08500042b" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "FK_e270c516189a3f2609c413ca451" FOREIGN KEY ("plan_id") REFERENCES "membership_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "membership_purchase" ADD CONSTRAINT "FK_e62186621ba4471438cf9f845da" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "membership_purchase" ADD CONSTRAINT "FK_397b791a36eb986833c067adec5" FOREIGN KEY ("plan_id") REFERENCES "membership_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "coupon" DROP CONSTRAINT "coupon_channel_known"`);
    await q.query(
      `ALTER TABLE "coupon" ADD CONSTRAINT "coupon_channel_known" CHECK ("channel" IN (${COUPON_CHANNELS}, 'membership'))`,
    );
    // The defaults of docs/stored-value.md: spend in proportion, bonus valid 365 days.
    await q.query(
      `INSERT INTO "stored_value_setting" ("id", "spend_order", "bonus_expiry_days") VALUES (1, 'proportional', 365)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "coupon" DROP CONSTRAINT "coupon_channel_known"`);
    await q.query(`ALTER TABLE "coupon" ADD CONSTRAINT "coupon_channel_known" CHECK ("channel" IN (${COUPON_CHANNELS}))`);
    await q.query(`DROP TABLE "membership_purchase"`);
    await q.query(`DROP TABLE "membership"`);
    await q.query(`DROP TABLE "membership_plan"`);
    await q.query(`DROP TABLE "stored_value_refund"`);
    await q.query(`DROP TABLE "stored_value_allocation"`);
    await q.query(`DROP TABLE "stored_value_entry"`);
    await q.query(`DROP TABLE "stored_value_top_up"`);
    await q.query(`DROP TABLE "stored_value_account"`);
    await q.query(`DROP TABLE "stored_value_setting"`);
    await q.query(`DROP TABLE "stored_value_plan"`);
    await q.query(`DROP TABLE "payment_refund"`);
    await q.query(`DROP TABLE "payment"`);
  }
}
