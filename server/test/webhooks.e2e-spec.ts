// Webhooks (issue 17): signed events from the changes that raise them, delivered through the
// outbox to a local receiver — at least once, in order per member and endpoint, retried, never to
// a disabled endpoint or a refused address, once across two relays. The relay is driven with
// drain() (jobs are off in tests); `later(…)` makes retries due without waiting.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@huiyuan/shared';
import { CryptoService } from '../src/common/crypto.service.js';
import { inTransaction } from '../src/common/transaction.js';
import { LoyaltyJobsService } from '../src/loyalty/loyalty-jobs.service.js';
import { OutboxRelay } from '../src/outbox/outbox.relay.js';
import { WebhookRepository } from '../src/webhooks/webhook.repository.js';
import { WebhookEventsService } from '../src/webhooks/webhook-events.service.js';
import { loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { couponFor } from './helpers/coupons.js';
import { grantPoints, identifyMember, nextOrderNo, placeOrder } from './helpers/loyalty.js';
import { createTestApp, sameDeployment, type TestApp } from './helpers/test-app.js';

const HOUR = 3_600_000;
const later = (ms: number) => () => new Date(Date.now() + ms);

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; createdAt: string; version: number; data: Record<string, unknown> };
}

/** A local receiver: records every request; `respond` picks the status (200 unless told). */
async function startReceiver() {
  const received: Received[] = [];
  let respond: (r: Received) => number = () => 200;
  // Optional: answer after this many ms (a slow receiver; concurrent requests overlap). 0: at once.
  let delay: (r: Received) => number = () => 0;
  const flight = { now: 0, max: 0 };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const r: Received = { path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) as Received['body'] };
      received.push(r);
      const answer = () => {
        res.statusCode = respond(r);
        res.end('ok');
      };
      const ms = delay(r);
      if (ms <= 0) return answer();
      flight.max = Math.max(flight.max, ++flight.now);
      setTimeout(() => {
        flight.now--;
        answer();
      }, ms);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    respondWith(f: (r: Received) => number) {
      respond = f;
    },
    delayWith(f: (r: Received) => number) {
      delay = f;
      flight.max = 0;
    },
    /** The most delayed requests in flight at once since the last delayWith. */
    maxInFlight: () => flight.max,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The receiver's check, written from docs/webhooks.md (not from the server's code). */
