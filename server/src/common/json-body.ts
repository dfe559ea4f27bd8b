// The JSON body parser: Fastify's own (prototype-poisoning checks included), after a scan of the
// raw bytes that refuses bodies nested deeper than MAX_JSON_DEPTH. Without it 20,000 nested
// brackets cost ~27× a normal request in JSON.parse and class-transformer, and end in a stack
// overflow (a 500); the scan is one linear pass and stops at the first bracket too deep.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

/** No request of the API nests deeper than 4; 32 leaves room without risking the stack. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether brackets outside strings nest deeper than `limit`. Works on UTF-8 bytes: no byte of a
 * multi-byte character is ASCII, so quotes and brackets are found exactly.
 */
export function jsonNestsDeeperThan(body: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) depth--;
  }
  return false;
}

/** The error the filter turns into 400 BODY_TOO_DEEP. */
export class BodyTooDeepError extends Error {
  readonly code = 'HY_BODY_TOO_DEEP';
  readonly statusCode = 400;
  constructor() {
    super(`request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

/** Routes whose raw body is kept for a signature over it (WeChat Pay signs the exact bytes). */
const RAW_BODY_ROUTES = ['/api/v1/payments/wechat/notify']; // payments/payment-gateway.provider.ts NOTIFY_PATH
const RAW_BODY = Symbol('rawBody');

/** The request body as received, for the routes listed above (undefined elsewhere). */
export function rawBodyOf(req: FastifyRequest): string | undefined {
  return (req as unknown as { [RAW_BODY]?: string })[RAW_BODY];
}

export function useJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (req: FastifyRequest, body: Buffer, done) => {
    if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) {
      done(new BodyTooDeepError(), undefined);
      return;
    }
    const text = body.toString('utf8');
    if (RAW_BODY_ROUTES.includes(req.url.split('?')[0]!)) (req as unknown as { [RAW_BODY]?: string })[RAW_BODY] = text;
    void parseJson(req, text, done);
  });
}
