// Member days (会员日, the `member_day` earning rule) and coupons usable only on some weekdays or
// hours: both read the order's instant on the programme timezone's clock (Asia/Shanghai here),
// so Wednesday 00:10 local is Wednesday although it is still Tuesday in UTC.
import { addDays, isoWeekday, startOfLocalDate, toLocalDate, ERROR_STATUS } from '@huiyuan/shared';
import type { StaffPrincipal } from '../src/common/auth.js';
import { DEMO_EARNING_RULES, seedDemo } from '../src/demo/demo-seed.js';
import { TillService } from '../src/till/till.service.js';
import { createStore, loginMember, loginStaff, type LoggedInMember, type LoggedInStaff } from './helpers/factories.js';
import { couponFor } from './helpers/coupons.js';
import { expectLedgerConsistent, identifyMember, memberCode, nextOrderNo } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const TZ = 'Asia/Shanghai';

describe('member days and coupon hours (programme timezone)', () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let cashier: LoggedInStaff;
  let otherCashier: LoggedInStaff;
  let till: TillService;
  const principal = (s: LoggedInStaff): StaffPrincipal => ({ kind: 'staff', id: s.id, role: 'cashier', storeId: s.storeId });

  // The next Wednesday (local) at least a day ahead, so coupons claimed now are valid then.
  const today = toLocalDate(new Date(), TZ);
  let wednesday = addDays(today, 1);
  while (isoWeekday(wednesday) !== 3) wednesday = addDays(wednesday, 1);
  const wedStart = startOfLocalDate(wednesday, TZ).getTime();
  const WED_0010 = new Date(wedStart + 10 * 60_000);
  const TUE_2350 = new Date(wedStart - 10 * 60_000);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    cashier = await loginStaff(t, 'cashier');
    otherCashier = await loginStaff(t, 'cashier', await createStore(t));
    till = t.app.get(TillService);
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  async function putRules(rules: unknown[], status = 200) {
    const p = (await t.http.get('/api/v1/admin/programme').set(admin.auth).expect(200)).body;
    const { version, ...rest } = p;
    return t.http
      .put('/api/v1/admin/programme')
      .set(admin.auth)
      .send({ ...rest, timezone: TZ, expectedVersion: version, earning: { ...p.earning, rules } })
      .expect(status);
  }
  const earnAt = async (staff: LoggedInStaff, m: LoggedInMember, at: Date, amount = 10_000) =>
    (await till.createOrder(principal(staff), { memberId: m.id, orderNo: nextOrderNo(), amount }, at)).body.pointsEarned;

  it('a Wednesday-only 积分 2 倍 applies at Wed 00:10 local and not at Tue 23:50 local, though both are Tuesday in UTC', async () => {
    expect(WED_0010.getUTCDay()).toBe(2);
    expect(TUE_2350.getUTCDay()).toBe(2);
    await putRules([
      { code: 'per_yuan_paid', args: {} },
      { code: 'member_day', args: { multiplierBp: 20_000, weekdays: [3] } },
    ]);
    const m = await loginMember(t);
    expect(await earnAt(cashier, m, WED_0010)).toBe(200);
    expect(await earnAt(cashier, m, TUE_2350)).toBe(100);
    // The order keeps what it earned.
    const rows = await t.db.query('SELECT points_earned FROM member_order WHERE member_id = $1 ORDER BY created_at', [m.id]);
    expect(rows.map((r: { points_earned: number }) => r.points_earned).sort()).toEqual([100, 200]);
  });

  it('a time window counts only inside [timeFrom, timeTo) on the local clock', async () => {
    await putRules([
      { code: 'per_yuan_paid', args: {} },
      { code: 'member_day', args: { multiplierBp: 30_000, weekdays: [3], timeFrom: '00:00', timeTo: '00:05' } },
    ]);
    const m = await loginMember(t);
    expect(await earnAt(cashier, m, new Date(wedStart + 4 * 60_000))).toBe(300);
    expect(await earnAt(cashier, m, new Date(wedStart + 5 * 60_000))).toBe(100);
  });

  it('tier- and store-restricted member days', async () => {
    await putRules([
      { code: 'per_yuan_paid', args: {} },
      { code: 'member_day', args: { multiplierBp: 20_000, tiers: ['gold'] } },
      { code: 'member_day', args: { multiplierBp: 30_000, storeIds: [cashier.storeId] } },
    ]);
    const normal = await loginMember(t);
    const gold = await loginMember(t);
    await t.db.query(`UPDATE member SET tier_code = 'gold' WHERE id = $1`, [gold.id]);
    const goldTier = (await t.http.get('/api/v1/admin/programme').set(admin.auth).expect(200)).body.tiers.find(
      (x: { code: string }) => x.code === 'gold',
    ) as { pointsMultiplierBp: number; discountRateBp: number };
    // ¥100 at the gold member price: paid = discountRateBp fen; points = floor(paid yuan × tier multiplier × N), rounded once.
    const goldPoints = (times: number) =>
      Math.floor((goldTier.discountRateBp * goldTier.pointsMultiplierBp * times) / (100 * 10_000));
    // Other store: only the tier rule.
    expect(await earnAt(otherCashier, normal, WED_0010)).toBe(100);
    expect(await earnAt(otherCashier, gold, WED_0010)).toBe(goldPoints(2));
    // This store: the store rule adds 2 more ×; gold gets both extras (1 + 1 + 2 = 4 ×).
    expect(await earnAt(cashier, normal, WED_0010)).toBe(300);
    expect(await earnAt(cashier, gold, WED_0010)).toBe(goldPoints(4));
  });

  it("the card shows today's member days for the member's tier; GET /programme carries the rules", async () => {
    const todayWeekday = isoWeekday(toLocalDate(new Date(), TZ));
    const otherWeekday = (todayWeekday % 7) + 1;
    const rules = [
      { code: 'per_yuan_paid', args: {} },
      { code: 'member_day', args: { multiplierBp: 20_000, weekdays: [todayWeekday] } },
      { code: 'member_day', args: { multiplierBp: 30_000, weekdays: [otherWeekday] } },
      { code: 'member_day', args: { multiplierBp: 30_000, weekdays: [todayWeekday], tiers: ['platinum'] } },
    ];
    await putRules(rules);
    const m = await loginMember(t);
    const card = (await t.http.get('/api/v1/me').set(m.auth).expect(200)).body;
    expect(card.todayPromotions).toEqual([{ code: 'member_day', title: '今天是会员日，积分 2 倍' }]);
    expect((await t.http.get('/api/v1/programme').expect(200)).body.earning.rules).toEqual(rules);
    // The till's preview gets the timezone to read member days with.
    const identified = await t.http
      .post('/api/v1/cashier/identify')
      .set(cashier.auth)
      .send({ memberCode: await memberCode(t, m.id) })
      .expect(200);
    expect(identified.body.member.pricing.timezone).toBe(TZ);
  });

  it('programme validation: member-day problems as 422 INVALID_PROGRAMME with every field', async () => {
    const res = await putRules(
      [
        { code: 'per_yuan_paid', args: {} },
        {
          code: 'member_day',
          args: { multiplierBp: 10_000, weekdays: [0], timeFrom: '14:00', timeTo: '10:00', tiers: ['vip'], storeIds: ['x'] },
        },
      ],
      422,
    );
    expect(res.body.code).toBe('INVALID_PROGRAMME');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'earning.rules[1].args.multiplierBp',
      'earning.rules[1].args.storeIds',
      'earning.rules[1].args.tiers',
      'earning.rules[1].args.timeTo',
      'earning.rules[1].args.weekdays',
    ]);
  });

  describe('coupons usable only on some weekdays', () => {
    it('a Wednesday-only coupon is refused on Tuesday 23:50 local (422 COUPON_NOT_VALID_NOW) and accepted at Wed 00:10', async () => {
      await putRules([{ code: 'per_yuan_paid', args: {} }]);
      const m = await loginMember(t);
      const { template, coupon } = await couponFor(t, admin, m, { validWeekdays: [3] });
      expect(template.validWeekdays).toEqual([3]);
      const wallet = (await t.http.get('/api/v1/me/coupons').set(m.auth).expect(200)).body.items;
      expect(wallet.find((c: { id: string }) => c.id === coupon.id)).toMatchObject({
        validWeekdays: [3],
        usableTimes: '仅每周三可用',
      });
      const orderAt = async (at: Date) => {
        const { identification } = await till.identify(principal(cashier), await memberCode(t, m.id, at), at);
        return till.createOrder(
          principal(cashier),
          {
            memberId: m.id,
            orderNo: nextOrderNo(),
            amount: 12_000,
            couponCodes: [coupon.code],
            identificationId: identification.id,
          },
          at,
        );
      };
      await expect(orderAt(TUE_2350)).rejects.toMatchObject({ code: 'COUPON_NOT_VALID_NOW' });
      expect(ERROR_STATUS.COUPON_NOT_VALID_NOW).toBe(422);
      const ok = await orderAt(WED_0010);
      expect(ok.body.discounts?.coupons).toBe(2_000);
      expect(ok.body.couponsUsed).toEqual([coupon.code]);
    });

    it('over HTTP: a coupon for another weekday than today → 422 COUPON_NOT_VALID_NOW; the identify list leaves it out', async () => {
      const todayWeekday = isoWeekday(toLocalDate(new Date(), TZ));
      const m = await loginMember(t);
      const { coupon } = await couponFor(t, admin, m, { validWeekdays: [(todayWeekday % 7) + 1] });
      const identified = await t.http
        .post('/api/v1/cashier/identify')
        .set(cashier.auth)
        .send({ memberCode: await memberCode(t, m.id) })
        .expect(200);
      expect(identified.body.usableCoupons.map((c: { id: string }) => c.id)).not.toContain(coupon.id);
      const res = await t.http
        .post('/api/v1/cashier/orders')
        .set(cashier.auth)
        .send({
          memberId: m.id,
          orderNo: nextOrderNo(),
          amount: 12_000,
          couponCodes: [coupon.code],
          identificationId: await identifyMember(t, cashier, m.id),
        })
        .expect(422);
      expect(res.body.code).toBe('COUPON_NOT_VALID_NOW');
    });

    it('template validation: hours go together and in order', async () => {
      const bad = await t.http
        .post('/api/v1/admin/coupon-templates')
        .set(admin.auth)
        .send({
          title: '午市券',
          kind: 'cash',
          threshold: 0,
          amountOff: 500,
          totalStock: 10,
          perMemberLimit: 1,
          validDays: 7,
          channels: ['center'],
          validTimeFrom: '14:00',
          validTimeTo: '11:00',
        });
      expect(bad.status).toBe(400);
      const half = await t.http
        .post('/api/v1/admin/coupon-templates')
        .set(admin.auth)
        .send({
          title: '午市券',
          kind: 'cash',
          threshold: 0,
          amountOff: 500,
          totalStock: 10,
          perMemberLimit: 1,
          validDays: 7,
          channels: ['center'],
          validTimeFrom: '11:00',
        });
      expect(half.status).toBe(400);
    });
  });
});

describe('the demo programme', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('seeds a Wednesday 积分 2 倍 member day and a Wednesday-only coupon', async () => {
    expect(await seedDemo(t.app)).not.toBeNull();
    const p = (await t.http.get('/api/v1/programme').expect(200)).body;
    expect(p.version).toBe(2);
    expect(p.earning.rules).toEqual(DEMO_EARNING_RULES);
    const center = (
      await t.http
        .get('/api/v1/coupons/center')
        .set((await loginMember(t)).auth)
        .expect(200)
    ).body.items;
    expect(center.find((i: { title: string }) => i.title === '周三会员日 满50减8')).toMatchObject({
      validWeekdays: [3],
      usableTimes: '仅每周三可用',
    });
  });
});