function signatureValid(header: string | undefined, raw: string, secret: string, toleranceS = 300): boolean {
  if (!header) return false;
  const items = header.split(',').map((kv) => kv.split('=') as [string, string]);
  const t = Number(items.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${raw}`).digest();
  return items.some(([k, v]) => k === 'v1' && v.length === 64 && timingSafeEqual(Buffer.from(v, 'hex'), expected));
}

describe('webhooks', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let cashier: LoggedInStaff;
  let relay: OutboxRelay;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    cashier = await loginStaff(t, 'cashier');
    relay = t.app.get(OutboxRelay);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  /** An endpoint on its own receiver path, so tests do not see each other's deliveries. */
  async function endpoint(events: WebhookEventType[], app = t, auth = admin.auth) {
    const path = `/hook-${++n}`;
    const res = await app.http
      .post('/api/v1/admin/webhooks')
      .set(auth)
      .send({ url: receiver.url(path), events });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, secret: res.body.secret as string, path };
  }
  const at = (path: string) => receiver.received.filter((r) => r.path === path);

  it('creates an endpoint with a secret shown once (encrypted at rest); an Idempotency-Key replay answers the same', async () => {
    const body = {
      url: receiver.url('/created'),
      events: ['order.recorded', 'order.recorded', 'points.changed'],
      description: 'CRM',
    };
    const first = await t.http
      .post('/api/v1/admin/webhooks')
      .set(admin.auth)
      .set('Idempotency-Key', 'wh-create-1')
      .send(body)
      .expect(201);
    expect(first.body).toMatchObject({
      url: body.url,
      events: ['order.recorded', 'points.changed'],
      status: 'active',
      description: 'CRM',
    });
    expect(first.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    const replay = await t.http
      .post('/api/v1/admin/webhooks')
      .set(admin.auth)
      .set('Idempotency-Key', 'wh-create-1')
      .send(body)
      .expect(201);
    expect(replay.body).toEqual(first.body);
    const list = await t.http.get('/api/v1/admin/webhooks').set(admin.auth).expect(200);
    const listed = list.body.items.find((e: { id: string }) => e.id === first.body.id);
    expect(listed).toBeDefined();
    expect(listed.secret).toBeUndefined();
    // At rest: neither the endpoint row nor the stored idempotent answer holds the secret in clear.
    const dump = JSON.stringify(await t.db.query(`SELECT encode(secret_cipher, 'escape') AS s FROM webhook_endpoint`));
    expect(dump).not.toContain(first.body.secret.slice(6));
    const keys = JSON.stringify(await t.db.query(`SELECT * FROM idempotency_key`));
    expect(keys).not.toContain(first.body.secret.slice(6));
    const [audit] = await t.db.query(`SELECT action FROM audit_log WHERE target_id = $1`, [first.body.id]);
    expect(audit.action).toBe('webhook.create');
    // Unknown event types and bad URLs are 400s.
    const bad = await t.http
      .post('/api/v1/admin/webhooks')
      .set(admin.auth)
      .send({ url: receiver.url(), events: ['nope'] });
    expect(bad.status).toBe(400);
    const privateUrl = await t.http
      .post('/api/v1/admin/webhooks')
      .set(admin.auth)
      .send({ url: 'http://10.0.0.5/hook', events: ['order.recorded'] });
    expect(privateUrl.status).toBe(400);
    expect(privateUrl.body.message).toMatch(/private/);
  });

  it('an order that upgrades the tier sends order.recorded, points.changed and tier.changed, signed and verifiable', async () => {
    const ep = await endpoint(['order.recorded', 'points.changed', 'tier.changed']);
    const m = await loginMember(t);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 60_000 }).expect(201);
    expect(order.body.tierChange?.to.code).toBe('silver');
    await relay.drain();
    const got = at(ep.path);
    expect(got.map((r) => r.body.type).sort()).toEqual(['order.recorded', 'points.changed', 'tier.changed']);
    for (const r of got) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['huiyuan-event-id']).toBe(r.body.id);
      expect(signatureValid(r.headers['huiyuan-signature'] as string, r.raw, ep.secret)).toBe(true);
      expect(signatureValid(r.headers['huiyuan-signature'] as string, r.raw, 'whsec_wrong')).toBe(false);
      expect(signatureValid(r.headers['huiyuan-signature'] as string, r.raw.replace('}', ' }'), ep.secret)).toBe(false);
      expect(r.body.version).toBe(WEBHOOK_EVENTS[r.body.type as WebhookEventType].version);
      expect(Number.isNaN(Date.parse(r.body.createdAt))).toBe(false);
    }
    const byType = Object.fromEntries(got.map((r) => [r.body.type, r.body.data]));
    expect(byType['order.recorded']).toMatchObject({ orderId: order.body.orderId, memberId: m.id, amount: 60_000 });
    expect(byType['points.changed']).toMatchObject({ memberId: m.id, kind: 'earn', delta: order.body.pointsEarned });
    expect(byType['tier.changed']).toMatchObject({
      memberId: m.id,
      from: 'normal',
      to: 'silver',
      reason: 'growth',
      direction: 'up',
    });
    const log = await t.http.get(`/api/v1/admin/webhooks/${ep.id}/deliveries`).set(admin.auth).expect(200);
    expect(log.body.items).toHaveLength(3);
    for (const d of log.body.items)
      expect(d).toMatchObject({ status: 'delivered', attempts: 1, lastResponseCode: 200, lastError: null });
    expect(log.body.items[0].latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('a receiver failing 3 times gets the event exactly once more after recovery, in order with the member’s later events', async () => {
    const ep = await endpoint(['points.changed']);
    const other = await endpoint(['points.changed']);
    const m = await loginMember(t);
    let failures = 0;
    receiver.respondWith((r) => (r.path === ep.path && failures < 3 ? (failures++, 500) : 200));
    await grantPoints(t, admin, m.id, 10);
    expect(await relay.drain()).toMatchObject({ retrying: 1 }); // the other endpoint is not held up
    expect(at(other.path)).toHaveLength(1);
    // Later events of the member queue behind the failing one on this endpoint.
    await grantPoints(t, admin, m.id, 20);
    await grantPoints(t, admin, m.id, 30);
    await relay.drain(later(HOUR));
    await relay.drain(later(2 * HOUR));
    expect(failures).toBe(3);
    expect(at(ep.path).map((r) => r.body.data.delta)).toEqual([10, 10, 10]);
    const [failing] = (
      await t.http.get(`/api/v1/admin/webhooks/${ep.id}/deliveries`).set(admin.auth).expect(200)
    ).body.items.filter((d: { status: string }) => d.status === 'retrying');
    expect(failing).toMatchObject({ attempts: 3, lastResponseCode: 500, lastError: 'HTTP 500' });
    expect(failing.nextAttemptAt).not.toBeNull();
    await relay.drain(later(3 * HOUR));
    const deltas = at(ep.path).map((r) => r.body.data.delta);
    expect(deltas).toEqual([10, 10, 10, 10, 20, 30]);
    const ids = at(ep.path).map((r) => r.body.id);
    expect(new Set(ids.slice(0, 4)).size).toBe(1); // the same event id on every attempt
    expect(at(other.path).map((r) => r.body.data.delta)).toEqual([10, 20, 30]);
    receiver.respondWith(() => 200);
  });

  it('a disabled endpoint gets nothing, not even what was queued before it was disabled', async () => {
    const ep = await endpoint(['points.changed']);
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 5);
    await t.http.patch(`/api/v1/admin/webhooks/${ep.id}`).set(admin.auth).send({ status: 'disabled' }).expect(200);
    await grantPoints(t, admin, m.id, 6);
    await relay.drain();
    expect(at(ep.path)).toHaveLength(0);
    const log = await t.http.get(`/api/v1/admin/webhooks/${ep.id}/deliveries`).set(admin.auth).expect(200);
    expect(log.body.items.map((d: { status: string }) => d.status)).toEqual(['skipped']);
  });

  it('rotating the secret signs with both (new first) during the grace period, then with the new one only', async () => {
    const ep = await endpoint(['points.changed']);
    const rotated = await t.http.post(`/api/v1/admin/webhooks/${ep.id}/rotate-secret`).set(admin.auth).expect(200);
    expect(rotated.body.secret).not.toBe(ep.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 23 * HOUR);
    await t.http.post(`/api/v1/admin/webhooks/${ep.id}/test`).set(admin.auth).expect(202);
    await relay.drain();
    const [during] = at(ep.path);
    expect(during!.body.type).toBe('webhook.test');
    const header = during!.headers['huiyuan-signature'] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(signatureValid(header, during!.raw, rotated.body.secret)).toBe(true);
    expect(signatureValid(header, during!.raw, ep.secret)).toBe(true);
    await t.db.query(`UPDATE webhook_endpoint SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [
      ep.id,
    ]);
    await t.http.post(`/api/v1/admin/webhooks/${ep.id}/test`).set(admin.auth).expect(202);
    await relay.drain();
    const after = at(ep.path)[1]!;
    expect((after.headers['huiyuan-signature'] as string).match(/v1=/g)).toHaveLength(1);
    expect(signatureValid(after.headers['huiyuan-signature'] as string, after.raw, rotated.body.secret)).toBe(true);
    expect(signatureValid(after.headers['huiyuan-signature'] as string, after.raw, ep.secret)).toBe(false);
  });

  it('redeliver sends the same event (same id) again; the delivery log pages with a cursor', async () => {
    const ep = await endpoint(['points.changed']);
    const m = await loginMember(t);
    for (const p of [1, 2, 3]) await grantPoints(t, admin, m.id, p);
    await relay.drain();
    const page1 = await t.http.get(`/api/v1/admin/webhooks/${ep.id}/deliveries?limit=2`).set(admin.auth).expect(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await t.http
      .get(`/api/v1/admin/webhooks/${ep.id}/deliveries?limit=2&cursor=${page1.body.nextCursor as string}`)
      .set(admin.auth)
      .expect(200);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    const all = [...page1.body.items, ...page2.body.items];
    expect(new Set(all.map((d: { id: string }) => d.id)).size).toBe(3);
    const target = all[2];
    const re = await t.http
      .post(`/api/v1/admin/webhooks/deliveries/${target.id as string}/redeliver`)
      .set(admin.auth)
      .expect(202);
    expect(re.body).toMatchObject({ id: target.id, status: 'pending' });
    await relay.drain();
    const got = at(ep.path);
    expect(got).toHaveLength(4);
    expect(got[3]!.body.id).toBe(target.eventId);
    const again = await t.http.get(`/api/v1/admin/webhooks/${ep.id}/deliveries`).set(admin.auth).expect(200);
    expect(again.body.items.find((d: { id: string }) => d.id === target.id)).toMatchObject({ status: 'delivered', attempts: 2 });
    await t.http
      .post(`/api/v1/admin/webhooks/deliveries/6f1c2a34-0000-4000-8000-000000000000/redeliver`)
      .set(admin.auth)
      .expect(404);
    await t.http.get(`/api/v1/admin/webhooks/${ep.id}/deliveries?cursor=garbage`).set(admin.auth).expect(400);
  });

  it('a deleted endpoint’s queued deliveries go nowhere; delete is audited', async () => {
    const ep = await endpoint(['points.changed']);
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 7);
    await t.http.delete(`/api/v1/admin/webhooks/${ep.id}`).set(admin.auth).expect(204);
    expect(await relay.drain()).toMatchObject({ retrying: 0, dead: 0 });
    expect(at(ep.path)).toHaveLength(0);
    await t.http.delete(`/api/v1/admin/webhooks/${ep.id}`).set(admin.auth).expect(404);
  });

  it('two relays (two app instances on one database, draining concurrently) deliver each event once', async () => {
    const second = await createTestApp(sameDeployment(t));
    try {
      const ep = await endpoint(['points.changed']);
      const members = await Promise.all(Array.from({ length: 12 }, () => loginMember(t)));
      await Promise.all(
        members.map(async (m) => {
          for (const p of [1, 2, 3]) await grantPoints(t, admin, m.id, p);
        }),
      );
      const relays = [relay, second.app.get(OutboxRelay)];
      await Promise.all([...relays, ...relays].map((r) => r.drain()));
      const got = at(ep.path);
      expect(got).toHaveLength(36);
      expect(new Set(got.map((r) => r.body.id)).size).toBe(36);
      for (const m of members) {
        expect(got.filter((r) => r.body.data.memberId === m.id).map((r) => r.body.data.delta)).toEqual([1, 2, 3]);
      }
    } finally {
      await second.close();
    }
  });

  it('member events: registered (first login), updated (profile), check-in', async () => {
    const ep = await endpoint(['member.registered', 'member.updated', 'checkin.recorded']);
    const m = await loginMember(t);
    await t.http.patch('/api/v1/me').set(m.auth).send({ nickname: '小明' }).expect(200);
    await t.http.post('/api/v1/me/checkins').set(m.auth).send({});
    await relay.drain();
    const got = at(ep.path).filter((r) => r.body.data.memberId === m.id);
    expect(got.map((r) => r.body.type)).toEqual(['member.registered', 'member.updated', 'checkin.recorded']);
    expect(got.find((r) => r.body.type === 'member.updated')!.body.data).toMatchObject({ changed: 'nickname' });
    expect(JSON.stringify(got)).not.toContain('小明');
  });

  it('till refund, coupon issue and redemption, and erasure raise their events in order for the member', async () => {
    const ep = await endpoint(['order.recorded', 'order.refunded', 'coupon.issued', 'coupon.redeemed', 'member.erased']);
    const m = await loginMember(t);
    const { template, coupon } = await couponFor(t, admin, m);
    const identificationId = await identifyMember(t, cashier, m.id);
    const orderNo = nextOrderNo();
    await placeOrder(t, cashier, {
      memberId: m.id,
      amount: 12_000,
      orderNo,
      couponCodes: [coupon.code],
      identificationId,
    }).expect(201);
    await t.http
      .post(`/api/v1/cashier/orders/${orderNo}/refunds`)
      .set(cashier.auth)
      .send({ refundNo: 'R1', amount: 5_000 })
      .expect(201);
    await t.http.delete('/api/v1/me').set(m.auth).send({ confirm: '注销' }).expect(202);
    await relay.drain();
    const got = at(ep.path).filter((r) => r.body.data.memberId === m.id);
    expect(got.map((r) => r.body.type)).toEqual([
      'coupon.issued',
      'coupon.redeemed',
      'order.recorded',
      'order.refunded',
      'member.erased',
    ]);
    const [issued, redeemed, recorded, refunded] = got.map((r) => r.body.data);
    expect(issued).toMatchObject({ couponId: coupon.id, templateId: template.id, channel: 'center' });
    expect(redeemed).toMatchObject({
      couponId: coupon.id,
      templateId: template.id,
      orderId: recorded!.orderId,
      storeId: cashier.storeId,
    });
    expect(recorded).toMatchObject({ orderNo, amount: 12_000, paidAmount: 10_000, storeId: cashier.storeId });
    expect(refunded).toMatchObject({ orderId: recorded!.orderId, refundNo: 'R1', amount: 5_000, storeId: cashier.storeId });
  });

  it('the expiry reminder raises points.expiring once per member and expiry day', async () => {
    const ep = await endpoint(['points.expiring']);
    const m = await loginMember(t);
    await placeOrder(t, cashier, { memberId: m.id, amount: 4_000 }).expect(201); // earned lots expire (default programme)
    const [lot] = await t.db.query(`SELECT expires_at FROM points_lot WHERE member_id = $1 AND expires_at IS NOT NULL`, [m.id]);
    const jobs = t.app.get(LoyaltyJobsService);
    const dayBefore = new Date((lot.expires_at as Date).getTime() - 86_400_000);
    expect(await jobs.remindExpiringPoints(dayBefore)).toBeGreaterThanOrEqual(1);
    await jobs.remindExpiringPoints(dayBefore);
    await relay.drain();
    const got = at(ep.path).filter((r) => r.body.data.memberId === m.id);
    expect(got).toHaveLength(1);
    expect(got[0]!.body.data).toMatchObject({
      memberId: m.id,
      points: 40,
      expiresOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
  });

  it('the OpenAPI document describes every event: a component schema each and a webhooks section', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }>;
      components: { schemas: Record<string, { properties: { data: { properties: Record<string, unknown> } } }> };
    };
    for (const type of WEBHOOK_EVENT_TYPES) {
      const schema = doc.components.schemas[`WebhookEvent.${type}`];
      expect(Object.keys(schema!.properties.data.properties).sort()).toEqual(Object.keys(WEBHOOK_EVENTS[type].fields).sort());
      expect(doc.webhooks[type]!.post.requestBody.content['application/json']!.schema.$ref).toBe(
        `#/components/schemas/WebhookEvent.${type}`,
      );
    }
  });

  it('emit refuses fields outside the catalogue (outside production)', async () => {
    const events = t.app.get(WebhookEventsService);
    await expect(
      inTransaction(t.db, (tx) =>
        events.emit(tx, { type: 'points.expiring', data: { memberId: 'x', phone: '13800138000' } as never }),
      ),
    ).rejects.toThrow(/outside the catalogue: phone/);
  });

  it('production URL policy (the strict switch): private and loopback URLs refused at create, and at send time', async () => {
    const strict = await createTestApp({ env: { HUIYUAN_WEBHOOK_STRICT_URLS: '1' } });
    try {
      expect(strict.config.webhooks.strictUrls).toBe(true);
      const boss = await loginStaff(strict, 'admin');
      for (const url of [
        'https://10.0.0.5/hook',
        'https://169.254.169.254/latest',
        'https://[fd00::1]/x',
        'https://127.0.0.1/x',
        receiver.url('/strict'),
      ]) {
        const res = await strict.http
          .post('/api/v1/admin/webhooks')
          .set(boss.auth)
          .send({ url, events: ['points.changed'] });
        expect([url, res.status]).toEqual([url, 400]);
      }
      // An endpoint whose address became refused after its check (DNS rebinding): checked again at send time.
      const id = '6f1c2a34-0000-4000-8000-00000000aaaa';
      await inTransaction(strict.db, (tx) =>
        strict.app.get(WebhookRepository).insertEndpoint(tx, {
          id,
          url: `https://localhost:${new URL(receiver.url()).port}/rebound`,
          events: ['points.changed'],
          description: null,
          secretCipher: strict.app.get(CryptoService).encrypt('whsec_x', `webhook:${id}`),
          createdBy: null,
        }),
      );
      const m = await loginMember(strict);
      await grantPoints(strict, boss, m.id, 1);
      expect(await strict.app.get(OutboxRelay).drain()).toMatchObject({ retrying: 1 });
      expect(receiver.received.filter((r) => r.path === '/rebound')).toHaveLength(0);
      const [d] = await strict.db.query(
        `SELECT status, last_error, last_response_code FROM webhook_delivery WHERE endpoint_id = $1`,
        [id],
      );
      expect(d).toMatchObject({ status: 'retrying', last_response_code: null });
      expect(d.last_error).toMatch(/refused/);
    } finally {
      await strict.close();
    }
  });
  it('a claimed batch is sent concurrently, yet each member’s events reach each endpoint in the order raised', async () => {
    const a = await endpoint(['points.changed']);
    const b = await endpoint(['points.changed']);
    const members = await Promise.all(Array.from({ length: 10 }, () => loginMember(t)));
    await Promise.all(
      members.map(async (m) => {
        for (const p of [1, 2, 3, 4, 5, 6]) await grantPoints(t, admin, m.id, p);
      }),
    );
    // A slow receiver with jitter: were two events of one member in flight together, they could swap.
    receiver.delayWith((r) => (r.path === a.path || r.path === b.path ? 5 + Math.floor(Math.random() * 25) : 0));
    try {
      await relay.drain();
      expect(receiver.maxInFlight()).toBeGreaterThan(1); // the sends of a batch overlapped
    } finally {
      receiver.delayWith(() => 0);
    }
    for (const ep of [a, b]) {
      const got = at(ep.path);
      expect(got).toHaveLength(60);
      expect(new Set(got.map((r) => r.body.id)).size).toBe(60);
      for (const m of members) {
        expect(got.filter((r) => r.body.data.memberId === m.id).map((r) => r.body.data.delta)).toEqual([1, 2, 3, 4, 5, 6]);
      }
    }
  });

  it('the batch load (one SELECT for a claimed batch) gives each delivery as loading it alone does', async () => {
    const ep = await endpoint(['points.changed', 'order.recorded']);
    const other = await endpoint(['points.changed']);
    const m = await loginMember(t);
    await placeOrder(t, cashier, { memberId: m.id, amount: 5000, orderNo: nextOrderNo() }).expect(201);
    await grantPoints(t, admin, m.id, 3);
    const ids: string[] = (
      await t.db.query(`SELECT id FROM webhook_delivery WHERE endpoint_id = ANY ($1::uuid[]) ORDER BY id`, [[ep.id, other.id]])
    ).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(5);
    const repo = t.app.get(WebhookRepository);
    const many = await repo.forSendMany(t.db, [...ids, '00000000-0000-4000-8000-000000000000']);
    expect([...many.keys()].sort()).toEqual(ids);
    for (const id of ids) expect(many.get(id)).toEqual(await repo.forSend(t.db, id));
    await relay.drain();
    expect(at(ep.path)).toHaveLength(3);
    expect(at(other.path)).toHaveLength(2);
  });

  it('one failing delivery of a batch fails alone: the others are delivered once, it is retried and arrives once', async () => {
    const ep = await endpoint(['points.changed']);
    const members = await Promise.all(Array.from({ length: 6 }, () => loginMember(t)));
    for (const m of members) await grantPoints(t, admin, m.id, 4);
    const unlucky = members[2]!.id;
    let failures = 0;
    receiver.respondWith((r) =>
      r.path === ep.path && r.body.data.memberId === unlucky && failures < 1 ? (failures++, 503) : 200,
    );
    try {
      await relay.drain();
      const statuses = async () =>
        Object.fromEntries(
          (
            await t.db.query(
              `SELECT e.member_id, d.status, d.attempts FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id WHERE d.endpoint_id = $1`,
              [ep.id],
            )
          ).map((r: { member_id: string; status: string; attempts: number }) => [r.member_id, `${r.status}/${r.attempts}`]),
        );
      const first = await statuses();
      for (const m of members) expect([m.id, first[m.id]]).toEqual([m.id, m.id === unlucky ? 'retrying/1' : 'delivered/1']);
      await relay.drain(later(HOUR));
      const second = await statuses();
      for (const m of members) expect([m.id, second[m.id]]).toEqual([m.id, m.id === unlucky ? 'delivered/2' : 'delivered/1']);
    } finally {
      receiver.respondWith(() => 200);
    }
    const got = at(ep.path);
    expect(got).toHaveLength(7); // six events, one of them twice (the failed attempt and the retry)
    expect(new Set(got.map((r) => r.body.id)).size).toBe(6);
    expect(got.filter((r) => r.body.data.memberId === unlucky)).toHaveLength(2);
  });

  it('the sender’s cached signing keys follow a rotation at once, also one made by another instance', async () => {
    const ep = await endpoint(['points.changed']);
    const m = await loginMember(t);
    await grantPoints(t, admin, m.id, 1);
    await relay.drain(); // the endpoint's key is cached now
    const rotated = await t.http.post(`/api/v1/admin/webhooks/${ep.id}/rotate-secret`).set(admin.auth).expect(200);
    await grantPoints(t, admin, m.id, 2);
    await relay.drain();
    // Another instance rotating: only the stored ciphertexts change (no call reaches this one).
    const third = 'whsec_someone_else_rotated_this_secret';
    const cipher = t.app.get(CryptoService).encrypt(third, `webhook:${ep.id}`);
    await t.db.query(
      `UPDATE webhook_endpoint SET previous_secret_cipher = NULL, previous_secret_expires_at = NULL, secret_cipher = $2 WHERE id = $1`,
      [ep.id, cipher],
    );
    await grantPoints(t, admin, m.id, 3);
    await relay.drain();
    const [one, two, three] = at(ep.path);
    const sig = (r: Received) => r.headers['huiyuan-signature'] as string;
    expect(signatureValid(sig(one!), one!.raw, ep.secret)).toBe(true);
    expect(sig(two!).match(/v1=/g)).toHaveLength(2);
    expect(signatureValid(sig(two!), two!.raw, rotated.body.secret)).toBe(true);
    expect(signatureValid(sig(two!), two!.raw, ep.secret)).toBe(true);
    expect(sig(three!).match(/v1=/g)).toHaveLength(1);
    expect(signatureValid(sig(three!), three!.raw, third)).toBe(true);
    expect(signatureValid(sig(three!), three!.raw, rotated.body.secret)).toBe(false);
  });

  it('no payload of any event raised in this file carries a field outside the catalogue, an openid or a phone number', async () => {
    // Every event this file raised: only catalogue fields, and no openid or phone-like value.
    const openids: string[] = (await t.db.query(`SELECT openid FROM member WHERE openid IS NOT NULL`)).map(
      (r: { openid: string }) => r.openid,
    );
    const events: { type: string; payload: Record<string, unknown> }[] = await t.db.query(
      `SELECT type, payload FROM webhook_event`,
    );
    expect(events.length).toBeGreaterThan(20);
    for (const e of events) {
      if (e.type === 'webhook.test') continue;
      expect(WEBHOOK_EVENT_TYPES).toContain(e.type);
      const fields = Object.keys(WEBHOOK_EVENTS[e.type as WebhookEventType].fields);
      for (const k of Object.keys(e.payload)) expect([e.type, k, fields.includes(k)]).toEqual([e.type, k, true]);
      const text = JSON.stringify(e.payload);
      for (const o of openids) expect(text).not.toContain(o);
      // A mainland mobile number, looked for outside ids: a UUID's last group can hold 11 digits
      // ("…-19455871166f"), which once failed this test at random.
      const withoutIds = text.replace(/[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}/gi, '');
      expect(withoutIds).not.toMatch(/(?<![\w])1[3-9]\d{9}(?!\w)/);
    }
    const received = JSON.stringify(receiver.received.map((r) => r.raw));
    for (const o of openids) expect(received).not.toContain(o);
  });
});
