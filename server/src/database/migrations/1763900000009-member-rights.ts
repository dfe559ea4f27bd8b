// Members' data rights: consent_record becomes a history of acceptances AND withdrawals (so a
// member may accept the same version again after withdrawing, each step provable), and the
// member row remembers when it was erased.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MemberRights1763900000009 implements MigrationInterface {
  name = 'MemberRights1763900000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."consent_record_member_version_key"`);
    await q.query(`ALTER TABLE "consent_record" RENAME COLUMN "accepted_at" TO "recorded_at"`);
    await q.query(`ALTER TABLE "consent_record" ADD "action" text NOT NULL DEFAULT 'accept'`);
    await q.query(
      `ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_action_known" CHECK ("action" IN ('accept', 'withdraw'))`,
    );
    await q.query(`CREATE INDEX "consent_record_member_idx" ON "consent_record" ("member_id", "recorded_at") `);
    await q.query(`ALTER TABLE "member" ADD "deleted_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "member" DROP COLUMN "deleted_at"`);
    await q.query(`DROP INDEX "public"."consent_record_member_idx"`);
    await q.query(`ALTER TABLE "consent_record" DROP CONSTRAINT "consent_record_action_known"`);
    await q.query(`DELETE FROM "consent_record" WHERE "action" = 'withdraw'`);
    await q.query(`ALTER TABLE "consent_record" DROP COLUMN "action"`);
    await q.query(`ALTER TABLE "consent_record" RENAME COLUMN "recorded_at" TO "accepted_at"`);
    await q.query(
      `DELETE FROM "consent_record" a USING "consent_record" b WHERE a."member_id" = b."member_id" AND a."version" = b."version" AND a."accepted_at" > b."accepted_at"`,
    );
    await q.query(`CREATE UNIQUE INDEX "consent_record_member_version_key" ON "consent_record" ("member_id", "version") `);
  }
}
