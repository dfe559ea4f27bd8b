// Webhooks (issue 17): endpoints (secret encrypted at rest, previous secret during a rotation's grace),
// the event log (stable event ids) and the delivery log. Delivery runs through outbox_message.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1763900000016 implements MigrationInterface {
  name = 'Webhooks1763900000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "webhook_endpoint" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "url" text NOT NULL, "events" text array NOT NULL, "description" text, "status" text NOT NULL DEFAULT 'active', "secret_cipher" bytea NOT NULL, "previous_secret_cipher" bytea, "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "webhook_endpoint_status_known" CHECK ("status" IN ('active', 'disabled')), CONSTRAINT "PK_6c98112122b2b8a4f3984d2efa8" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "webhook_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" text NOT NULL, "version" integer NOT NULL, "member_id" uuid, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0f56d2f40f5ec823acf8e8edad1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "webhook_event_member_idx" ON "webhook_event"  ("member_id", "created_at") `);
    await q.query(
      `CREATE TABLE "webhook_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "endpoint_id" uuid NOT NULL, "event_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_response_code" integer, "last_latency_ms" integer, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "webhook_delivery_status_known" CHECK ("status" IN ('pending', 'retrying', 'delivered', 'dead', 'skipped')), CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "webhook_delivery_event_idx" ON "webhook_delivery"  ("event_id") `);
    await q.query(`CREATE INDEX "webhook_delivery_endpoint_idx" ON "webhook_delivery"  ("endpoint_id", "created_at", "id") `);
    await q.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_f53f5aec02217a54927b13e39d9" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "webhook_delivery" ADD CONSTRAINT "FK_b723a573cd78b4cff3404153ad1" FOREIGN KEY ("event_id") REFERENCES "webhook_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "webhook_delivery" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "webhook_event" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "webhook_endpoint" CASCADE`);
  }
}
