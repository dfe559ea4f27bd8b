// Robustness: `Idempotency-Key` rows of admin creates (common/idempotency.ts), one per staff
// account and key, written in the transaction of the create they guard.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Robustness1763900000005 implements MigrationInterface {
  name = 'Robustness1763900000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "idempotency_key" ("staff_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "request_hash" text NOT NULL, "response" json, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_idempotency_key" PRIMARY KEY ("staff_id", "key"))`,
    );
    await q.query(
      `ALTER TABLE "idempotency_key" ADD CONSTRAINT "FK_8da44d60ab501b40e8a0d9e4661" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_key"`);
  }
}
