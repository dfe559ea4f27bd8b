import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  WebhookDeliveriesResponse,
  WebhookDeliveryView,
  WebhookEndpointListResponse,
  WebhookEndpointView,
  WebhookSecretView,
  WebhookTestResponse,
} from '@huiyuan/shared';
import { ApiNoContent, ApiResult } from '../common/api-docs.js';
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
    summary: 'Create a webhook endpoint',
    description:
      'The signing secret is in this response only (Idempotency-Key replays it). The url and every address its host ' +
      'resolves to must pass the URL policy of docs/webhooks.md (else 400).\n\n' +
      WEBHOOK_EVENTS_DESCRIPTION,
  })
  @ApiResult('WebhookSecretView', 201)
  create(@CurrentStaff() actor: StaffPrincipal, @Body() body: CreateWebhookDto): Promise<WebhookSecretView> {
    return this.webhooks.create(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List webhook endpoints', description: 'Every endpoint, without secrets.' })
  @ApiResult('WebhookEndpointListResponse')
  async list(): Promise<WebhookEndpointListResponse> {
    return { items: await this.webhooks.list() };
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change a webhook endpoint',
    description: 'Its url, events, description or status (disabled: nothing more is sent, pending deliveries are skipped).',
  })
  @ApiResult('WebhookEndpointView')
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
  @ApiOperation({ summary: 'Delete a webhook endpoint', description: 'With its delivery log.' })
  @ApiNoContent('Deleted')
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.webhooks.remove(actor, id);
  }

  @Post(':id/rotate-secret')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate a webhook signing secret',
    description: 'The new secret is in this response only; the old one also signs until previousSecretExpiresAt.',
  })
  @ApiResult('WebhookSecretView')
  rotate(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookSecretView> {
    return this.webhooks.rotateSecret(actor, id);
  }

  @Post(':id/test')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a test event to a webhook endpoint',
    description: 'Queues a webhook.test event to this endpoint only.',
  })
  @ApiResult('WebhookTestResponse', 202)
  test(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookTestResponse> {
    return this.webhooks.test(actor, id);
  }

  @Get(':id/deliveries')
  @Roles('admin')
  @ApiOperation({
    summary: 'List a webhook endpoint’s deliveries',
    description: 'Newest first: status, attempts, response code, latency; nextCursor for more.',
  })
  @ApiResult('WebhookDeliveriesResponse')
  deliveries(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: WebhookDeliveriesQuery,
  ): Promise<WebhookDeliveriesResponse> {
    return this.webhooks.deliveries(id, q.cursor, q.limit);
  }

  @Post('deliveries/:id/redeliver')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Redeliver a webhook event',
    description: 'Sends a delivery’s event again, with the same event id (receivers de-duplicate by it).',
  })
  @ApiResult('WebhookDeliveryView', 202)
  redeliver(@CurrentStaff() actor: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookDeliveryView> {
    return this.webhooks.redeliver(actor, id);
  }
}
