// Payments sync (docs/stored-value.md "Payments"): a refund WeChat Pay reports ABNORMAL is held
// (`abnormal`: the money is neither paid out nor back), and payments and refunds remember when the
// sync job last asked about them, so it works through all of them in turn instead of the oldest
// hundred forever.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentSync1763900000043 implements MigrationInterface {
  name = 'PaymentSync1763900000043';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "payment" ADD "synced_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "payment_refund" ADD "synced_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "payment_refund" DROP CONSTRAINT "payment_refund_status_known"`);
    await q.query(
      `ALTER TABLE "payment_refund" ADD CONSTRAINT "payment_refund_status_known" CHECK ("status" IN ('pending', 'processing', 'abnormal', 'succeeded', 'failed'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "payment_refund" DROP CONSTRAINT "payment_refund_status_known"`);
    await q.query(
      `ALTER TABLE "payment_refund" ADD CONSTRAINT "payment_refund_status_known" CHECK ("status" IN ('pending', 'processing', 'succeeded', 'failed'))`,
    );
    await q.query(`ALTER TABLE "payment_refund" DROP COLUMN "synced_at"`);
    await q.query(`ALTER TABLE "payment" DROP COLUMN "synced_at"`);
  }
}
