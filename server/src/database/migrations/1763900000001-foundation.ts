// Foundation: stores, tiers (seeded with the default programme), members, consent, staff,
// tier history and the audit log.
import { DEFAULT_TIERS } from '@huiyuan/shared';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763900000001 implements MigrationInterface {
  name = 'Foundation1763900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_type" text NOT NULL, "actor_id" uuid, "action" text NOT NULL, "target_type" text, "target_id" text, "details" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "audit_log_actor_idx" ON "audit_log"  ("actor_id", "created_at") `);
    await q.query(
      `CREATE TABLE "store" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "address" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f3172007d4de5ae8e7692759d79" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "staff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "store_id" uuid, "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "staff_store_matches_role" CHECK (("role" = 'admin') = ("store_id" IS NULL)), CONSTRAINT "staff_role_known" CHECK ("role" IN ('cashier', 'manager', 'admin')), CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "staff_username_key" ON "staff"  ("username") `);
    await q.query(
      `CREATE TABLE "tier" ("code" text NOT NULL, "name" text NOT NULL, "growth_threshold" integer NOT NULL, "keep_growth" integer NOT NULL, "points_multiplier_bp" integer NOT NULL, "discount_rate_bp" integer NOT NULL, "benefits" jsonb NOT NULL, CONSTRAINT "tier_thresholds_non_negative" CHECK ("growth_threshold" >= 0 AND "keep_growth" >= 0), CONSTRAINT "PK_3434223fbdc9d4744482d2986df" PRIMARY KEY ("code"))`,
    );
    await q.query(
      `CREATE TABLE "member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_no" text NOT NULL, "code_id" BIGSERIAL NOT NULL, "openid" text NOT NULL, "unionid" text, "session_key_cipher" bytea, "nickname" text, "avatar_url" text, "birthday" date, "birthday_changed_at" TIMESTAMP WITH TIME ZONE, "gender" text NOT NULL DEFAULT 'unknown', "phone_cipher" bytea, "phone_hmac" text, "phone_masked" text, "tier_code" text NOT NULL DEFAULT 'normal', "growth" integer NOT NULL DEFAULT '0', "points" integer NOT NULL DEFAULT '0', "invite_code" text NOT NULL, "referrer_id" uuid, "registration_channel" text NOT NULL, "registration_store_id" uuid, "status" text NOT NULL DEFAULT 'active', "consent_version" text, "consent_at" TIMESTAMP WITH TIME ZONE, "code_secret" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "member_gender_known" CHECK ("gender" IN ('male', 'female', 'unknown')), CONSTRAINT "member_status_known" CHECK ("status" IN ('active', 'frozen', 'deleted')), CONSTRAINT "member_growth_non_negative" CHECK ("growth" >= 0), CONSTRAINT "member_points_non_negative" CHECK ("points" >= 0), CONSTRAINT "PK_97cbbe986ce9d14ca5894fdc072" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "member_member_no_key" ON "member"  ("member_no") `);
    await q.query(`CREATE UNIQUE INDEX "member_code_id_key" ON "member"  ("code_id") `);
    await q.query(`CREATE UNIQUE INDEX "member_openid_key" ON "member"  ("openid") `);
    await q.query(`CREATE UNIQUE INDEX "member_phone_hmac_key" ON "member"  ("phone_hmac") `);
    await q.query(`CREATE UNIQUE INDEX "member_invite_code_key" ON "member"  ("invite_code") `);
    await q.query(`CREATE INDEX "member_referrer_id_idx" ON "member"  ("referrer_id") `);
    await q.query(
      `CREATE TABLE "consent_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "version" text NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b357c35aea3aa0be4647282324f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "consent_record_member_version_key" ON "consent_record"  ("member_id", "version") `);
    await q.query(
      `CREATE TABLE "tier_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "from_tier" text NOT NULL, "to_tier" text NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_74a418f324b9335086c08380653" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "tier_change_member_idx" ON "tier_change"  ("member_id", "created_at") `);
    await q.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "FK_da3aeb6b1eedcc40ed95abe1b44" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "member" ADD CONSTRAINT "FK_8cb7b837e25fe9256cf5ada67f7" FOREIGN KEY ("tier_code") REFERENCES "tier"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "member" ADD CONSTRAINT "FK_1a7f3a01af7c4e6d4cb97a479db" FOREIGN KEY ("referrer_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "member" ADD CONSTRAINT "FK_0a2e3bfb2525c4658d4c8b59f3b" FOREIGN KEY ("registration_store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "consent_record" ADD CONSTRAINT "FK_a53b244df76e7acb377c2cb03fc" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "tier_change" ADD CONSTRAINT "FK_937a0fae974bc8e7c288cfb90b4" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    for (const t of DEFAULT_TIERS) {
      await q.query(
        `INSERT INTO "tier" (code, name, growth_threshold, keep_growth, points_multiplier_bp, discount_rate_bp, benefits) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [t.code, t.name, t.growthThreshold, t.keepGrowth, t.pointsMultiplierBp, t.discountRateBp, JSON.stringify(t.benefits)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['tier_change', 'consent_record', 'staff', 'member', 'tier', 'store', 'audit_log']) {
      await q.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    }
  }
}
