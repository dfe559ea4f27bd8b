// Programme configuration: versioned documents in programme_version (the current one is the
// highest version), seeded from today's constants and the tier rows this database already has;
// orders remember the version they were recorded with; a store may carry its own currency.
import { DEFAULT_PROGRAMME, isIanaTimezone, type Programme, type TierDefinition } from '@huiyuan/shared';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Programme1763900000011 implements MigrationInterface {
  name = 'Programme1763900000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "programme_version" ("version" integer NOT NULL, "definition" jsonb NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "changed_by" uuid, CONSTRAINT "programme_version_positive" CHECK ("version" >= 1), CONSTRAINT "programme_version_pkey" PRIMARY KEY ("version"))`,
    );
    const rows: {
      code: TierDefinition['code'];
      name: string;
      growth_threshold: number;
      keep_growth: number;
      points_multiplier_bp: number;
      discount_rate_bp: number;
      benefits: TierDefinition['benefits'];
    }[] = await q.query(
      `SELECT code, name, growth_threshold, keep_growth, points_multiplier_bp, discount_rate_bp, benefits FROM "tier" ORDER BY growth_threshold, code`,
    );
    const seed: Programme = {
      ...DEFAULT_PROGRAMME,
      version: 1,
      // A deployment that configured its business timezone keeps it.
      timezone: isIanaTimezone(process.env.HUIYUAN_TIMEZONE) ? process.env.HUIYUAN_TIMEZONE! : DEFAULT_PROGRAMME.timezone,
      tiers:
        rows.length > 0
          ? rows.map((r) => ({
              code: r.code,
              name: r.name,
              growthThreshold: r.growth_threshold,
              keepGrowth: r.keep_growth,
              pointsMultiplierBp: r.points_multiplier_bp,
              discountRateBp: r.discount_rate_bp,
              benefits: r.benefits,
            }))
          : DEFAULT_PROGRAMME.tiers,
    };
    await q.query(`INSERT INTO "programme_version" ("version", "definition", "changed_by") VALUES (1, $1, NULL)`, [
      JSON.stringify(seed),
    ]);
    await q.query(`ALTER TABLE "member_order" ADD "programme_version" integer`);
    await q.query(`UPDATE "member_order" SET "programme_version" = 1`);
    await q.query(`ALTER TABLE "member_order" ALTER COLUMN "programme_version" SET NOT NULL`);
    await q.query(`ALTER TABLE "store" ADD "currency" text`);
    await q.query(
      `ALTER TABLE "store" ADD CONSTRAINT "store_currency_iso4217" CHECK ("currency" IS NULL OR "currency" ~ '^[A-Z]{3}$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "store" DROP CONSTRAINT "store_currency_iso4217"`);
    await q.query(`ALTER TABLE "store" DROP COLUMN "currency"`);
    await q.query(`ALTER TABLE "member_order" DROP COLUMN "programme_version"`);
    await q.query(`DROP TABLE "programme_version"`);
  }
}
