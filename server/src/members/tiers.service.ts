// Programme tiers, read from the database once and kept in memory (every card and order needs
// them; they change rarely). After the first load, `all()` never waits for the database: a stale
// copy is served while a refresh runs in the background. That matters inside transactions — a
// call that needed a second pool connection while holding one could exhaust the pool under load.
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { TierDefinition } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { Tier } from './tier.entity.js';

const REFRESH_AFTER_MS = 30_000;

@Injectable()
export class TiersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Tiers');
  private cache: { at: number; tiers: TierDefinition[] } | null = null;
  private refreshing: Promise<TierDefinition[]> | null = null;

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.load();
  }

  async all(): Promise<TierDefinition[]> {
    if (!this.cache) return this.load();
    if (Date.now() - this.cache.at > REFRESH_AFTER_MS && !this.refreshing) {
      this.load().catch((err: unknown) =>
        this.logger.warn({ err: { message: String(err) } }, 'tier refresh failed; keeping the cached tiers'),
      );
    }
    return this.cache.tiers;
  }

  /** After an admin changes tiers: the next `all()` reloads. */
  invalidate(): void {
    this.cache = null;
  }

  private load(): Promise<TierDefinition[]> {
    this.refreshing ??= this.db
      .getRepository(Tier)
      .find({ order: { growthThreshold: 'ASC' } })
      .then((rows) => {
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
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }
}
