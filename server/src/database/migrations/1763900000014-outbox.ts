// The outbox (after-commit effects, delivered by the relay), and admin points adjustments as one
// more reward kind of the rewards pipeline: reward_grant accepts `points_adjustment`, and the
// adjustments made before are recorded there, so a replay of an old idempotencyKey still replays.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Outbox1763900000014 implements MigrationInterface {
  name = 'Outbox1763900000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "outbox_message" ("id" BIGSERIAL NOT NULL, "topic" text NOT NULL, "member_id" uuid, "payload" jsonb NOT NULL, "dedupe_key" text, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claim_token" uuid, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "outbox_message_status_known" CHECK ("status" IN ('pending', 'delivered', 'dead')), CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "outbox_message_dedupe_key" ON "outbox_message" ("dedupe_key") `);
    await q.query(
      `CREATE INDEX "outbox_message_member_pending_idx" ON "outbox_message" ("member_id", "topic", "id") WHERE "status" = 'pending' AND "member_id" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "outbox_message_due_idx" ON "outbox_message" ("available_at", "id") WHERE "status" = 'pending'`);

    await q.query(`ALTER TABLE "reward_grant" DROP CONSTRAINT "reward_grant_kind_known"`);
    await q.query(
      `ALTER TABLE "reward_grant" ADD CONSTRAINT "reward_grant_kind_known" CHECK ("kind" IN ('points', 'coupon', 'points_adjustment'))`,
    );
    // Earlier adjustments (key adjust:<idempotencyKey> on their ledger entry) become grants: the
    // asked delta is the recorded one plus the debt it paid.
    await q.query(
      `INSERT INTO "reward_grant" (member_id, business_key, kind, status, reward, outcome, created_at)
       SELECT e.member_id, e.business_key, 'points_adjustment', 'granted',
              jsonb_build_object('kind', 'points_adjustment', 'delta', e.delta + e.debt_paid, 'staffId', e.staff_id, 'note', e.note),
              jsonb_build_object('status', 'granted', 'kind', 'points_adjustment', 'entryId', e.id, 'delta', e.delta, 'balanceAfter', e.balance_after),
              e.created_at
         FROM "points_entry" e
        WHERE e.kind = 'adjust' AND e.business_key LIKE 'adjust:%'
       ON CONFLICT (member_id, business_key) DO NOTHING`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "reward_grant" WHERE kind = 'points_adjustment'`);
    await q.query(`ALTER TABLE "reward_grant" DROP CONSTRAINT "reward_grant_kind_known"`);
    await q.query(`ALTER TABLE "reward_grant" ADD CONSTRAINT "reward_grant_kind_known" CHECK ("kind" IN ('points', 'coupon'))`);
    await q.query(`DROP TABLE IF EXISTS "outbox_message" CASCADE`);
  }
}
