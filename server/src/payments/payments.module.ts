import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module.js';
import { PAYMENT_PROVIDERS } from './payment-gateway.provider.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';

/** Payments through WeChat Pay: orders, notifications, queries, refunds (docs/stored-value.md "Payments"). */
@Module({
  imports: [OutboxModule],
  controllers: [PaymentsController],
  providers: [...PAYMENT_PROVIDERS, PaymentsService],
  exports: [PaymentsService],
})
export class PaymentsModule {}
