// Presence at the till: one row per identification (member code scan or the manager fallback),
// proof that the member was at this store's till, valid 10 minutes. Spending orders name one.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Presence1763900000007 implements MigrationInterface {
  name = 'Presence1763900000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "member_identification" ("id" uuid NOT NULL, "member_id" uuid NOT NULL, "store_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "method" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "member_identification_method_known" CHECK ("method" IN ('member_code', 'member_no')), CONSTRAINT "member_identification_expires_after_created" CHECK ("expires_at" > "created_at"), CONSTRAINT "PK_90a1ac171e9aac99de418a72b6f" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `ALTER TABLE "member_identification" ADD CONSTRAINT "FK_352805c7eda121aa872eea101c6" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "member_identification" ADD CONSTRAINT "FK_b66f5d8c3adf19a1fa6a6255450" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "member_identification" CASCADE`);
  }
}
