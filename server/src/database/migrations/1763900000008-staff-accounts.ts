// Staff accounts and sessions: a token version on members and staff. A JWT carries the version
// it was signed with; logout, a password reset, disabling and a role or store change bump the
// row's version, and the auth guard refuses a token whose version is older.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffAccounts1763900000008 implements MigrationInterface {
  name = 'StaffAccounts1763900000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "member" ADD "token_version" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "staff" ADD "token_version" integer NOT NULL DEFAULT '0'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "staff" DROP COLUMN "token_version"`);
    await q.query(`ALTER TABLE "member" DROP COLUMN "token_version"`);
  }
}
