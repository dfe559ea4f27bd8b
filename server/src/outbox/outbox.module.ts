import { Module } from '@nestjs/common';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxService } from './outbox.service.js';

/** After-commit effects: rows written in the caller's transaction, delivered by the relay. */
@Module({
  providers: [OutboxRepository, OutboxService, OutboxRelay],
  exports: [OutboxService, OutboxRelay],
})
export class OutboxModule {}
