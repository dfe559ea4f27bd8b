// GET /metrics in Prometheus text format (HUIYUAN_METRICS=1): requests by route pattern and
// status, their duration, the database pool, and Node's process metrics. One registry per app,
// so tests that build several apps in one process do not collide.
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { outboxCounts } from '../outbox/outbox.repository.js';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export function registerMetrics(fastify: FastifyInstance, db: DataSource): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'huiyuan_http_requests_total', help: 'HTTP requests', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'huiyuan_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const pool = () => (db.driver as unknown as { master?: PgPool }).master;
  const poolGauge = (name: string, help: string, read: (p: PgPool) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const p = pool();
        this.set(p ? read(p) : 0);
      },
    });
  poolGauge('huiyuan_db_pool_connections', 'Open connections in the database pool', (p) => p.totalCount);
  poolGauge('huiyuan_db_pool_idle_connections', 'Idle connections in the database pool', (p) => p.idleCount);
  poolGauge('huiyuan_db_pool_waiting_requests', 'Queries waiting for a pool connection', (p) => p.waitingCount);

  new Gauge({
    name: 'huiyuan_outbox_messages',
    help: 'Outbox messages waiting for delivery (pending, retries included) and given up (dead)',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const counts = await outboxCounts(db);
      this.set({ status: 'pending' }, counts.pending);
      this.set({ status: 'dead' }, counts.dead);
    },
  });

  fastify.addHook('onResponse', async (req, reply) => {
    // The route pattern (`/api/v1/members/:id`), never the URL: bounded label values, no personal data.
    const labels = { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  fastify.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  return registry;
}
