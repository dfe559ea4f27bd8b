// The demo programme: two stores, one account per role, coupon templates, the Wednesday member
// day and (sandbox) a few feedback items, created only when the database has no stores yet.
// Passwords here are for the local demo only. After start-up, a few demo shoppers' item-bearing
// orders and one recompute give 为您推荐 something to show (seedDemoPurchases;
// docs/recommendations.md "Demo").
import { Logger } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toProgrammeView, type CreateCouponTemplateRequest, type EarningRuleConfig, type OrderItem } from '@huiyuan/shared';
import { CouponTemplatesService } from '../coupons/coupon-templates.service.js';
import { IdentityService } from '../identity/identity.service.js';
import { MembersService } from '../members/members.service.js';
import { CURRENT_PRIVACY_POLICY } from '../members/privacy-policy.js';
import { ProgrammeService } from '../programme/programme.service.js';
import { RecommendationsService } from '../recommendations/recommendations.service.js';
import { TillService } from '../till/till.service.js';
import { StoreRepository } from '../stores/store.repository.js';
import { StoresService } from '../stores/stores.service.js';
import { APP_CONFIG } from '../config/config.js';
import { FeedbackService } from '../feedback/feedback.service.js';
import { StoredValueService } from '../stored-value/stored-value.service.js';
import { MembershipService } from '../membership/membership.service.js';
import type { StaffPrincipal } from '../common/auth.js';

export interface DemoAccount {
  username: string;
  password: string;
  role: string;
  store: string | null;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', password: 'admin1234', role: 'admin', store: null },
  { username: 'manager1', password: 'manager1234', role: 'manager', store: '静安寺店' },
  { username: 'cashier1', password: 'cashier1234', role: 'cashier', store: '静安寺店' },
  { username: 'cashier2', password: 'cashier1234', role: 'cashier', store: '徐家汇店' },
];

const DEMO_STORES = [
  { name: '静安寺店', address: '上海市静安区南京西路 1618 号' },
  { name: '徐家汇店', address: '上海市徐汇区虹桥路 1 号' },
];

/** One template per channel, so every coupon screen has something to show. */
const DEMO_COUPON_TEMPLATES: CreateCouponTemplateRequest[] = [
  {
    title: '满100减20',
    description: '全场通用',
    kind: 'cash',
    threshold: 10_000,
    amountOff: 2_000,
    totalStock: 1000,
    perMemberLimit: 1,
    validDays: 30,
    channels: ['center'],
  },
  {
    title: '9折券（最高减30元）',
    kind: 'percent',
    percentOff: 10,
    maxOff: 3_000,
    totalStock: 500,
    perMemberLimit: 2,
    validDays: 14,
    channels: ['center'],
  },
  {
    title: '新人专享 满50减10',
    kind: 'cash',
    threshold: 5_000,
    amountOff: 1_000,
    totalStock: 100_000,
    perMemberLimit: 1,
    validDays: 14,
    channels: ['welcome'],
  },
  { title: '生日礼：精品蛋糕一份', kind: 'gift', totalStock: 100_000, perMemberLimit: 1, validDays: 31, channels: ['birthday'] },
  {
    title: '积分兑换：美式咖啡一杯',
    kind: 'gift',
    totalStock: 200,
    perMemberLimit: 3,
    validDays: 30,
    channels: ['points'],
    pointsCost: 500,
  },
  {
    title: '无门槛10元券',
    description: '客诉补偿专用',
    kind: 'cash',
    amountOff: 1_000,
    totalStock: 1000,
    perMemberLimit: 1,
    validDays: 30,
    channels: ['grant'],
  },
  {
    title: '周三会员日 满50减8',
    description: '仅每周三可用',
    kind: 'cash',
    threshold: 5_000,
    amountOff: 800,
    totalStock: 1000,
    perMemberLimit: 1,
    validDays: 30,
    channels: ['center'],
    validWeekdays: [3],
  },
];

/** The demo's member day: every Wednesday 积分 2 倍 (docs/programme.md, "Member days"). */
export const DEMO_EARNING_RULES: EarningRuleConfig[] = [
  { code: 'per_yuan_paid', args: {} },
  { code: 'member_day', args: { multiplierBp: 20_000, weekdays: [3] } },
];

