// Programme tiers: the current programme version's (ProgrammeService caches it; after the first
// load `all()` never waits for the database — a stale copy is served while a refresh runs in the
// background. That matters inside transactions — a call that needed a second pool connection
// while holding one could exhaust the pool under load). The `tier` table mirrors these tiers.
import { Injectable } from '@nestjs/common';
import type { Programme, TierDefinition } from '@huiyuan/shared';
import { ProgrammeService } from '../programme/programme.service.js';

@Injectable()
export class TiersService {
  constructor(private readonly programme: ProgrammeService) {}

  async all(): Promise<TierDefinition[]> {
    return (await this.programme.current()).tiers;
  }

  /** The whole current programme version (the card's member days need its earning rules and timezone). */
  current(): Promise<Programme> {
    return this.programme.current();
  }
}
