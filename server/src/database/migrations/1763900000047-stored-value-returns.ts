// Stored value returns (docs/stored-value.md "Settlement"): what each order refund gave back to
// each lot, when and at which store, so the settlement dates a return by its own time. Existing
// returns are carried over dated by the order's last refund entry.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StoredValueReturns1763900000047 implements MigrationInterface {
  name = 'StoredValueReturns1763900000047';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "stored_value_return" ("entry_id" uuid NOT NULL, "lot_id" uuid NOT NULL, "order_id" uuid NOT NULL, "store_id" uuid NOT NULL, "principal" integer NOT NULL, "bonus" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_22da839232ba85ffe58ad52f8e5" PRIMARY KEY ("entry_id", "lot_id"))`,
    );
    await q.query(`CREATE INDEX "stored_value_return_created_idx" ON "stored_value_return" ("created_at")`);
    await q.query(
      `ALTER TABLE "stored_value_return" ADD CONSTRAINT "FK_09733244b9b6858de18fd7ebe90" FOREIGN KEY ("entry_id") REFERENCES "stored_value_entry"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "stored_value_return" ADD CONSTRAINT "FK_b10052f3e9a3152a9db91328495" FOREIGN KEY ("lot_id") REFERENCES "stored_value_top_up"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `INSERT INTO "stored_value_return" ("entry_id", "lot_id", "order_id", "store_id", "principal", "bonus", "created_at")
       SELECT last.id, a.lot_id, a.order_id, a.store_id, a.principal_returned, a.bonus_returned, last.created_at
         FROM "stored_value_allocation" a
         JOIN LATERAL (SELECT e.id, e.created_at FROM "stored_value_entry" e
                        WHERE e.order_id = a.order_id AND e.kind = 'order_refund'
                        ORDER BY e.created_at DESC, e.id DESC LIMIT 1) last ON true
        WHERE a.principal_returned + a.bonus_returned > 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "stored_value_return"`);
  }
}
