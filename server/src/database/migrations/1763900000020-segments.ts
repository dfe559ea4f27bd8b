// Tags, member tags and saved segments (issue 11 item 4, docs/segments.md), and the index that
// lets `bought_category_any` start from the category instead of scanning every order line.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Segments1763900000020 implements MigrationInterface {
  name = 'Segments1763900000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "tag" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "tag_name_length" CHECK (char_length("name") BETWEEN 1 AND 32), CONSTRAINT "PK_8e4052373c579afc1471f526760" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "tag_name_key" ON "tag" ("name")`);
    await q.query(
      `CREATE TABLE "member_tag" ("member_id" uuid NOT NULL, "tag_id" uuid NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_113b91011c78ebb8eb6c9b9de88" PRIMARY KEY ("member_id", "tag_id"))`,
    );
    await q.query(`CREATE INDEX "member_tag_tag_idx" ON "member_tag" ("tag_id", "member_id")`);
    await q.query(
      `CREATE TABLE "segment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "conditions" jsonb NOT NULL, "member_count" integer, "counted_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "segment_name_length" CHECK (char_length("name") BETWEEN 1 AND 64), CONSTRAINT "PK_d648ac58d8e0532689dfb8ad7ef" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "order_item_category_idx" ON "order_item" ("category", "order_id")`);
    await q.query(
      `ALTER TABLE "member_tag" ADD CONSTRAINT "FK_3ca558291ed130bc992c31cc9e5" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "member_tag" ADD CONSTRAINT "FK_ed8bd8057e6d3af1b4d4e6840af" FOREIGN KEY ("tag_id") REFERENCES "tag"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "order_item_category_idx"`);
    await q.query(`DROP TABLE "segment"`);
    await q.query(`DROP TABLE "member_tag"`);
    await q.query(`DROP TABLE "tag"`);
  }
}
