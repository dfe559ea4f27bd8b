// Migrations in order. Listed explicitly (no globs) so bundling and ESM loading stay simple.
import type { MigrationInterface } from 'typeorm';
import { Foundation1763900000001 } from './1763900000001-foundation.js';
import { LoyaltyCore1763900000002 } from './1763900000002-loyalty-core.js';
import { Coupons1763900000003 } from './1763900000003-coupons.js';
import { Engagement1763900000004 } from './1763900000004-engagement.js';
import { Robustness1763900000005 } from './1763900000005-robustness.js';

export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Foundation1763900000001,
  LoyaltyCore1763900000002,
  Coupons1763900000003,
  Engagement1763900000004,
  Robustness1763900000005,
];
