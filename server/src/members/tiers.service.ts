// Programme tiers, read from the database and kept in memory briefly (they change rarely, and
// every card and order needs them).
import { Inject, Injectable } from '@nestjs/common';
import type { TierDefinition } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { Tier } from './tier.entity.js';

const CACHE_MS = 30_000;

@Injectable()
export class TiersService {
  private cache: { at: number; tiers: TierDefinition[] } | null = null;

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async all(): Promise<TierDefinition[]> {
    if (this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache.tiers;
    const rows = await this.db.getRepository(Tier).find({ order: { growthThreshold: 'ASC' } });
    const tiers = rows.map((t) => ({
      code: t.code,
      name: t.name,
      growthThreshold: t.growthThreshold,
      keepGrowth: t.keepGrowth,
      pointsMultiplierBp: t.pointsMultiplierBp,
      discountRateBp: t.discountRateBp,
      benefits: t.benefits,
    }));
    this.cache = { at: Date.now(), tiers };
    return tiers;
  }

  invalidate(): void {
    this.cache = null;
  }
}
