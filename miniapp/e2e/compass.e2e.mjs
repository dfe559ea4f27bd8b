// 门店罗盘 end to end: two members buy at 静安寺店 through the API (one of them twice), the demo
// manager opens the compass from the staff page, and every figure shown for 今日 and 近7天 equals
// what GET /admin/analytics/kpis answers, formatted; the ECharts trend draws pixels on its canvas;
// the lifecycle funnel matches; top segments show only if GET /admin/segments answers; a cashier
// has no link and is refused when opening the page directly (and by the API).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  addDays,
  buy,
  call,
  fen,
  fill,
  group,
  launchBrowser,
  localToday,
  newPhonePage,
  pct,
  screenshot,
  SCREENSHOTS,
  signUpMember,
  staffLogin,
  startServer,
} from './harness.mjs';

/** The H5 page scrolls inside Taro's container, so a full-page shot stops at the fold: shoot a section. */
async function sectionShot(page, id, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  await page.locator(`#${id}`).screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

const COMPASS = '/#/packages/staff/compass/index';

async function text(page, id) {
  return (await page.locator(`#${id}`).innerText()).trim();
}

describe('门店罗盘 in the browser', () => {
  let server;
  let browser;
  let manager;
  let managerToken;
  let today;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    manager = await newPhonePage(browser);
    const { token: cashierToken } = await staffLogin(server.url, 'cashier1', 'cashier1234');
    managerToken = (await staffLogin(server.url, 'manager1', 'manager1234')).token;
    const { token: a } = await signUpMember(server.url, 'compass-a');
    const { token: b } = await signUpMember(server.url, 'compass-b');
    await buy(server.url, cashierToken, a, 12_800);
    await buy(server.url, cashierToken, a, 3_050);
    await buy(server.url, cashierToken, b, 9_999);
    const { timezone } = await call(server.url, null, 'GET', '/api/v1/programme');
    today = localToday(timezone);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Every figure on the page equals the API's for the same period (and store, for an admin). */
  async function assertFiguresEqualApi(from, to, page = manager, token = managerToken, storeId = undefined) {
    const scope = storeId ? `&storeId=${storeId}` : '';
    const k = await call(server.url, token, 'GET', `/api/v1/admin/analytics/kpis?from=${from}&to=${to}${scope}`);
    await page.waitForFunction(
      (range) => globalThis.document.querySelector('#compass-range')?.textContent?.startsWith(range),
      from === to ? from : `${from} 至 ${to}`,
    );
    const expected = {
      growthRate: pct(k.members.growthRate),
      repurchaseRate: pct(k.repurchaseRate),
      averageOrderValue: fen(k.averageOrderValue),
      churnRate: pct(k.churnRate),
      activityRate: pct(k.activityRate),
      newMembers: group(String(k.members.new)),
      orders: group(String(k.orders)),
      gmv: fen(k.gmv),
    };
    for (const [key, value] of Object.entries(expected)) {
      assert.equal(await text(page, `compass-kpi-${key}-value`), value, key);
    }
    // A null figure says why.
    assert.equal(await page.locator('#compass-kpi-growthRate-hint').count(), k.members.growthRate === null ? 1 : 0);
    if (k.members.growthRate === null) assert.equal(await text(page, 'compass-kpi-growthRate-hint'), '上期无会员');
    // The store's members (home store) are 0 until sign-ups carry a store: the funnel says so.
    assert.equal(await page.locator('#compass-funnel-empty').count(), k.members.total === 0 ? 1 : 0);
    for (const stage of ['new', 'active', 'silent', 'churned']) {
      assert.equal(await text(page, `compass-funnel-${stage}-count`), String(k.lifecycle[stage]), stage);
    }
    return k;
  }

  it('the manager opens the compass from the staff page and sees today’s figures, equal to the API’s', async () => {
    await manager.goto(server.url + '/');
    await manager.locator('#login-page').waitFor();
    await manager.locator('#login-tab-staff').click();
    await fill(manager, 'staff-username', 'manager1');
    await fill(manager, 'staff-password', 'manager1234');
    await manager.locator('#staff-submit').click();
    await manager.locator('#staff-compass-link').click();
    await manager.locator('#compass-page #compass-kpis').waitFor();
    assert.equal(await text(manager, 'compass-store'), '静安寺店');

    const k = await assertFiguresEqualApi(today, today);
    // The world above: three orders at this store today, two buyers, one of them twice.
    assert.ok(k.orders >= 3 && k.gmv >= 25_849, `orders ${k.orders}, gmv ${k.gmv}`);
    assert.equal(k.storeId !== null, true);

    // A figure's definition opens on a tap.
    await manager.locator('#compass-kpi-averageOrderValue').click();
    assert.match(await text(manager, 'compass-kpi-averageOrderValue-definition'), /÷ 订单数/);
  });

  it('the trend is drawn by ECharts on a canvas with pixels on it', async () => {
    const canvas = manager.locator('#compass-chart canvas').first();
    await canvas.waitFor();
    const painted = await canvas.evaluate((c) => {
      const ctx = c.getContext('2d');
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return { n, width: c.width, height: c.height };
    });
    assert.ok(painted.width > 100 && painted.height > 100, JSON.stringify(painted));
    assert.ok(painted.n > 500, `painted pixels: ${painted.n}`);
    await screenshot(manager, 'compass-today');
    await sectionShot(manager, 'compass-trends', 'compass-today-trend');
    await sectionShot(manager, 'compass-funnel', 'compass-today-funnel');
  });

  it('近7天: the figures follow the period', async () => {
    await manager.locator('#compass-period-7d').click();
    await assertFiguresEqualApi(addDays(today, -6), today);
    await manager.locator('#compass-trend-orders').click();
    await manager.locator('#compass-chart canvas').first().waitFor();
    await screenshot(manager, 'compass-7d');
  });

  it('top segments appear only when GET /admin/segments answers', async () => {
    const answers = await call(server.url, managerToken, 'GET', '/api/v1/admin/segments').then(
      (r) => Array.isArray(r?.items) && r.items.length > 0,
      () => false,
    );
    assert.equal(await manager.locator('#compass-segments').count(), answers ? 1 : 0);
  });

  it('an admin sees all stores, then picks 静安寺店: the figures follow the store', async () => {
    const admin = await newPhonePage(browser);
    const adminToken = (await staffLogin(server.url, 'admin', 'admin1234')).token;
    await admin.goto(server.url + '/');
    await admin.locator('#login-page').waitFor();
    await admin.locator('#login-tab-staff').click();
    await fill(admin, 'staff-username', 'admin');
    await fill(admin, 'staff-password', 'admin1234');
    await admin.locator('#staff-submit').click();
    await admin.locator('#staff-compass-link').click();
    await admin.locator('#compass-page #compass-kpis').waitFor();
    assert.equal(await text(admin, 'compass-store'), '全部门店');
    await admin.locator('#compass-kpis[data-store="all"]').waitFor();
    await assertFiguresEqualApi(today, today, admin, adminToken);

    const { items } = await call(server.url, adminToken, 'GET', '/api/v1/admin/stores');
    const store = items.find((s) => s.name === '静安寺店');
    await admin.locator(`#compass-store-${store.id}`).click();
    await admin.locator(`#compass-kpis[data-store="${store.id}"]`).waitFor();
    assert.equal(await text(admin, 'compass-store'), '静安寺店');
    await assertFiguresEqualApi(today, today, admin, adminToken, store.id);
    await screenshot(admin, 'compass-admin-store');
  });

  it('a cashier has no link to the compass and is refused on opening it', async () => {
    const cashier = await newPhonePage(browser);
    await cashier.goto(server.url + '/');
    await cashier.locator('#login-page').waitFor();
    await cashier.locator('#login-tab-staff').click();
    await fill(cashier, 'staff-username', 'cashier1');
    await fill(cashier, 'staff-password', 'cashier1234');
    await cashier.locator('#staff-submit').click();
    await cashier.locator('#cashier-page').waitFor();
    assert.equal(await cashier.locator('#staff-compass-link').count(), 0);

    await cashier.goto(server.url + COMPASS);
    await cashier.locator('#compass-denied').waitFor();
    assert.equal(await cashier.locator('#compass-kpis').count(), 0);
    await screenshot(cashier, 'compass-cashier-refused');

    // The server refuses the figures to a cashier too.
    const { token } = await staffLogin(server.url, 'cashier1', 'cashier1234');
    const res = await fetch(`${server.url}/api/v1/admin/analytics/kpis?from=${today}&to=${today}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 403);
  });
});
