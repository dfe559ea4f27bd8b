// The programme's tables' SQL (programme_version, tier; programme/ owns them).
import { Injectable } from '@nestjs/common';
import type { TierDefinition } from '@huiyuan/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { ProgrammeVersion } from './programme-version.entity.js';

@Injectable()
export class ProgrammeRepository {
  byVersion(db: DataSource, version: number): Promise<ProgrammeVersion | null> {
    return db.getRepository(ProgrammeVersion).findOneBy({ version });
  }

  /** Every version (number, time, author), newest first. */
  history(db: DataSource): Promise<ProgrammeVersion[]> {
    return db.getRepository(ProgrammeVersion).find({
      select: { version: true, changedAt: true, changedBy: true },
      order: { version: 'DESC' },
    });
  }

  newest(db: DataSource): Promise<ProgrammeVersion[]> {
    return db.getRepository(ProgrammeVersion).find({ order: { version: 'DESC' }, take: 1 });
  }

  async currentVersion(tx: EntityManager): Promise<number | undefined> {
    const rows: { version: number }[] = await tx.query('SELECT max(version)::int AS version FROM programme_version');
    return rows[0]?.version;
  }

  async insertVersion(tx: EntityManager, version: number, definition: object, staffId: string): Promise<void> {
    await tx.query(`INSERT INTO programme_version (version, definition, changed_by) VALUES ($1, $2, $3)`, [
      version,
      JSON.stringify(definition),
      staffId,
    ]);
  }

  /** The tier table mirrors the current tiers: others go, these are upserted. */
  async replaceTiers(tx: EntityManager, tiers: readonly TierDefinition[]): Promise<void> {
    const codes = tiers.map((t) => t.code);
    await tx.query('DELETE FROM tier WHERE NOT (code = ANY($1))', [codes]);
    for (const t of tiers) {
      await tx.query(
        `INSERT INTO tier (code, name, growth_threshold, keep_growth, points_multiplier_bp, discount_rate_bp, benefits)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, growth_threshold = EXCLUDED.growth_threshold,
               keep_growth = EXCLUDED.keep_growth, points_multiplier_bp = EXCLUDED.points_multiplier_bp,
               discount_rate_bp = EXCLUDED.discount_rate_bp, benefits = EXCLUDED.benefits`,
        [t.code, t.name, t.growthThreshold, t.keepGrowth, t.pointsMultiplierBp, t.discountRateBp, JSON.stringify(t.benefits)],
      );
    }
  }
}
