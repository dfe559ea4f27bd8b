// Feedback (反馈): the member's create (validation, idempotent requestId, own orders only, the
// store it lands at, the daily limit, concurrent twins), the inbox (manager scope, reply and the
// member's view and notification, assignment, close/reopen), the per-store figures, export and
// erasure, and that the text never reaches the logs or the audit log.
import { loginMember, loginStaff, createStore, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const SECRET_TEXT = '店员态度很好但是拿铁有点凉-机密文本';

describe('feedback', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let storeA: string;
  let storeB: string;
  let managerA: LoggedInStaff;
  let managerB: LoggedInStaff;
  let cashierA: LoggedInStaff;
  let cashierB: LoggedInStaff;
  let seq = 0;
  const rid = () => `fb-${++seq}-${Date.now()}`;

  beforeAll(async () => {
    t = await createTestApp({ captureLogs: true });
    admin = await loginStaff(t, 'admin');
    storeA = await createStore(t, '反馈 A 店');
    storeB = await createStore(t, '反馈 B 店');
    managerA = await loginStaff(t, 'manager', storeA);
    managerB = await loginStaff(t, 'manager', storeB);
    cashierA = await loginStaff(t, 'cashier', storeA);
    cashierB = await loginStaff(t, 'cashier', storeB);
  });
  afterAll(() => t.close());

  const send = (m: LoggedInMember, body: Record<string, unknown>) => t.http.post('/api/v1/me/feedback').set(m.auth).send(body);
  const rows = async (memberId: string) =>
    (await t.db.query('SELECT * FROM feedback WHERE member_id = $1 ORDER BY created_at', [memberId])) as Record<
      string,
      unknown
    >[];
  const orderAt = async (cashier: LoggedInStaff, m: LoggedInMember) =>
    (await placeOrder(t, cashier, { memberId: m.id, amount: 3_800 }).expect(201)).body.orderNo as string;
  const setHome = (memberId: string, storeId: string) =>
    t.db.query('UPDATE analytics_member SET home_store_id = $2 WHERE member_id = $1', [memberId, storeId]);

  describe('the member sends feedback', () => {
    it('201 { id, status: open }; an order puts it at the order’s store; GET /me/feedback lists it', async () => {
      const m = await loginMember(t);
      const orderNo = await orderAt(cashierA, m);
      const res = await send(m, { category: 'service', content: `  ${SECRET_TEXT}\r\n谢谢  `, rating: 4, orderNo }).expect(201);
      expect(res.body).toEqual({ id: expect.any(String), status: 'open', createdAt: expect.any(String) });
      const [row] = await rows(m.id);
      expect(row).toMatchObject({ store_id: storeA, order_no: orderNo, rating: 4, content: `${SECRET_TEXT}\n谢谢` });

      const mine = await t.http.get('/api/v1/me/feedback').set(m.auth).expect(200);
      expect(mine.body).toEqual({
        items: [
          {
            id: res.body.id,
            category: 'service',
            content: `${SECRET_TEXT}\n谢谢`,
            rating: 4,
            orderNo,
            storeName: '反馈 A 店',
            status: 'open',
            reply: null,
            repliedAt: null,
            createdAt: res.body.createdAt,
          },
        ],
        nextCursor: null,
      });
    });

    it('without an order: the member’s home store (analytics), else no store', async () => {
      const m = await loginMember(t);
      await send(m, { category: 'environment', content: '没有门店' }).expect(201);
      await setHome(m.id, storeB);
      await send(m, { category: 'environment', content: '有主门店' }).expect(201);
      expect((await rows(m.id)).map((r) => r.store_id)).toEqual([null, storeB]);
    });

    it('pages newest first by cursor', async () => {
      const m = await loginMember(t);
      for (let i = 1; i <= 3; i++) await send(m, { category: 'other', content: `第 ${i} 条` }).expect(201);
      const p1 = await t.http.get('/api/v1/me/feedback?limit=2').set(m.auth).expect(200);
      expect(p1.body.items.map((i: { content: string }) => i.content)).toEqual(['第 3 条', '第 2 条']);
      const p2 = await t.http
        .get(`/api/v1/me/feedback?limit=2&cursor=${p1.body.nextCursor as string}`)
        .set(m.auth)
        .expect(200);
      expect(p2.body.items.map((i: { content: string }) => i.content)).toEqual(['第 1 条']);
      expect(p2.body.nextCursor).toBeNull();
    });

    it('a repeated requestId answers the first (200, same id, one row); another body under it → 409', async () => {
      const m = await loginMember(t);
      const requestId = rid();
      const body = { category: 'product', content: '面包很好吃', rating: 5, requestId };
      const first = await send(m, body).expect(201);
      const again = await send(m, body).expect(200);
      expect(again.body).toEqual(first.body);
      const other = await send(m, { ...body, content: '面包一般' }).expect(409);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_CONFLICT');
      expect(await rows(m.id)).toHaveLength(1);
    });

    it.each([
      ['empty after trimming', { category: 'service', content: '  \n ' }],
      ['501 characters', { category: 'service', content: '好'.repeat(501) }],
      ['a control character', { category: 'service', content: '好\u0007评' }],
      ['a bidi override', { category: 'service', content: '好\u202e评' }],
      ['rating 0', { category: 'service', content: '好', rating: 0 }],
      ['rating 6', { category: 'service', content: '好', rating: 6 }],
      ['rating 2.5', { category: 'service', content: '好', rating: 2.5 }],
      ['rating "5"', { category: 'service', content: '好', rating: '5' }],
      ['an unknown category', { category: 'price', content: '好' }],
      ['no content', { category: 'service' }],
      ['an unknown field', { category: 'service', content: '好', storeId: '6f1c2a34-0000-4000-8000-000000000000' }],
      ['a bad orderNo', { category: 'service', content: '好', orderNo: '../x' }],
    ])('400 VALIDATION_FAILED for %s, nothing stored', async (_, body) => {
      const m = await loginMember(t);
      const res = await send(m, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await rows(m.id)).toHaveLength(0);
    });

    it('500 characters (emoji count once) and ratings 1 and 5 are accepted', async () => {
      const m = await loginMember(t);
      await send(m, { category: 'other', content: '😀'.repeat(500), rating: 1 }).expect(201);
      await send(m, { category: 'other', content: '好', rating: 5 }).expect(201);
    });

    it('another member’s order answers exactly as an unknown order: 422 FEEDBACK_ORDER_NOT_FOUND', async () => {
      const owner = await loginMember(t);
      const orderNo = await orderAt(cashierA, owner);
      const m = await loginMember(t);
      const theirs = await send(m, { category: 'service', content: '别人的订单', orderNo }).expect(422);
      const unknown = await send(m, { category: 'service', content: '别人的订单', orderNo: 'POS-NO-SUCH-ORDER' }).expect(422);
      expect(theirs.body.code).toBe('FEEDBACK_ORDER_NOT_FOUND');
      expect({ ...theirs.body, requestId: null }).toEqual({ ...unknown.body, requestId: null });
      expect(await rows(m.id)).toHaveLength(0);
    });

    it('10 a day per member, then 429 RATE_LIMITED (replays do not count)', async () => {
      const m = await loginMember(t);
      const requestId = rid();
      for (let i = 0; i < 10; i++)
        await send(m, { category: 'other', content: `第 ${i} 条`, requestId: `${requestId}-${i}` }).expect(201);
      await send(m, { category: 'other', content: '第 0 条', requestId: `${requestId}-0` }).expect(200);
      const over = await send(m, { category: 'other', content: '第 11 条' }).expect(429);
      expect(over.body.code).toBe('RATE_LIMITED');
      expect(over.headers['retry-after']).toBeDefined();
      expect(await rows(m.id)).toHaveLength(10);
      // Another member has their own budget.
      await send(await loginMember(t), { category: 'other', content: '我还可以' }).expect(201);
    });

    it('40 concurrent identical creates → one row, every answer names it', async () => {
      const m = await loginMember(t);
      const body = { category: 'service', content: '并发重试', rating: 3, requestId: rid() };
      const answers = await Promise.all(Array.from({ length: 40 }, () => send(m, body)));
      expect(answers.map((a) => a.status).sort()).toEqual([...Array<number>(39).fill(200), 201]);
      expect(new Set(answers.map((a) => a.body.id as string)).size).toBe(1);
      expect(await rows(m.id)).toHaveLength(1);
    });

    it('25 concurrent distinct creates → exactly the daily budget (10) stored, the rest 429', async () => {
      const m = await loginMember(t);
      const answers = await Promise.all(
        Array.from({ length: 25 }, (_, i) => send(m, { category: 'other', content: `并发 ${i}`, requestId: rid() })),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
      expect(answers.filter((a) => a.status === 429)).toHaveLength(15);
      expect(await rows(m.id)).toHaveLength(10);
    });
  });

  describe('the inbox', () => {
    let member: LoggedInMember;
    let atA: string;
    let atB: string;
    let noStore: string;

    beforeAll(async () => {
      member = await loginMember(t);
      const orderA = await orderAt(cashierA, member);
      const orderB = await orderAt(cashierB, member);
      atA = (await send(member, { category: 'service', content: SECRET_TEXT, rating: 2, orderNo: orderA }).expect(201)).body.id;
      atB = (await send(member, { category: 'product', content: 'B 店的反馈', rating: 5, orderNo: orderB }).expect(201)).body.id;
      const loner = await loginMember(t);
      noStore = (await send(loner, { category: 'other', content: '没有门店的反馈' }).expect(201)).body.id;
    });

    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);

    it('a manager sees their store’s feedback only; another storeId → 403 STORE_SCOPE; admins see all', async () => {
      const mine = await t.http.get('/api/v1/admin/feedback').set(managerA.auth).expect(200);
      expect(ids(mine)).toContain(atA);
      expect(ids(mine)).not.toContain(atB);
      expect(ids(mine)).not.toContain(noStore);
      expect(mine.body.items.every((i: { storeId: string }) => i.storeId === storeA)).toBe(true);
      const item = mine.body.items.find((i: { id: string }) => i.id === atA);
      expect(item).toMatchObject({
        memberId: member.id,
        memberNo: expect.any(String),
        storeName: '反馈 A 店',
        content: SECRET_TEXT,
      });

      const other = await t.http.get(`/api/v1/admin/feedback?storeId=${storeB}`).set(managerA.auth).expect(403);
      expect(other.body.code).toBe('STORE_SCOPE');
      const all = await t.http.get('/api/v1/admin/feedback?limit=100').set(admin.auth).expect(200);
      expect(ids(all)).toEqual(expect.arrayContaining([atA, atB, noStore]));
      const onlyB = await t.http.get(`/api/v1/admin/feedback?storeId=${storeB}&limit=100`).set(admin.auth).expect(200);
      expect(ids(onlyB)).toContain(atB);
      expect(ids(onlyB)).not.toContain(atA);
      await t.http.get('/api/v1/admin/feedback').set(cashierA.auth).expect(403);
      await t.http.get('/api/v1/admin/feedback').set(member.auth).expect(403);
    });

    it('another store’s item and a storeless item are 404 to a manager, to read or to reply', async () => {
      for (const id of [atB, noStore]) {
        await t.http.get(`/api/v1/admin/feedback/${id}`).set(managerA.auth).expect(404);
        const r = await t.http
          .post(`/api/v1/admin/feedback/${id}/reply`)
          .set(managerA.auth)
          .send({ reply: '越权', status: 'replied' });
        expect(r.status).toBe(404);
        await t.http.patch(`/api/v1/admin/feedback/${id}`).set(managerA.auth).send({ status: 'closed' }).expect(404);
      }
      await t.http.get(`/api/v1/admin/feedback/${noStore}`).set(admin.auth).expect(200);
    });

    it('filters by status, category and owner', async () => {
      const open = await t.http.get('/api/v1/admin/feedback?status=open&category=product&limit=100').set(admin.auth).expect(200);
      expect(ids(open)).toContain(atB);
      expect(
        open.body.items.every((i: { status: string; category: string }) => i.status === 'open' && i.category === 'product'),
      ).toBe(true);
      await t.http.get('/api/v1/admin/feedback?status=pending').set(admin.auth).expect(400);
    });

    it('a reply: the member sees it and gets a notification; audited without the text; a second reply replaces it', async () => {
      const res = await t.http
        .post(`/api/v1/admin/feedback/${atA}/reply`)
        .set(managerA.auth)
        .send({ reply: '  感谢您的反馈，我们已提醒店员注意饮品温度。 ', status: 'replied' })
        .expect(200);
      expect(res.body).toMatchObject({
        id: atA,
        status: 'replied',
        reply: '感谢您的反馈，我们已提醒店员注意饮品温度。',
        repliedBy: managerA.id,
        repliedByUsername: expect.any(String),
        repliedAt: expect.any(String),
        firstRepliedAt: res.body.repliedAt,
      });
      const mine = await t.http.get('/api/v1/me/feedback').set(member.auth).expect(200);
      expect(mine.body.items.find((i: { id: string }) => i.id === atA)).toMatchObject({
        status: 'replied',
        reply: '感谢您的反馈，我们已提醒店员注意饮品温度。',
        repliedAt: res.body.repliedAt,
      });
      const notes = await t.http.get('/api/v1/me/notifications').set(member.auth).expect(200);
      const items = (notes.body.items ?? notes.body) as { kind: string; title: string; body: string }[];
      expect(items.find((n) => n.kind === 'feedback_reply')).toMatchObject({ title: '您的反馈有了回复' });

      const audit = (await t.db.query(
        `SELECT actor_id, details FROM audit_log WHERE action = 'feedback.reply' AND target_id = $1`,
        [atA],
      )) as { actor_id: string; details: Record<string, unknown> }[];
      expect(audit).toEqual([{ actor_id: managerA.id, details: { from: 'open', to: 'replied', storeId: storeA } }]);

      const second = await t.http
        .post(`/api/v1/admin/feedback/${atA}/reply`)
        .set(admin.auth)
        .send({ reply: '已为您补发一张饮品券。', status: 'closed' })
        .expect(200);
      expect(second.body).toMatchObject({
        status: 'closed',
        reply: '已为您补发一张饮品券。',
        repliedBy: admin.id,
        closedAt: expect.any(String),
      });
      expect(second.body.firstRepliedAt).toBe(res.body.firstRepliedAt);
    });

    it('closed is final for a manager (409 on reply, 403 on reopen); an admin reopens it', async () => {
      const closedReply = await t.http
        .post(`/api/v1/admin/feedback/${atA}/reply`)
        .set(managerA.auth)
        .send({ reply: '再说一句', status: 'replied' });
      expect(closedReply.status).toBe(409);
      expect(closedReply.body.code).toBe('FEEDBACK_STATUS_CONFLICT');
      const reopenByManager = await t.http
        .patch(`/api/v1/admin/feedback/${atA}`)
        .set(managerA.auth)
        .send({ status: 'open' })
        .expect(403);
      expect(reopenByManager.body.code).toBe('FORBIDDEN');
      const reopened = await t.http.patch(`/api/v1/admin/feedback/${atA}`).set(admin.auth).send({ status: 'open' }).expect(200);
      expect(reopened.body).toMatchObject({ status: 'open', closedAt: null });
      // Closing twice is a no-op, not an error.
      await t.http.patch(`/api/v1/admin/feedback/${atA}`).set(managerA.auth).send({ status: 'closed' }).expect(200);
      await t.http.patch(`/api/v1/admin/feedback/${atA}`).set(managerA.auth).send({ status: 'closed' }).expect(200);
    });

    it('assignment: to me, to an admin, to nobody; a cashier or another store’s manager → 422 FEEDBACK_OWNER_INVALID', async () => {
      const mine = await t.http
        .patch(`/api/v1/admin/feedback/${atB}`)
        .set(managerB.auth)
        .send({ ownerStaffId: managerB.id })
        .expect(200);
      expect(mine.body).toMatchObject({ ownerStaffId: managerB.id, ownerUsername: expect.any(String) });
      const owned = await t.http.get(`/api/v1/admin/feedback?ownerStaffId=${managerB.id}`).set(managerB.auth).expect(200);
      expect(ids(owned)).toEqual([atB]);
      await t.http.patch(`/api/v1/admin/feedback/${atB}`).set(managerB.auth).send({ ownerStaffId: admin.id }).expect(200);
      for (const wrong of [cashierB.id, managerA.id, '6f1c2a34-0000-4000-8000-000000000000']) {
        const res = await t.http.patch(`/api/v1/admin/feedback/${atB}`).set(admin.auth).send({ ownerStaffId: wrong }).expect(422);
        expect(res.body.code).toBe('FEEDBACK_OWNER_INVALID');
      }
      const none = await t.http.patch(`/api/v1/admin/feedback/${atB}`).set(admin.auth).send({ ownerStaffId: null }).expect(200);
      expect(none.body.ownerStaffId).toBeNull();
      const unassigned = await t.http.get(`/api/v1/admin/feedback?unassigned=true&storeId=${storeB}`).set(admin.auth).expect(200);
      expect(ids(unassigned)).toContain(atB);
      const audit = (
        await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'feedback.update' AND target_id = $1`, [atB])
      )[0];
      expect(audit.n).toBe(3);
    });
  });

  describe('figures per store', () => {
    it('count, open/replied/closed, average rating (null when unrated) and the median first-reply age', async () => {
      const s = await createStore(t, '统计店');
      const cashier = await loginStaff(t, 'cashier', s);
      const manager = await loginStaff(t, 'manager', s);
      const ids: string[] = [];
      for (const rating of [5, 4, 4, undefined]) {
        const m = await loginMember(t);
        const orderNo = await orderAt(cashier, m);
        ids.push(
          (await send(m, { category: 'service', content: '统计', orderNo, ...(rating ? { rating } : {}) }).expect(201)).body.id,
        );
      }
      // Replies 60 s and 180 s after creation (the creation times moved back).
      await t.db.query(`UPDATE feedback SET created_at = now() - interval '60 seconds' WHERE id = $1`, [ids[0]]);
      await t.db.query(`UPDATE feedback SET created_at = now() - interval '180 seconds' WHERE id = $1`, [ids[1]]);
      await t.http
        .post(`/api/v1/admin/feedback/${ids[0]}/reply`)
        .set(manager.auth)
        .send({ reply: '谢谢', status: 'replied' })
        .expect(200);
      await t.http
        .post(`/api/v1/admin/feedback/${ids[1]}/reply`)
        .set(manager.auth)
        .send({ reply: '谢谢', status: 'closed' })
        .expect(200);

      const today = new Date().toISOString().slice(0, 10);
      const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
      const to = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      void today;
      const res = await t.http
        .get(`/api/v1/admin/analytics/feedback?from=${from}&to=${to}&storeId=${s}`)
        .set(admin.auth)
        .expect(200);
      expect(res.body.items).toHaveLength(1);
      const line = res.body.items[0];
      expect(line).toMatchObject({
        storeId: s,
        storeName: '统计店',
        count: 4,
        open: 2,
        replied: 1,
        closed: 1,
        rated: 3,
        averageRating: 4.33,
      });
      expect(line.medianFirstReplySeconds).toBeGreaterThanOrEqual(119);
      expect(line.medianFirstReplySeconds).toBeLessThanOrEqual(125);
      expect(res.body.total).toMatchObject({ count: 4, averageRating: 4.33 });

      const managers = await t.http.get(`/api/v1/admin/analytics/feedback?from=${from}&to=${to}`).set(manager.auth).expect(200);
      expect(managers.body.storeId).toBe(s);
      expect(managers.body.items.map((i: { storeId: string }) => i.storeId)).toEqual([s]);
      await t.http.get(`/api/v1/admin/analytics/feedback?from=${from}&to=${to}&storeId=${storeA}`).set(manager.auth).expect(403);

      const empty = await t.http
        .get(`/api/v1/admin/analytics/feedback?from=2020-01-01&to=2020-01-31&storeId=${s}`)
        .set(admin.auth)
        .expect(200);
      expect(empty.body.items).toEqual([]);
      expect(empty.body.total).toMatchObject({ count: 0, averageRating: null, medianFirstReplySeconds: null });
      const bad = await t.http.get('/api/v1/admin/analytics/feedback?from=2020-02-31&to=2020-03-01').set(admin.auth).expect(400);
      expect(bad.body.code).toBe('INVALID_PERIOD');
    });
  });

  describe('personal data', () => {
    it('GET /me/export carries the feedback; erasure drops content and reply but keeps the figures', async () => {
      const m = await loginMember(t);
      const orderNo = await orderAt(cashierA, m);
      const id = (await send(m, { category: 'service', content: '导出我的反馈', rating: 3, orderNo }).expect(201)).body
        .id as string;
      await t.http
        .post(`/api/v1/admin/feedback/${id}/reply`)
        .set(admin.auth)
        .send({ reply: '收到', status: 'replied' })
        .expect(200);
      const x = await t.http.get('/api/v1/me/export').set(m.auth).expect(200);
      expect(x.body.feedback).toEqual([
        expect.objectContaining({
          id,
          storeId: storeA,
          orderNo,
          category: 'service',
          content: '导出我的反馈',
          rating: 3,
          reply: '收到',
        }),
      ]);

      await t.http.delete('/api/v1/me').set(m.auth).send({ confirm: '注销' }).expect(202);
      const [row] = await rows(m.id);
      expect(row).toMatchObject({
        content: null,
        reply: null,
        rating: 3,
        category: 'service',
        status: 'replied',
        erased_at: expect.any(Date),
      });
      const seen = await t.http.get(`/api/v1/admin/feedback/${id}`).set(admin.auth).expect(200);
      expect(seen.body).toMatchObject({ content: null, reply: null, erased: true, rating: 3 });
      const audit = (
        await t.db.query(`SELECT details FROM audit_log WHERE action = 'member.erase' AND target_id = $1`, [m.id])
      )[0];
      expect(audit.details.feedbackErased).toBe(1);
    });

    it('the texts never reach the logs or the audit log', async () => {
      expect(t.logs.some((l) => l.includes(SECRET_TEXT) || l.includes('饮品温度'))).toBe(false);
      const audit = (
        await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE details::text LIKE $1`, [`%${SECRET_TEXT}%`])
      )[0];
      expect(audit.n).toBe(0);
    });
  });
});

describe('demo feedback', () => {
  it('seeds three items, one answered by manager1; manager1 sees the two of 静安寺店', async () => {
    const t = await createTestApp({ env: { HUIYUAN_DEMO: '1' } });
    try {
      const login = async (username: string, password: string) => ({
        Authorization: `Bearer ${(await t.http.post('/api/v1/auth/staff/login').send({ username, password }).expect(200)).body.token as string}`,
      });
      const all = await t.http
        .get('/api/v1/admin/feedback')
        .set(await login('admin', 'admin1234'))
        .expect(200);
      expect(all.body.items.map((i: { status: string }) => i.status).sort()).toEqual(['open', 'open', 'replied']);
      const mine = await t.http
        .get('/api/v1/admin/feedback')
        .set(await login('manager1', 'manager1234'))
        .expect(200);
      expect(mine.body.items.map((i: { storeName: string }) => i.storeName)).toEqual(['静安寺店', '静安寺店']);
      expect(mine.body.items.find((i: { status: string }) => i.status === 'replied')).toMatchObject({
        repliedByUsername: 'manager1',
        reply: expect.stringContaining('收银员'),
      });
    } finally {
      await t.close();
    }
  });
});
