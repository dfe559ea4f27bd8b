import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page, WebhookDeliveryView, WebhookEndpointView, WebhookSecretView } from '@huiyuan/shared';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { Idempotent } from '../common/idempotency.js';
import { CreateWebhookDto, UpdateWebhookDto, WebhookDeliveriesQuery } from './dto/webhook.dto.js';
import { WEBHOOK_EVENTS_DESCRIPTION } from './webhook-openapi.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('admin', 'webhooks')
@ApiBearerAuth()
@Controller('admin/webhooks')
export class AdminWebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Create a webhook endpoint; the signing secret is in this response only (Idempotency-Key replays it)',
    description: WEBHOOK_EVENTS_DESCRIPTION,
  })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateWebhookDto): Promise<WebhookSecretView> {
    return this.webhooks.create(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Every webhook endpoint (no secrets)' })
  async list(): Promise<{ items: WebhookEndpointView[] }> {
    return { items: await this.webhooks.list() };
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Edit an endpoint: url, events, description, status (disabled → nothing is sent)' })
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookEndpointView> {
    return this.webhooks.update(actor, id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint and its delivery log' })
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.webhooks.remove(actor, id);
  }

  @Post(':id/rotate-secret')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Rotate the signing secret: the new one is in this response only; the old one also signs until previousSecretExpiresAt',
  })
  rotate(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookSecretView> {
    return this.webhooks.rotateSecret(actor, id);
  }

  @Post(':id/test')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a webhook.test event to this endpoint only' })
  test(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<{ eventId: string; deliveryId: string }> {
    return this.webhooks.test(actor, id);
  }

  @Get(':id/deliveries')
  @Roles('admin')
  @ApiOperation({
    summary: 'The delivery log of an endpoint, newest first (status, attempts, response code, latency; keyset paginated)',
  })
  deliveries(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: WebhookDeliveriesQuery,
  ): Promise<Page<WebhookDeliveryView>> {
    return this.webhooks.deliveries(id, q.cursor, q.limit);
  }

  @Post('deliveries/:id/redeliver')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery’s event again (same event id; receivers de-duplicate by it)' })
  redeliver(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookDeliveryView> {
    return this.webhooks.redeliver(actor, id);
  }
}
