// Migrations in order. Listed explicitly (no globs) so bundling and ESM loading stay simple.
import type { MigrationInterface } from 'typeorm';
import { Foundation1763900000001 } from './1763900000001-foundation.js';

export const MIGRATIONS: (new () => MigrationInterface)[] = [Foundation1763900000001];
