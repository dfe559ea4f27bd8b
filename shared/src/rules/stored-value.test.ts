import fc from 'fast-check';
import {
  balanceToReturn,
  liveBalance,
  planBalanceReturn,
  planBalanceSpend,
  planTopUpRefund,
  splitSpend,
  storedValuePlanProblems,
  storedValueSettingsProblems,
  type SpendOrder,
  type StoredValueLot,
} from './stored-value.js';

const NOW = new Date('2026-12-02T08:00:00Z');
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const lot = (
  id: string,
  principalLeft: number,
  bonusLeft: number,
  bonusExpiresAt: Date | null = null,
  age = 0,
): StoredValueLot => ({
  id,
  principalLeft,
  bonusLeft,
  bonusExpiresAt,
  createdAt: day(-age),
});

const lotsArb = fc
  .array(
    fc.record({
      principal: fc.integer({ min: 0, max: 100_000 }),
      bonus: fc.integer({ min: 0, max: 20_000 }),
      expiresIn: fc.option(fc.integer({ min: -30, max: 30 }), { nil: null }),
      age: fc.integer({ min: 0, max: 400 }),
    }),
    { minLength: 0, maxLength: 6 },
  )
  .map((rows) => rows.map((r, i) => lot(`l${i}`, r.principal, r.bonus, r.expiresIn === null ? null : day(r.expiresIn), r.age)));
const orderArb = fc.constantFrom<SpendOrder>('proportional', 'principal_first', 'bonus_first');

describe('planBalanceSpend', () => {
  it('takes exactly the amount, never more from a lot than it has, never an expired bonus', () => {
    fc.assert(
      fc.property(lotsArb, orderArb, fc.integer({ min: 0, max: 200_000 }), (lots, order, amount) => {
        const plan = planBalanceSpend(lots, amount, order, NOW);
        const live = liveBalance(lots, NOW);
        if (!plan.ok) return amount > live.total && plan.code === 'INSUFFICIENT_BALANCE';
        const byId = new Map(lots.map((l) => [l.id, l]));
        const sum = plan.takes.reduce((s, t) => s + t.principal + t.bonus, 0);
        return (
          sum === amount &&
          plan.principal + plan.bonus === amount &&
          plan.takes.every((t) => {
            const l = byId.get(t.lotId)!;
            const bonusOk = t.bonus === 0 || l.bonusExpiresAt === null || l.bonusExpiresAt > NOW;
            return t.principal <= l.principalLeft && t.bonus <= l.bonusLeft && bonusOk;
          })
        );
      }),
    );
  });

  it('principal_first spends the oldest principal before any bonus', () => {
    const lots = [lot('new', 5000, 500, null, 1), lot('old', 3000, 300, null, 10)];
    const plan = planBalanceSpend(lots, 6000, 'principal_first', NOW);
    expect(plan).toEqual({
      ok: true,
      principal: 6000,
      bonus: 0,
      takes: [
        { lotId: 'old', principal: 3000, bonus: 0 },
        { lotId: 'new', principal: 3000, bonus: 0 },
      ],
    });
  });

  it('bonus_first spends the bonus expiring soonest first', () => {
    const lots = [lot('a', 5000, 500, day(100), 5), lot('b', 5000, 500, day(10), 1)];
    expect(planBalanceSpend(lots, 700, 'bonus_first', NOW)).toMatchObject({
      principal: 0,
      bonus: 700,
      takes: [
        { lotId: 'b', principal: 0, bonus: 500 },
        { lotId: 'a', principal: 0, bonus: 200 },
      ],
    });
  });

  it('proportional pays 充 100 送 10 as 10/11 principal and 1/11 bonus', () => {
    expect(splitSpend(1100, { principal: 10000, bonus: 1000, total: 11000 }, 'proportional')).toEqual({
      principal: 1000,
      bonus: 100,
    });
  });

  it('an expired bonus is not spendable', () => {
    const lots = [lot('a', 1000, 500, day(-1))];
    expect(planBalanceSpend(lots, 1001, 'bonus_first', NOW)).toEqual({ ok: false, code: 'INSUFFICIENT_BALANCE' });
    expect(liveBalance(lots, NOW)).toEqual({ principal: 1000, bonus: 0, total: 1000 });
  });
});

describe('balanceToReturn', () => {
  it('partial refunds add up to exactly the balance paid on a full refund', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }),
        (payable, share, parts) => {
          const balancePaid = Math.floor((payable * share) / 100);
          const weights = parts.reduce((a, b) => a + b, 0);
          let refunded = 0;
          let returned = 0;
          parts.forEach((w, i) => {
            const r = i === parts.length - 1 ? payable - refunded : Math.floor((payable * w) / weights);
            returned += balanceToReturn(balancePaid, payable, refunded, r);
            refunded += r;
          });
          return returned === balancePaid;
        },
      ),
    );
  });
});

