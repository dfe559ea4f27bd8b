// Engagement: daily check-ins (one per member and local date), admin-editable settings,
// one-time subscribe-message quotas, sign-up signals for referral anti-fraud, referral rewards
// held until the friend's first order clears its refund window, and cached invite QR codes.
// Also admits the `checkin_makeup` points-entry kind (补签 costs).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Engagement1763900000004 implements MigrationInterface {
  name = 'Engagement1763900000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "checkin" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "date" date NOT NULL, "made_up" boolean NOT NULL DEFAULT false, "streak" integer NOT NULL, "points_awarded" integer NOT NULL DEFAULT '0', "cost_points" integer NOT NULL DEFAULT '0', "rewards" jsonb NOT NULL DEFAULT '[]', "coupons_issued" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "checkin_cost_only_for_make_up" CHECK ("made_up" OR "cost_points" = 0), CONSTRAINT "checkin_amounts_non_negative" CHECK ("points_awarded" >= 0 AND "cost_points" >= 0 AND "streak" >= 1), CONSTRAINT "PK_ceddab0cc0235c228a841bac49e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "checkin_member_date_key" ON "checkin"  ("member_id", "date") `);
    await q.query(
      `CREATE TABLE "engagement_setting" ("key" text NOT NULL, "value" jsonb NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "engagement_setting_key_known" CHECK ("key" IN ('checkin', 'referral')), CONSTRAINT "PK_581f91f6cea3b5a78c8f68f0a97" PRIMARY KEY ("key"))`,
    );
    await q.query(
      `CREATE TABLE "referral_qrcode" ("invite_code" text NOT NULL, "png" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e0a977dc45260c5102fbe0ab28a" PRIMARY KEY ("invite_code"))`,
    );
    await q.query(
      `CREATE TABLE "referral_reward" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "inviter_id" uuid NOT NULL, "invitee_id" uuid NOT NULL, "beneficiary" text NOT NULL, "status" text NOT NULL, "reason" text, "points" integer NOT NULL DEFAULT '0', "coupon_template_id" uuid, "coupon_id" uuid, "order_id" uuid, "paid_at" TIMESTAMP WITH TIME ZONE, "paid_fen" integer, "refunded_fen" integer NOT NULL DEFAULT '0', "release_at" TIMESTAMP WITH TIME ZONE, "released_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "referral_reward_amounts" CHECK ("points" >= 0 AND "refunded_fen" >= 0), CONSTRAINT "referral_reward_beneficiary_known" CHECK ("beneficiary" IN ('inviter', 'invitee')), CONSTRAINT "referral_reward_status_known" CHECK ("status" IN ('pending', 'on_hold', 'released', 'cancelled')), CONSTRAINT "PK_039e9361b7ea8c9a9e500ee6e1e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "referral_reward_status_release_idx" ON "referral_reward"  ("status", "release_at") `);
    await q.query(`CREATE INDEX "referral_reward_inviter_idx" ON "referral_reward"  ("inviter_id", "status") `);
    await q.query(
      `CREATE UNIQUE INDEX "referral_reward_invitee_beneficiary_key" ON "referral_reward"  ("invitee_id", "beneficiary") `,
    );
    await q.query(
      `CREATE TABLE "member_signup_signal" ("member_id" uuid NOT NULL, "ip" text, "device_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a4030cad94564119798d7ecd58e" PRIMARY KEY ("member_id"))`,
    );
    await q.query(`CREATE INDEX "member_signup_signal_device_idx" ON "member_signup_signal"  ("device_id") `);
    await q.query(`CREATE INDEX "member_signup_signal_ip_idx" ON "member_signup_signal"  ("ip") `);
    await q.query(
      `CREATE TABLE "subscribe_quota" ("member_id" uuid NOT NULL, "template_id" text NOT NULL, "granted" integer NOT NULL DEFAULT '0', "remaining" integer NOT NULL DEFAULT '0', "sent" integer NOT NULL DEFAULT '0', "last_sent_on" date, "last_errcode" integer, "last_error_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "subscribe_quota_counts" CHECK ("remaining" >= 0 AND "granted" >= 0 AND "sent" >= 0 AND "sent" + "remaining" <= "granted"), CONSTRAINT "PK_349396a4e355ce24cd45a2015e6" PRIMARY KEY ("member_id", "template_id"))`,
    );
    await q.query(
      `ALTER TABLE "checkin" ADD CONSTRAINT "FK_7260a8dabc4c7a4d87aff46ce40" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "referral_reward" ADD CONSTRAINT "FK_cde750d128ef269305974d99008" FOREIGN KEY ("inviter_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "referral_reward" ADD CONSTRAINT "FK_0381271a50fe1058fea30ddc59b" FOREIGN KEY ("invitee_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "member_signup_signal" ADD CONSTRAINT "FK_a4030cad94564119798d7ecd58e" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "subscribe_quota" ADD CONSTRAINT "FK_dc99f8dfaf3d9943b601ad169d0" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "points_entry" DROP CONSTRAINT "points_entry_kind_known"`);
    await q.query(
      `ALTER TABLE "points_entry" ADD CONSTRAINT "points_entry_kind_known" CHECK ("kind" IN ('earn', 'spend', 'refund_reversal', 'redeem_return', 'expire', 'adjust', 'checkin', 'referral', 'exchange', 'checkin_makeup'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "points_entry" WHERE "kind" = 'checkin_makeup'`);
    await q.query(`ALTER TABLE "points_entry" DROP CONSTRAINT "points_entry_kind_known"`);
    await q.query(
      `ALTER TABLE "points_entry" ADD CONSTRAINT "points_entry_kind_known" CHECK ("kind" IN ('earn', 'spend', 'refund_reversal', 'redeem_return', 'expire', 'adjust', 'checkin', 'referral', 'exchange'))`,
    );
    for (const table of [
      'checkin',
      'engagement_setting',
      'subscribe_quota',
      'member_signup_signal',
      'referral_reward',
      'referral_qrcode',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    }
  }
}
