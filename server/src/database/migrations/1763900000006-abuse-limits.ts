// Abuse limits kept in PostgreSQL so every instance shares one budget (rate_limit_bucket), and
// WeChat's risk rank of a new member kept with their sign-up signals (referral holds).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AbuseLimits1763900000006 implements MigrationInterface {
  name = 'AbuseLimits1763900000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "rate_limit_bucket" ("key" text NOT NULL, "count" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_rate_limit_bucket_key" PRIMARY KEY ("key"))`,
    );
    await q.query(`CREATE INDEX "rate_limit_bucket_expires_idx" ON "rate_limit_bucket" ("expires_at") `);
    await q.query(`ALTER TABLE "member_signup_signal" ADD "risk_rank" integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "member_signup_signal" DROP COLUMN "risk_rank"`);
    await q.query(`DROP INDEX "public"."rate_limit_bucket_expires_idx"`);
    await q.query(`DROP TABLE "rate_limit_bucket"`);
  }
}