describe('planBalanceReturn', () => {
  it('returns principal and bonus in the proportion the order took them; a full return gives back exactly what was taken', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ p: fc.integer({ min: 0, max: 10_000 }), b: fc.integer({ min: 0, max: 2_000 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 5 }),
        (takes, refunds) => {
          const spent = takes.map((t, i) => ({
            lotId: `l${i}`,
            principal: t.p,
            bonus: t.b,
            principalReturned: 0,
            bonusReturned: 0,
            bonusExpiresAt: null,
          }));
          const total = takes.reduce((s, t) => s + t.p + t.b, 0);
          for (const amount of [...refunds, total]) {
            const plan = planBalanceReturn(spent, amount, NOW);
            for (const r of plan.returns) {
              const s = spent.find((x) => x.lotId === r.lotId)!;
              s.principalReturned += r.principal;
              s.bonusReturned += r.bonus + r.bonusForfeited;
            }
          }
          return spent.every((s) => s.principalReturned === s.principal && s.bonusReturned === s.bonus);
        },
      ),
    );
  });

  it('forfeits the bonus of a lot that expired since the order', () => {
    const spent = [{ lotId: 'a', principal: 1000, bonus: 100, principalReturned: 0, bonusReturned: 0, bonusExpiresAt: day(-1) }];
    expect(planBalanceReturn(spent, 1100, NOW)).toEqual({
      returns: [{ lotId: 'a', principal: 1000, bonus: 0, bonusForfeited: 100 }],
      principal: 1000,
      bonus: 0,
      bonusForfeited: 100,
    });
  });
});

describe('planTopUpRefund', () => {
  const topUp = { amount: 10000, bonus: 1000, principalRefunded: 0, bonusClawed: 0 };

  it('unspent: the whole principal back, the whole bonus clawed back from the lot', () => {
    expect(planTopUpRefund({ ...topUp, principalLeft: 10000, bonusLeft: 1000 })).toEqual({
      ok: true,
      principal: 10000,
      bonusFromLot: 1000,
      bonusFromMoney: 0,
      money: 10000,
    });
  });

  it('after ¥55 spent in proportion (¥50 principal, ¥5 bonus): ¥50 back, the ¥5 bonus left clawed back', () => {
    expect(planTopUpRefund({ ...topUp, principalLeft: 5000, bonusLeft: 500 })).toMatchObject({
      money: 5000,
      bonusFromLot: 500,
      bonusFromMoney: 0,
    });
  });

  it('after the bonus was spent first: the spent part of the bonus due is kept from the money', () => {
    // ¥55 spent bonus-first: ¥10 bonus, ¥45 principal; ¥55 principal left, bonus due 5.5 → ¥5.50 kept.
    expect(planTopUpRefund({ ...topUp, principalLeft: 5500, bonusLeft: 0 })).toEqual({
      ok: true,
      principal: 5500,
      bonusFromLot: 0,
      bonusFromMoney: 550,
      money: 4950,
    });
  });

  it('never refunds more than is left, and nothing twice', () => {
    expect(planTopUpRefund({ ...topUp, principalLeft: 0, bonusLeft: 0 })).toMatchObject({ ok: false, reason: 'nothing_left' });
    expect(planTopUpRefund({ ...topUp, principalLeft: 100, bonusLeft: 0 }, 101)).toMatchObject({
      ok: false,
      reason: 'more_than_left',
    });
  });

  it('partial refunds claw back no more bonus in total than the top-up gave', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 100_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        (amount, bonusPct, parts) => {
          const bonus = Math.floor((amount * bonusPct) / 100);
          const t = { amount, bonus, principalLeft: amount, bonusLeft: bonus, principalRefunded: 0, bonusClawed: 0 };
          for (const part of parts) {
            const r = Math.min(t.principalLeft, Math.max(1, Math.floor((amount * part) / 400)));
            const plan = planTopUpRefund(t, r);
            if (!plan.ok) return t.principalLeft === 0;
            if (plan.money < 0 || plan.money > r) return false;
            t.principalLeft -= plan.principal;
            t.bonusLeft -= plan.bonusFromLot;
            t.principalRefunded += plan.principal;
            t.bonusClawed += plan.bonusFromLot + plan.bonusFromMoney;
          }
          return t.bonusClawed <= bonus && t.bonusLeft >= 0;
        },
      ),
    );
  });
});

describe('configuration', () => {
  it('checks plans and settings', () => {
    expect(storedValuePlanProblems({ title: '充100送10', amount: 10000, bonus: 1000 })).toEqual({});
    expect(Object.keys(storedValuePlanProblems({ title: '', amount: 50, bonus: -1 }))).toEqual(['title', 'amount', 'bonus']);
    expect(storedValueSettingsProblems({ spendOrder: 'proportional', bonusExpiryDays: null })).toEqual({});
    expect(Object.keys(storedValueSettingsProblems({ spendOrder: 'x' as SpendOrder, bonusExpiryDays: 0 }))).toEqual([
      'spendOrder',
      'bonusExpiryDays',
    ]);
  });
});
