// The demo programme: two stores and one account per role, created only when the database
// has no stores yet. Passwords here are for the local demo only. After start-up, a few demo
// shoppers' item-bearing orders and one recompute give 为您推荐 something to show
// (seedDemoPurchases; docs/recommendations.md "Demo").
import { Logger } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CreateCouponTemplateRequest, OrderItem } from '@huiyuan/shared';
import { CouponTemplatesService } from '../coupons/coupon-templates.service.js';
import { IdentityService } from '../identity/identity.service.js';
import { MembersService } from '../members/members.service.js';
import { CURRENT_PRIVACY_POLICY } from '../members/privacy-policy.js';
import { RecommendationsService } from '../recommendations/recommendations.service.js';
import { TillService } from '../till/till.service.js';
import { StoreRepository } from '../stores/store.repository.js';
import { StoresService } from '../stores/stores.service.js';

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
    if (a.username === 'cashier2') cashier = { id: staff.id, storeId: byName.get(a.store!)! };
  }
  const templates = app.get(CouponTemplatesService);
  for (const t of DEMO_COUPON_TEMPLATES) await templates.create(null, t);
  new Logger('Demo').log(`demo programme seeded (2 stores, 4 staff accounts, ${DEMO_COUPON_TEMPLATES.length} coupon templates)`);
  return { cashier: cashier! };
}
