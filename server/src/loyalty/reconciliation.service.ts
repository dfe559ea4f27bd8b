// Reconciliation: the invariants of the points ledger and coupon stock, checked over the whole database with
// SQL. Run after every test, by `node scripts/reconcile.mjs`, and by ops at will. An empty
// result means every balance, lot, allocation and order agrees with the ledger.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { INVARIANTS, ReconciliationRepository, type Violation } from './reconciliation.repository.js';

export { INVARIANTS, type Violation } from './reconciliation.repository.js';

@Injectable()
export class ReconciliationService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly rows: ReconciliationRepository,
  ) {}

  async check(): Promise<Violation[]> {
    const violations: Violation[] = [];
    for (const inv of INVARIANTS) {
      const rows = await this.rows.violationsOf(this.db, inv.sql);
      for (const r of rows) violations.push({ check: inv.check, subject: r.subject, detail: r.detail });
    }
    return violations;
  }
}