/** A demo shopper: openid (log in with `dev:<openid>`) and their orders at 徐家汇店 (cashier2). */
const DEMO_MENU: Record<string, OrderItem> = {
  LATTE: { sku: 'DEMO-LATTE', name: '拿铁', category: '咖啡', quantity: 1, unitPrice: 3200 },
  AMERICANO: { sku: 'DEMO-AMERICANO', name: '美式咖啡', category: '咖啡', quantity: 1, unitPrice: 2600 },
  CROISSANT: { sku: 'DEMO-CROISSANT', name: '黄油可颂', category: '烘焙', quantity: 1, unitPrice: 1800 },
  MUFFIN: { sku: 'DEMO-MUFFIN', name: '蓝莓麦芬', category: '烘焙', quantity: 1, unitPrice: 2200 },
  TIRAMISU: { sku: 'DEMO-TIRAMISU', name: '提拉米苏', category: '甜点', quantity: 1, unitPrice: 3800 },
  WATER: { sku: 'DEMO-WATER', name: '矿泉水', category: '饮品', quantity: 1, unitPrice: 500 },
};
type Dish = keyof typeof DEMO_MENU;
/** Three shoppers pair 拿铁 with 可颂 and three 美式 with 麦芬; demo-shopper-7 bought only a 拿铁. */
export const DEMO_SHOPPERS: { openid: string; orders: Dish[][] }[] = [
  { openid: 'demo-shopper-1', orders: [['LATTE', 'CROISSANT'], ['AMERICANO']] },
  { openid: 'demo-shopper-2', orders: [['LATTE', 'CROISSANT', 'WATER']] },
  { openid: 'demo-shopper-3', orders: [['LATTE', 'CROISSANT'], ['TIRAMISU']] },
  { openid: 'demo-shopper-4', orders: [['AMERICANO', 'MUFFIN'], ['WATER']] },
  { openid: 'demo-shopper-5', orders: [['AMERICANO', 'MUFFIN', 'TIRAMISU']] },
  { openid: 'demo-shopper-6', orders: [['AMERICANO', 'MUFFIN', 'WATER']] },
  { openid: 'demo-shopper-7', orders: [['LATTE']] },
];

/**
 * What seedDemo created that the purchases need: cashier2 and 徐家汇店 (静安寺店's figures stay the
 * browser tests' own).
 */
export interface DemoSeed {
  cashier: { id: string; storeId: string };
}

/**
 * The demo shoppers (consented), their orders through the till and one recompute of the
 * recommendations. After app.init(): the till prices orders with the programme loaded at start.
 */
export async function seedDemoPurchases(app: INestApplicationContext, seed: DemoSeed): Promise<void> {
  const identity = app.get(IdentityService);
  const members = app.get(MembersService);
  const till = app.get(TillService);
  const cashier = { kind: 'staff' as const, id: seed.cashier.id, role: 'cashier' as const, storeId: seed.cashier.storeId };
  let orders = 0;
  for (const shopper of DEMO_SHOPPERS) {
    const memberId = await identity.createDemoMember(shopper.openid);
    await members.acceptConsent(memberId, CURRENT_PRIVACY_POLICY.version);
    for (const [i, dishes] of shopper.orders.entries()) {
      const items = dishes.map((d) => DEMO_MENU[d]!);
      await till.createOrder(cashier, {
        memberId,
        orderNo: `DEMO-${shopper.openid}-${i + 1}`,
        amount: items.reduce((s, it) => s + it.quantity * it.unitPrice, 0),
        items,
      });
      orders++;
    }
  }
  const run = await app.get(RecommendationsService).recompute();
  new Logger('Demo').log(
    `demo purchases seeded (${DEMO_SHOPPERS.length} shoppers, ${orders} orders; ${run?.pairs ?? 0} item pairs)`,
  );
}

/** Seeds when the database has no store; returns what it created (null: it did not seed). */
export async function seedDemo(app: INestApplicationContext): Promise<DemoSeed | null> {
  const db = app.get(DataSource);
  if ((await app.get(StoreRepository).count(db)) > 0) return null;
  const stores = app.get(StoresService);
  const identity = app.get(IdentityService);
  const byName = new Map<string, string>();
  for (const s of DEMO_STORES) byName.set(s.name, (await stores.create(null, s)).id);
  let adminId: string | null = null;
  let cashier: DemoSeed['cashier'] | null = null;
  for (const a of DEMO_ACCOUNTS) {
    // The demo is a sandbox with published passwords (README): exempt from the password policy.
    const staff = await identity.createStaff(
      null,
      {
        username: a.username,
        password: a.password,
        role: a.role as 'admin' | 'manager' | 'cashier',
        ...(a.store ? { storeId: byName.get(a.store)! } : {}),
      },
      { demoSeed: true },
    );
    if (a.role === 'admin') adminId ??= staff.id;
    if (a.username === 'cashier2') cashier = { id: staff.id, storeId: byName.get(a.store!)! };
  }
  // Version 2 of the programme, by the demo admin: the seeded one plus the Wednesday member day.
  const programme = app.get(ProgrammeService);
  const current = await programme.current();
  if (adminId && !current.earning.rules) {
    const { version, ...doc } = toProgrammeView(current);
    await programme.put({ kind: 'staff', id: adminId, role: 'admin', storeId: null }, version, {
      ...doc,
      earning: { ...doc.earning, rules: DEMO_EARNING_RULES },
    });
  }
  const templates = app.get(CouponTemplatesService);
  for (const t of DEMO_COUPON_TEMPLATES) await templates.create(null, t);
  if (adminId) await seedDemoStoredValue(app, { kind: 'staff', id: adminId, role: 'admin', storeId: null });
  const feedback = app.get(APP_CONFIG).wechat.sandbox ? await seedDemoFeedback(app, byName) : 0;
  new Logger('Demo').log(
    `demo programme seeded (2 stores, 4 staff accounts, ${DEMO_COUPON_TEMPLATES.length} coupon templates, member day: Wednesdays 积分 2 倍, ` +
      `${DEMO_TOP_UP_PLANS.length} top-up plans, ${DEMO_MEMBERSHIP_PLANS.length + 1} paid-membership plans, ${feedback} feedback items)`,
  );
  return { cashier: cashier! };
}

