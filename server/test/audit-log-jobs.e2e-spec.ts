// GET /admin/audit-log (newest first, keyset-paged, filtered by action and actor; no personal
// data) and GET /admin/jobs (each job's cron and its latest pg-boss runs; [] when the queue is off).
import { JobsService } from '../src/jobs/jobs.service.js';
import { loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('the audit log', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let other: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    other = await loginStaff(t, 'admin');
  });
  afterAll(() => t.close());

  it('answers staff actions newest first, paged by nextCursor, filtered by action and actor', async () => {
    const names = ['审计甲', '审计乙', '审计丙'];
    for (const name of names) await t.http.post('/api/v1/admin/tags').set(admin.auth).send({ name }).expect(201);
    await t.http.post('/api/v1/admin/tags').set(other.auth).send({ name: '审计丁' }).expect(201);

    const first = await t.http.get('/api/v1/admin/audit-log?action=tag.create&limit=2').set(admin.auth).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toMatchObject({ actorType: 'staff', actorId: other.id, action: 'tag.create', targetType: 'tag' });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.http
      .get(`/api/v1/admin/audit-log?action=tag.create&limit=2&cursor=${first.body.nextCursor as string}`)
      .set(admin.auth)
      .expect(200);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.items, ...second.body.items] as { id: string; createdAt: string }[];
    expect(new Set(all.map((r) => r.id)).size).toBe(4);
    const times = all.map((r) => r.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const mine = await t.http.get(`/api/v1/admin/audit-log?action=tag.create&actorId=${admin.id}`).set(admin.auth).expect(200);
    expect(mine.body.items).toHaveLength(3);
    expect(mine.body.items.every((r: { actorId: string }) => r.actorId === admin.id)).toBe(true);
    // Tag names are not in the log: ids only.
    expect(JSON.stringify(mine.body)).not.toContain('审计');
  });

  it('refuses a cursor it did not hand out and malformed filters with 400', async () => {
    const bad = await t.http.get('/api/v1/admin/audit-log?cursor=not-a-cursor').set(admin.auth).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await t.http.get('/api/v1/admin/audit-log?actorId=nope').set(admin.auth).expect(400);
    await t.http.get('/api/v1/admin/audit-log?action=DROP%20TABLE').set(admin.auth).expect(400);
    await t.http.get('/api/v1/admin/audit-log?limit=1000').set(admin.auth).expect(400);
  });

  it('lists every job with its cron and no runs when this server does not run the queue', async () => {
    const res = await t.http.get('/api/v1/admin/jobs').set(admin.auth).expect(200);
    expect(res.body.queueRunning).toBe(false);
    const jobs = t.app.get(JobsService);
    expect(res.body.items).toEqual(jobs.definitions.map((d) => ({ name: d.name, cron: d.cron, runs: [] })));
  });
});

describe('the jobs list with the queue running', () => {
  it('shows a job’s latest pg-boss run once it has run', async () => {
    const t = await createTestApp({ env: { HUIYUAN_JOBS: '1' } });
    try {
      const admin = await loginStaff(t, 'admin');
      const id = await t.app.get(JobsService).runNow('rate-limit-prune');
      expect(id).toEqual(expect.any(String));
      let run: { id: string; state: string; startedAt: string | null; completedAt: string | null } | undefined;
      for (let i = 0; i < 60 && run?.state !== 'completed'; i++) {
        const res = await t.http.get('/api/v1/admin/jobs').set(admin.auth).expect(200);
        expect(res.body.queueRunning).toBe(true);
        const job = (res.body.items as { name: string; runs: (typeof run)[] }[]).find((j) => j.name === 'rate-limit-prune');
        run = job?.runs.find((r) => r?.id === id);
        if (run?.state !== 'completed') await new Promise((r) => setTimeout(r, 500));
      }
      expect(run).toMatchObject({ id, state: 'completed', startedAt: expect.any(String), completedAt: expect.any(String) });
    } finally {
      await t.close();
    }
  });
});
