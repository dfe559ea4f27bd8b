// Earning rules (EARNING_RULES in shared/src/rules/points.ts) set through the programme: a
// category bonus earns extra points on what was paid for that category's items, at the till, and
// the public rules and the till's identify answer carry the rules so previews follow.
import { loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { freshMemberCode, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('earning rules in the programme', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let cashier: LoggedInStaff;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    cashier = await loginStaff(t, 'cashier');
  });
  afterAll(() => t.close());

  const rules = [
    { code: 'per_yuan_paid', args: {} },
    { code: 'category_bonus', args: { category: 'coffee', multiplierBp: 10000 } },
  ];
  const items = [
    { sku: 'latte', name: '拿铁', category: 'coffee', quantity: 2, unitPrice: 3000 },
    { sku: 'bagel', name: '贝果', category: 'food', quantity: 1, unitPrice: 4000 },
  ];

  it('an admin PUTs a category bonus → an order with coffee items earns base + bonus on the coffee paid; one without items only the base', async () => {
    const p = (await t.http.get('/api/v1/admin/programme').set(admin.auth).expect(200)).body;
    const { version, ...rest } = p;
    const put = await t.http
      .put('/api/v1/admin/programme')
      .set(admin.auth)
      .send({ ...rest, expectedVersion: version, earning: { ...p.earning, rules } })
      .expect(200);
    expect(put.body.earning).toEqual({ pointsPerYuan: 1, growthPerYuan: 1, rules });
    expect((await t.http.get('/api/v1/programme').expect(200)).body.earning).toEqual(put.body.earning);

    const m = await loginMember(t);
    // ¥100 at full price (normal tier): base 100 points + the coffee's ¥60 once more.
    const withItems = await placeOrder(t, cashier, { memberId: m.id, amount: 10000, items }).expect(201);
    expect(withItems.body.pointsEarned).toBe(100 + 60);
    const plain = await placeOrder(t, cashier, { memberId: m.id, amount: 10000 }).expect(201);
    expect(plain.body.pointsEarned).toBe(100);

    // The till's preview prices with the same rules: identify hands them over.
    const identified = await t.http
      .post('/api/v1/cashier/identify')
      .set(cashier.auth)
      .send({ memberCode: await freshMemberCode(t, m.id) })
      .expect(200);
    expect(identified.body.member.pricing.earning).toEqual({ pointsPerYuan: 1, growthPerYuan: 1, rules });
  });

  it('an unknown rule or bad args → 422 INVALID_PROGRAMME naming the field', async () => {
    const p = (await t.http.get('/api/v1/admin/programme').set(admin.auth).expect(200)).body;
    const { version, ...rest } = p;
    const res = await t.http
      .put('/api/v1/admin/programme')
      .set(admin.auth)
      .send({
        ...rest,
        expectedVersion: version,
        earning: {
          ...p.earning,
          rules: [
            { code: 'category_bonus', args: { category: 'coffee' } },
            { code: 'nope', args: {} },
          ],
        },
      })
      .expect(422);
    expect(res.body.code).toBe('INVALID_PROGRAMME');
    expect(res.body.details).toEqual([
      {
        field: 'earning.rules[0].args.multiplierBp',
        reason: 'must be an integer 1-100000 (basis points, 10000 = one more ×1)',
      },
      { field: 'earning.rules[1].code', reason: 'must be one of per_yuan_paid, category_bonus, member_day' },
    ]);
  });
});