/** 储值方案: the classic ladder, the bigger the top-up the bigger the bonus share. */
const DEMO_TOP_UP_PLANS = [
  { title: '充 100 送 10', amount: 10_000, bonus: 1_000 },
  { title: '充 300 送 40', amount: 30_000, bonus: 4_000 },
  { title: '充 500 送 80', amount: 50_000, bonus: 8_000 },
];

/** 付费会员 PLUS: one set of benefits (95 折, 1.5 倍积分, a monthly pack), a trial and three terms. */
const DEMO_MEMBERSHIP_PLANS = [
  { title: 'PLUS 月卡', price: 1_500, termDays: 30 },
  { title: 'PLUS 季卡', price: 4_000, termDays: 90 },
  { title: 'PLUS 年卡', price: 13_800, termDays: 365 },
];

async function seedDemoStoredValue(app: INestApplicationContext, admin: StaffPrincipal): Promise<void> {
  const storedValue = app.get(StoredValueService);
  for (const p of DEMO_TOP_UP_PLANS) await storedValue.createPlan(admin, p);
  const pack = await app.get(CouponTemplatesService).create(null, {
    title: 'PLUS 会员月礼 满30减8',
    description: '付费会员每月一张',
    kind: 'cash',
    threshold: 3_000,
    amountOff: 800,
    totalStock: 1_000_000,
    perMemberLimit: 1_000,
    validDays: 31,
    channels: ['membership'],
  });
  const benefits = { discountRateBp: 9_500, pointsMultiplierBp: 15_000, monthlyCouponTemplateId: pack.id };
  const membership = app.get(MembershipService);
  await membership.createPlan(admin, { title: 'PLUS 7 天免费体验', price: 0, termDays: 7, trial: true, ...benefits });
  for (const p of DEMO_MEMBERSHIP_PLANS) await membership.createPlan(admin, { ...p, ...benefits });
}

/**
 * Three feedback items from two sandbox members (no orders, so the dashboard's figures stay the
 * browser tests' own): two at 静安寺店, one answered by its manager, and one at 徐家汇店.
 */
async function seedDemoFeedback(app: INestApplicationContext, stores: Map<string, string>): Promise<number> {
  const identity = app.get(IdentityService);
  const members = app.get(MembersService);
  const feedback = app.get(FeedbackService);
  const member = async (openid: string) => {
    const login = await identity.wechatLogin({ code: `dev:${openid}` });
    await members.acceptConsent(login.member.id, CURRENT_PRIVACY_POLICY.version);
    return login.member.id;
  };
  const first = await member('demo-feedback-1');
  const second = await member('demo-feedback-2');
  const jingan = stores.get('静安寺店')!;
  const xujiahui = stores.get('徐家汇店')!;
  const answered = await feedback.create(
    first,
    { category: 'service', content: '店员很热情，就是高峰期排队有点久，希望能多开一个收银台。', rating: 4, requestId: 'demo-1' },
    new Date(Date.now() - 26 * 3_600_000),
    jingan,
  );
  await feedback.create(
    second,
    { category: 'environment', content: '靠窗的座位空调太冷了。', rating: 3, requestId: 'demo-2' },
    new Date(Date.now() - 3 * 3_600_000),
    jingan,
  );
  await feedback.create(
    second,
    { category: 'product', content: '新出的桂花拿铁很好喝，希望常驻菜单！', rating: 5, requestId: 'demo-3' },
    new Date(Date.now() - 50 * 60_000),
    xujiahui,
  );
  const manager = (await identity.listStaff()).find((s) => s.username === 'manager1')!;
  await feedback.reply(
    { kind: 'staff', id: manager.id, role: 'manager', storeId: jingan },
    answered.body.id,
    { reply: '感谢您的建议！高峰时段（12:00–13:30）我们已增加一名收银员，欢迎您再来体验。', status: 'replied' },
    new Date(Date.now() - 24 * 3_600_000),
  );
  return 3;
}
