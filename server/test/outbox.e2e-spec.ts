// The outbox: rows written in the caller's transaction, delivered after commit by the relay — at
// least once, one member's rows in order, retried with backoff, dead after N attempts. The relay
// is driven with drain() (jobs are off in tests) and, for the wake-up, started for real.
import { randomUUID } from 'node:crypto';
import { DEFAULT_CHECKIN_SETTINGS } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { inTransaction } from '../src/common/transaction.js';
import { OutboxRelay } from '../src/outbox/outbox.relay.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { OutboxService, type OutboxDelivery } from '../src/outbox/outbox.service.js';
import type { SubscribeMessageRequest, WechatClient } from '../src/wechat/wechat.client.js';
import { WECHAT_CLIENT } from '../src/wechat/wechat.module.js';
import { loginMember, loginStaff } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const later = (ms: number) => () => new Date(Date.now() + ms);
const HOUR = 3_600_000;

describe('the outbox', () => {
  let t: TestApp;
  let outbox: OutboxService;
  let relay: OutboxRelay;
  /** What each test topic's handler saw, in delivery order. */
  const seen = new Map<string, OutboxDelivery[]>();
  /** Per topic: throw while this returns true. */
  const failing = new Map<string, (m: OutboxDelivery) => boolean>();
  let n = 0;
  const topic = () => {
    const name = `test.topic_${++n}`;
    seen.set(name, []);
    outbox.register(name, async (m) => {
      seen.get(name)!.push(m);
      if (failing.get(name)?.(m)) throw new Error(`handler of ${name} failed`);
    });
    return name;
  };
  const add = (name: string, payload: unknown, memberId?: string, dedupeKey?: string) =>
    inTransaction(t.db, (tx) =>
      outbox.add(tx, { topic: name, payload, memberId: memberId ?? null, dedupeKey: dedupeKey ?? null }),
    );
  const rows = (name: string) =>
    t.db.query('SELECT id, status, attempts, last_error, available_at FROM outbox_message WHERE topic = $1 ORDER BY id', [name]);

  beforeAll(async () => {
    t = await createTestApp({ env: { HUIYUAN_OUTBOX_MAX_ATTEMPTS: '3', HUIYUAN_METRICS: '1' } });
    outbox = t.app.get(OutboxService);
    relay = t.app.get(OutboxRelay);
  });
  afterAll(() => t.close());

  it('a committed row is delivered once to its topic’s handler; a rolled-back transaction leaves no row', async () => {
    const name = topic();
    await expect(
      inTransaction(t.db, async (tx) => {
        await outbox.add(tx, { topic: name, payload: { n: 1 } });
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await rows(name)).toHaveLength(0);
    await add(name, { n: 2 });
    expect(await relay.drain()).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(seen.get(name)!.map((m) => m.payload)).toEqual([{ n: 2 }]);
    expect(await relay.drain()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    expect(await rows(name)).toMatchObject([{ status: 'delivered', attempts: 1, last_error: null }]);
  });

  it('a retried caller with the same dedupe key adds nothing twice', async () => {
    const name = topic();
    const key = `${name}:k`;
    expect(await add(name, { n: 1 }, undefined, key)).not.toBeNull();
    expect(await add(name, { n: 2 }, undefined, key)).toBeNull();
    await Promise.all(Array.from({ length: 10 }, () => add(name, { n: 3 }, undefined, key)));
    expect(await rows(name)).toHaveLength(1);
    expect(await relay.drain()).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(seen.get(name)!.map((m) => m.payload)).toEqual([{ n: 1 }]);
  });

  it('a failure is retried with backoff (attempts and error recorded), never in a tight loop, and dead after N attempts', async () => {
    const name = topic();
    failing.set(name, () => true);
    await add(name, { n: 1 });
    const before = Date.now();
    expect(await relay.drain()).toEqual({ delivered: 0, retrying: 1, dead: 0 });
    const [r1] = await rows(name);
    expect(r1).toMatchObject({ status: 'pending', attempts: 1, last_error: `handler of ${name} failed` });
    // The first wait is 2.5-5 s.
    expect(r1.available_at.getTime()).toBeGreaterThanOrEqual(before + 2_500);
    expect(r1.available_at.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(await relay.drain()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    expect(seen.get(name)).toHaveLength(1);
    expect(await relay.drain(later(HOUR))).toEqual({ delivered: 0, retrying: 1, dead: 0 });
    const [r2] = await rows(name);
    // The second wait is longer than the first: 5-10 s after the attempt.
    expect(r2.available_at.getTime()).toBeGreaterThanOrEqual(Date.now() + HOUR + 4_000);
    expect(await relay.drain(later(2 * HOUR))).toEqual({ delivered: 0, retrying: 0, dead: 1 });
    expect(await rows(name)).toMatchObject([{ status: 'dead', attempts: 3 }]);
    expect(await relay.drain(later(100 * HOUR))).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    expect(seen.get(name)).toHaveLength(3);
  });

  it('a member’s later rows of a topic wait while an earlier one is retrying; other members and topics go on; a dead row blocks nothing', async () => {
    const name = topic();
    const [a, b] = [randomUUID(), randomUUID()];
    let aFirstFails = 2;
    failing.set(name, (m) => (m.payload as { n: number }).n === 1 && aFirstFails-- > 0);
    const other = topic();
    for (const i of [1, 2, 3]) await add(name, { n: i }, a);
    await add(name, { n: 10 }, b);
    await add(name, { n: 20 });
    await add(other, { n: 30 }, a);
    await relay.drain();
    const order = () => seen.get(name)!.map((m) => (m.payload as { n: number }).n);
    expect(order().sort((x, y) => x - y)).toEqual([1, 10, 20]);
    // The member's rows of another topic do not wait.
    expect(seen.get(other)!.map((m) => m.payload)).toEqual([{ n: 30 }]);
    await relay.drain(later(HOUR));
    expect(order().slice(3)).toEqual([1]);
    // The second failure of a's first row: attempts 2 of 3. The third try succeeds, then 2 and 3 in order.
    await relay.drain(later(2 * HOUR));
    expect(order().slice(4)).toEqual([1, 2, 3]);

    const c = randomUUID();
    failing.set(name, (m) => (m.payload as { n: number }).n === 100);
    await add(name, { n: 100 }, c);
    await add(name, { n: 101 }, c);
    for (const h of [0, 3, 6]) await relay.drain(later(h * HOUR));
    expect(order().filter((x) => x >= 100)).toEqual([100, 100, 100, 101]);
  });

  it('relays draining concurrently deliver every row exactly once, each member’s in order', async () => {
    const name = topic();
    const members = Array.from({ length: 25 }, () => randomUUID());
    await Promise.all(
      members.map(async (m) => {
        for (let i = 0; i < 8; i++) await add(name, { m, i }, m);
      }),
    );
    const results = await Promise.all(Array.from({ length: 6 }, () => relay.drain()));
    expect(results.reduce((s, r) => s + r.delivered, 0)).toBe(200);
    const got = seen.get(name)!;
    expect(new Set(got.map((m) => m.id)).size).toBe(200);
    expect(got).toHaveLength(200);
    for (const m of members) {
      expect(got.filter((d) => d.memberId === m).map((d) => (d.payload as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it('a settle step runs once with the mark, and not at all when the claim was lost', async () => {
    const name = `test.settle_${++n}`;
    let settled = 0;
    let loseClaim = true;
    outbox.register(name, async (m) => {
      if (loseClaim) {
        // Another relay took the row over (the lease ran out): our claim token no longer holds.
        await t.db.query('UPDATE outbox_message SET claim_token = gen_random_uuid() WHERE id = $1', [m.id]);
        loseClaim = false;
      }
      return async () => {
        settled++;
      };
    });
    await add(name, {});
    expect(await relay.drain()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    expect(settled).toBe(0);
    // The lease of the first claim runs out: delivered by the next relay round, settled once.
    expect(await relay.drain(later(2 * 60_000))).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(settled).toBe(1);
  });

  it('started, the relay is woken by the commit (NOTIFY) and stops cleanly', async () => {
    const name = `test.wake_${++n}`;
    const waiting: ((m: OutboxDelivery) => void)[] = [];
    const next = () => new Promise<OutboxDelivery>((resolve) => waiting.push(resolve));
    outbox.register(name, async (m) => waiting.shift()?.(m));
    await relay.start({ pollMs: 60_000 });
    try {
      for (const hello of ['world', 'again']) {
        const arrived = next();
        const started = Date.now();
        await add(name, { hello });
        // The poll is a minute here: woken by the commit. No sleep; the test timeout bounds it.
        expect((await arrived).payload).toEqual({ hello });
        expect(Date.now() - started).toBeLessThan(4_000);
      }
    } finally {
      await relay.stop();
    }
    const [{ n: listeners }] = await t.app
      .get(DataSource)
      .query(
        "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE application_name = 'huiyuan-outbox' AND datname = current_database()",
      );
    expect(listeners).toBe(0);
  });

  it('a row added without NOTIFY (notify: false) is picked up by the running relay’s poll', async () => {
    const name = `test.quiet_${++n}`;
    let arrive: (m: OutboxDelivery) => void = () => undefined;
    const arrived = new Promise<OutboxDelivery>((resolve) => (arrive = resolve));
    outbox.register(name, async (m) => arrive(m));
    await relay.start({ pollMs: 200 });
    try {
      await inTransaction(t.db, (tx) => outbox.add(tx, { topic: name, payload: { quiet: true }, notify: false }));
      expect((await arrived).payload).toEqual({ quiet: true });
    } finally {
      await relay.stop();
    }
  });

  it('a batch handler gets a claimed batch’s rows of its family in one call; each outcome is its own', async () => {
    const family = `batch${++n}`;
    const calls: OutboxDelivery[][] = [];
    let failingN = 2;
    let throwAll = false;
    outbox.registerBatch(`${family}.*`, async (messages) => {
      calls.push(messages);
      if (throwAll) throw new Error('the whole batch failed');
      return messages.map((m) =>
        (m.payload as { n: number }).n === failingN ? { error: new Error(`n=${failingN} failed`) } : { settle: null },
      );
    });
    const [a, b] = [randomUUID(), randomUUID()];
    await add(`${family}.one`, { n: 1 }, a);
    await add(`${family}.two`, { n: 2 }, a); // another topic of the family: not held behind n=1
    await add(`${family}.one`, { n: 3 }, b);
    await add(`${family}.one`, { n: 4 });
    expect(await relay.drain()).toMatchObject({ delivered: 3, retrying: 1 });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.map((m) => (m.payload as { n: number }).n).sort()).toEqual([1, 2, 3, 4]);
    const status = async (): Promise<[number, string, string | null][]> =>
      (
        await t.db.query(`SELECT payload, status, last_error FROM outbox_message WHERE topic LIKE $1 ORDER BY id`, [
          `${family}.%`,
        ])
      ).map((r: { payload: { n: number }; status: string; last_error: string | null }): [number, string, string | null] => [
        r.payload.n,
        r.status,
        r.last_error,
      ]);
    expect(await status()).toEqual([
      [1, 'delivered', null],
      [2, 'pending', 'n=2 failed'],
      [3, 'delivered', null],
      [4, 'delivered', null],
    ]);
    // A handler that throws fails every row it was given; none is lost.
    throwAll = true;
    await add(`${family}.one`, { n: 5 }, b);
    expect(await relay.drain(later(HOUR))).toMatchObject({ delivered: 0, retrying: 2 });
    expect((await status()).filter(([, st]) => st === 'pending')).toEqual([
      [2, 'pending', 'the whole batch failed'],
      [5, 'pending', 'the whole batch failed'],
    ]);
    throwAll = false;
    failingN = -1;
    expect(await relay.drain(later(3 * HOUR))).toMatchObject({ delivered: 2, retrying: 0 });
    expect((await status()).every(([, st]) => st === 'delivered')).toBe(true);
  });

  it('an unknown topic is retried, then dead (it is not lost silently)', async () => {
    await add('test.nobody_listens', {});
    expect(await relay.drain()).toMatchObject({ retrying: 1 });
    const [row] = await rows('test.nobody_listens');
    expect(row).toMatchObject({ status: 'pending', last_error: 'no handler for outbox topic test.nobody_listens' });
  });

  it('GET /metrics counts pending and dead rows', async () => {
    await add('test.metrics_pending', {});
    const [{ pending, dead }] = await t.db.query(
      "SELECT COUNT(*) FILTER (WHERE status = 'pending')::int AS pending, COUNT(*) FILTER (WHERE status = 'dead')::int AS dead FROM outbox_message",
    );
    expect(pending).toBeGreaterThanOrEqual(1);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.text).toContain(`huiyuan_outbox_messages{status="pending"} ${pending}`);
    expect(res.text).toContain(`huiyuan_outbox_messages{status="dead"} ${dead}`);
  });
});

describe('the outbox where jobs run (HUIYUAN_JOBS=1)', () => {
  it('the check-in reminder job queues the message and the running relay sends it, no drain() needed', async () => {
    const t = await createTestApp({ env: { HUIYUAN_JOBS: '1' } });
    try {
      const admin = await loginStaff(t, 'admin');
      await t.http
        .put('/api/v1/admin/checkin-config')
        .set(admin.auth)
        .send({ ...DEFAULT_CHECKIN_SETTINGS, reminderTemplateId: 'TPL_jobs' })
        .expect(200);
      const m = await loginMember(t);
      await t.http.post('/api/v1/me/subscriptions').set(m.auth).send({ templateId: 'TPL_jobs', accepted: true }).expect(200);
      const wechat = t.app.get<WechatClient>(WECHAT_CLIENT);
      const send = wechat.sendSubscribeMessage.bind(wechat);
      const sent = new Promise<SubscribeMessageRequest>((resolve) => {
        wechat.sendSubscribeMessage = async (req) => {
          await send(req);
          resolve(req);
        };
      });
      await t.app.get(JobsService).runNow('checkin-reminder');
      expect(await sent).toMatchObject({ toUser: m.openid, templateId: 'TPL_jobs' });
      expect(t.fake!.state.messages.filter((msg) => msg.touser === m.openid)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
