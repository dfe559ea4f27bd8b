// Builds the HTTP application: Fastify adapter, validation, error filter, request logging,
// OpenAPI, the H5 build at `/`. Used by main.ts and by the tests, so both run the same app.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { ApiExceptionFilter } from './common/http-exception.filter.js';
import { helmetOptions } from './common/security-headers.js';
import { useJsonBodyParser } from './common/json-body.js';
import { createValidationPipe } from './common/validation.js';
import { REPO_ROOT, type AppConfig } from './config/config.js';
import { withStartupLock } from './database/startup-lock.js';
import { seedDemo, seedDemoPurchases, type DemoSeed } from './demo/demo-seed.js';
import { registerMetrics } from './health/metrics.js';
import { IdentityService } from './identity/identity.service.js';
import { PinoNestLogger } from './logging/logger.js';
import { buildOpenApiDocument } from './openapi.js';

export const BODY_LIMIT_BYTES = 64 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  logger: Logger;
}

export async function createApp({ config, databaseUrl, logger }: CreateAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // HUIYUAN_TRUST_PROXY: without it, X-Forwarded-For is ignored and req.ip is the socket's peer.
    // A hop count as Fastify does it (its adapter's type leaves numbers out): trust the n nearest.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, databaseUrl }), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.setGlobalPrefix('api/v1');
  useJsonBodyParser(app, BODY_LIMIT_BYTES);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());

  const h5 = path.join(REPO_ROOT, 'miniapp', 'dist', 'h5');
  const serveH5 = config.serveH5 && existsSync(path.join(h5, 'index.html'));
  // The operator console (admin/, a Vite build with base /admin/), served beside the H5 build.
  const consoleDir = path.join(REPO_ROOT, 'admin', 'dist');
  const serveConsole = config.serveH5 && existsSync(path.join(consoleDir, 'index.html'));
  // First, so its hook covers every route registered after it (API, docs, H5, metrics).
  const { default: fastifyHelmet } = await import('@fastify/helmet');
  await app.register(fastifyHelmet, helmetOptions({ production: config.env === 'production', h5Dir: serveH5 ? h5 : null }));

  const fastify = app.getHttpAdapter().getInstance();
  const httpLog = logger.child({ component: 'http' });
  fastify.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    // wx.request always declares JSON, even with no body: an empty body is no body, not bad JSON.
    if (req.headers['content-length'] === '0') delete req.headers['content-type'];
  });
  fastify.addHook('onResponse', async (req, reply) => {
    httpLog.info(
      {
        reqId: req.id,
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  if (config.metrics) registerMetrics(fastify, app.get(DataSource));

  // Off in production unless HUIYUAN_API_DOCS=1: the API's map is not for everyone.
  if (config.apiDocs) {
    SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  }

  if (serveH5) {
    // Loaded only when serving: it pulls in ESM-only dependencies that Jest's module system cannot load.
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, { root: h5, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  if (serveConsole) await serveConsoleBuild(app, consoleDir);

  // Schema first: explicit migrations, then the accounts the configuration asks for.
  // Several instances may start at once: one at a time through these steps (startup-lock.ts).
  const db = app.get(DataSource);
  let demo: DemoSeed | null = null;
  await withStartupLock(databaseUrl, async () => {
    await db.runMigrations({ transaction: 'each' });
    if (config.bootstrapAdmin) {
      await app.get(IdentityService).ensureBootstrapAdmin(config.bootstrapAdmin.username, config.bootstrapAdmin.password);
    }
    // loadConfig already forces demo off in production; this keeps it so if a caller builds the config by hand.
    if (config.demo && config.env !== 'production') demo = await seedDemo(app);
  });
  await app.init();
  // The demo's orders go through the till, which prices them with the programme loaded at init.
  if (demo) await seedDemoPurchases(app, demo);
  return app;
}

/**
 * The console's files under /admin/, and its index.html for every other GET under /admin (its
 * client-side routes: a reload of /admin/members/… must not be a 404). Hashed assets are cached
 * for a year, index.html never (it names the current assets).
 */
async function serveConsoleBuild(app: NestFastifyApplication, root: string): Promise<void> {
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic, {
    root,
    prefix: '/admin/',
    wildcard: false,
    preCompressed: true, // the build's .br / .gz beside each asset (admin/vite.config.ts)
    index: false,
    decorateReply: false,
    setHeaders: (res, file) => {
      res.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const index = readFileSync(path.join(root, 'index.html'));
  const fastify = app.getHttpAdapter().getInstance();
  const sendIndex = (_req: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  fastify.get('/admin', (_req, reply) => reply.redirect('/admin/', 301));
  fastify.get('/admin/', sendIndex);
  fastify.get('/admin/*', sendIndex);
}
