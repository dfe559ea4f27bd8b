// Lifecycle stage and RFM scores per member, written by the nightly analytics job (issue 11
// item 3) and read by segments and the member 360.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MemberScore1763900000018 implements MigrationInterface {
  name = 'MemberScore1763900000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "member_score" ("member_id" uuid NOT NULL, "stage" text NOT NULL, "stage_since" date NOT NULL, "recency_score" smallint, "frequency_score" smallint, "monetary_score" smallint, "rfm_group" text, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_member_score" PRIMARY KEY ("member_id"))`,
    );
    await q.query(`CREATE INDEX "member_score_stage_idx" ON "member_score" ("stage")`);
    await q.query(`CREATE INDEX "member_score_rfm_group_idx" ON "member_score" ("rfm_group")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "member_score"`);
  }
}
