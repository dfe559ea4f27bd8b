// One rewards pipeline: reward_grant records every grant (idempotent on member + business key);
// check-in coupons are issued in the check-in's transaction, so the after-commit flag goes.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Rewards1763900000013 implements MigrationInterface {
  name = 'Rewards1763900000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "reward_grant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "business_key" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "reward" jsonb NOT NULL, "outcome" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "reward_grant_kind_known" CHECK ("kind" IN ('points', 'coupon')), CONSTRAINT "reward_grant_status_known" CHECK ("status" IN ('granted', 'skipped')), CONSTRAINT "PK_reward_grant" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "reward_grant_member_key" ON "reward_grant" ("member_id", "business_key") `);
    await q.query(
      `ALTER TABLE "reward_grant" ADD CONSTRAINT "FK_a1ba136f55e0de352a22858cff4" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "checkin" DROP COLUMN "coupons_issued"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "checkin" ADD "coupons_issued" boolean NOT NULL DEFAULT true`);
    await q.query(`DROP TABLE IF EXISTS "reward_grant" CASCADE`);
  }
}
