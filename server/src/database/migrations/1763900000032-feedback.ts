// Feedback (反馈, issue 12 item 5; docs/feedback.md): one table owned by feedback/, with the
// member's idempotency key (member, requestId) and the inbox's keyset indexes.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Feedback1763900000032 implements MigrationInterface {
  name = 'Feedback1763900000032';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "feedback" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "store_id" uuid, "order_id" uuid, "order_no" text, "request_id" text, "category" text NOT NULL, "content" text, "rating" smallint, "status" text NOT NULL DEFAULT 'open', "owner_staff_id" uuid, "reply" text, "replied_by" uuid, "replied_at" TIMESTAMP WITH TIME ZONE, "first_replied_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "erased_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "feedback_content_kept" CHECK ("content" IS NOT NULL OR "erased_at" IS NOT NULL), CONSTRAINT "feedback_reply_length" CHECK ("reply" IS NULL OR char_length("reply") BETWEEN 1 AND 500), CONSTRAINT "feedback_content_length" CHECK ("content" IS NULL OR char_length("content") BETWEEN 1 AND 500), CONSTRAINT "feedback_rating_range" CHECK ("rating" IS NULL OR "rating" BETWEEN 1 AND 5), CONSTRAINT "feedback_status_known" CHECK ("status" IN ('open', 'replied', 'closed')), CONSTRAINT "feedback_category_known" CHECK ("category" IN ('service', 'product', 'environment', 'other')), CONSTRAINT "PK_8389f9e087a57689cd5be8b2b13" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "feedback_status_created_idx" ON "feedback" ("status", "created_at", "id")`);
    await q.query(`CREATE INDEX "feedback_store_created_idx" ON "feedback" ("store_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "feedback_member_created_idx" ON "feedback" ("member_id", "created_at", "id")`);
    await q.query(`CREATE UNIQUE INDEX "feedback_member_request_key" ON "feedback" ("member_id", "request_id")`);
    await q.query(
      `ALTER TABLE "feedback" ADD CONSTRAINT "FK_5f593b261c7a3ac1f62d04d0747" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "feedback" ADD CONSTRAINT "FK_a7052776932463579999459997b" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "feedback" ADD CONSTRAINT "FK_440458adca1b001c2c29d852c08" FOREIGN KEY ("order_id") REFERENCES "member_order"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "feedback" ADD CONSTRAINT "FK_373a25f7015063b1793a5a01250" FOREIGN KEY ("owner_staff_id") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "feedback" ADD CONSTRAINT "FK_9d66348dc800b8f7c9e86b25eb0" FOREIGN KEY ("replied_by") REFERENCES "staff"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "feedback"`);
  }
}
