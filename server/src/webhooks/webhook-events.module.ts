import { Global, Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module.js';
import { WebhookEventsService } from './webhook-events.service.js';

/**
 * `WebhookEventsService.emit` for every module (global: loyalty, till, coupons, engagement … all
 * raise events, and importing a module each would make cycles). Delivery is WebhooksModule's.
 */
@Global()
@Module({
  imports: [OutboxModule],
  providers: [WebhookEventsService],
  exports: [WebhookEventsService],
})
export class WebhookEventsModule {}
