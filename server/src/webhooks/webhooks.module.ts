import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module.js';
import { AdminWebhooksController } from './admin-webhooks.controller.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhooks: admin endpoints and delivery log; the outbox handler that signs and sends. docs/webhooks.md. */
@Module({
  imports: [OutboxModule],
  controllers: [AdminWebhooksController],
  providers: [WebhooksService, WebhookDeliveryService],
  exports: [WebhooksService, WebhookDeliveryService],
})
export class WebhooksModule {}
