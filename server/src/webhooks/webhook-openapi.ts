// The webhook events in the OpenAPI document, generated from the shared catalogue: one component
// schema per event (`WebhookEvent.<type>`, the envelope with its `data`) and a `webhooks` section
// (OpenAPI 3.1) with one POST per event. @nestjs/swagger 12 only knows webhooks as decorated
// controller methods (@ApiWebhook), which would also be served as routes; so bootstrap adds these
// to the generated document instead.
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS, type WebhookFieldType } from '@huiyuan/shared';
import type { OpenAPIObject } from '@nestjs/swagger';

const SIGNATURE =
  'Huiyuan-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")> (one v1 per secret in force)';

function fieldSchema(type: WebhookFieldType): Record<string, unknown> {
  const nullable = type.endsWith('|null');
  const base = type.replace('|null', '');
  return { type: base, ...(nullable ? { nullable: true } : {}) };
}

export const schemaName = (type: string) => `WebhookEvent.${type}`;

export const WEBHOOK_EVENTS_DESCRIPTION = [
  'Events (schemas `WebhookEvent.<type>` in components; the `webhooks` section of this document):',
  ...WEBHOOK_EVENT_TYPES.map((t) => `- \`${t}\` (v${WEBHOOK_EVENTS[t].version}): ${WEBHOOK_EVENTS[t].description}`),
  '',
  `Every delivery: POST, content-type application/json, body { id, type, createdAt, version, data }; headers Huiyuan-Event-Id and ${SIGNATURE}. 2xx acknowledges; anything else is retried with backoff for about a day. See docs/webhooks.md.`,
].join('\n');

export function addWebhooksToOpenApi(document: OpenAPIObject): OpenAPIObject {
  const schemas: Record<string, unknown> = {};
  const webhooks: Record<string, unknown> = {};
  for (const type of WEBHOOK_EVENT_TYPES) {
    const def = WEBHOOK_EVENTS[type];
    const fields: Record<string, WebhookFieldType> = def.fields;
    schemas[schemaName(type)] = {
      type: 'object',
      description: def.description,
      required: ['id', 'type', 'createdAt', 'version', 'data'],
      properties: {
        id: { type: 'string', format: 'uuid', description: 'Stable across retries: de-duplicate by it' },
        type: { type: 'string', enum: [type] },
        createdAt: { type: 'string', format: 'date-time' },
        version: { type: 'integer', enum: [def.version] },
        data: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fieldSchema(v)])),
        },
      },
    };
    webhooks[type] = {
      post: {
        summary: def.description,
        tags: ['webhooks'],
        parameters: [
          { name: 'Huiyuan-Signature', in: 'header', required: true, schema: { type: 'string' }, description: SIGNATURE },
          { name: 'Huiyuan-Event-Id', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName(type)}` } } },
        },
        responses: { '2XX': { description: 'Acknowledged; anything else is retried' } },
      },
    };
  }
  document.components = { ...document.components, schemas: { ...(document.components?.schemas ?? {}), ...(schemas as object) } };
  document.webhooks = { ...(document.webhooks ?? {}), ...(webhooks as NonNullable<OpenAPIObject['webhooks']>) };
  return document;
}
