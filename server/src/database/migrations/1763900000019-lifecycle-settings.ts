// Editable lifecycle thresholds (one row; absent = the documented defaults) and the append-only
// log of stage / RFM group changes the nightly member-scores job writes (issue 11 item 3).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LifecycleSettings1763900000019 implements MigrationInterface {
  name = 'LifecycleSettings1763900000019';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "lifecycle_setting" ("id" smallint NOT NULL, "new_days" integer NOT NULL, "silent_after_days" integer NOT NULL, "churned_after_days" integer NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "lifecycle_setting_single_row" CHECK ("id" = 1), CONSTRAINT "lifecycle_setting_ascending" CHECK ("new_days" >= 1 AND "new_days" < "silent_after_days" AND "silent_after_days" < "churned_after_days" AND "churned_after_days" <= 3660), CONSTRAINT "PK_lifecycle_setting" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "member_score_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "kind" text NOT NULL, "from_value" text, "to_value" text, "changed_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "member_score_change_kind_known" CHECK ("kind" IN ('stage', 'rfm_group')), CONSTRAINT "PK_member_score_change" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "member_score_change_created_idx" ON "member_score_change" ("created_at")`);
    await q.query(`CREATE INDEX "member_score_change_member_idx" ON "member_score_change" ("member_id", "created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "member_score_change"`);
    await q.query(`DROP TABLE "lifecycle_setting"`);
  }
}
