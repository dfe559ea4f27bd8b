// The console's stored-value (储值) and paid-membership (付费会员) screens end to end, desktop
// viewport, against a real server with the demo programme and the sandbox's fake WeChat Pay: the
// admin creates a top-up plan (a bad amount refused on its field first) and a membership plan
// (refused without a benefit, then with its benefit lines); a member tops up for 静安寺店 through
// the API and 模拟支付, spends ¥33 of it at 徐家汇店's till; the admin opens the member 360's 储值
// tab and refunds what is left of the top-up, and sees the server's answer (money, bonus clawed
// back); the settlement screen shows both stores' rows as the API has them; the member buys the
// membership and the admin refunds it from the 付费会员 tab; the spend order and bonus expiry are
// saved from 储值设置; the manager sees only their store's settlement and no plans.
// Screenshots in .test-artifacts/screenshots/console-sv-*.png.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { call, fen, launchBrowser, localToday, screenshot, signUpMember, staffLogin, startServer } from './harness.mjs';

async function desktopPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  return context.newPage();
}

async function consoleLogin(page, baseUrl, username, password) {
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
}

const requestId = (prefix) => `${prefix}-${randomBytes(6).toString('hex')}`;

/** 模拟支付: the fake WeChat Pay sends its signed notification, as the phone's payment would. */
async function sandboxPay(baseUrl, memberToken, payment) {
  const prepayId = String(payment.package).replace(/^prepay_id=/, '');
  const paid = await call(baseUrl, memberToken, 'POST', `/api/v1/sandbox/payments/${prepayId}/pay`, {});
  assert.equal(paid.status, 'paid');
}

/** ¥ with a sign, as the settlement's net column shows it. */
const signed = (v) => (v === 0 ? fen(0) : v < 0 ? `-${fen(-v)}` : `+${fen(v)}`);

describe('the console’s stored value and paid membership in the browser', () => {
  let server;
  let browser;
  let admin;
  let cashier2;
  let member;
  let jingan;
  let xujiahui;
  let timeZone;
  let topUpId;
  const svTitle = `充 100 送 10（控制台 ${Date.now() % 100000}）`;
  const mpTitle = `PLUS 月卡（控制台 ${Date.now() % 100000}）`;
  const errors = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await staffLogin(server.url, 'admin', 'admin1234');
    cashier2 = await staffLogin(server.url, 'cashier2', 'cashier1234');
    member = await signUpMember(server.url, 'console-sv');
    const stores = await call(server.url, admin.token, 'GET', '/api/v1/admin/stores');
    jingan = stores.items.find((s) => s.name === '静安寺店');
    xujiahui = stores.items.find((s) => s.name === '徐家汇店');
    timeZone = (await call(server.url, admin.token, 'GET', '/api/v1/admin/programme')).timezone;
    // The arithmetic below is the default spend order's (in proportion).
    const settings = await call(server.url, admin.token, 'GET', '/api/v1/admin/stored-value/settings');
    assert.equal(settings.spendOrder, 'proportional');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(errors, [], 'no uncaught page errors');
  });

  it('the admin creates a top-up plan: a bad amount is refused on its field first, then it is offered', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.goto(`${server.url}/admin/stored-value/plans`);
    await page.getByTestId('sv-plan-create').click();
    const form = page.getByTestId('sv-plan-form');
    await form.getByLabel('名称').fill(svTitle);
    await form.getByLabel('充值金额（元）').fill('0.5');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await form.getByText('充值金额须在 ¥1 到 ¥50,000.00 之间').waitFor();
    await form.getByLabel('充值金额（元）').fill('100');
    await form.getByLabel('赠送金额（元）').fill('10');
    await page.getByTestId('sv-plan-preview').getByText('充 ¥100.00 送 ¥10.00').waitFor();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    const row = page.getByTestId('sv-plans-table').locator('tr', { hasText: svTitle });
    await row.waitFor();
    assert.match(await row.innerText(), /¥100\.00[\s\S]*¥10\.00[\s\S]*¥110\.00[\s\S]*在售/);
    await screenshot(page, 'console-sv-plans');
    const plans = await call(server.url, null, 'GET', '/api/v1/stored-value/plans');
    const plan = plans.items.find((p) => p.title === svTitle);
    assert.deepEqual({ amount: plan.amount, bonus: plan.bonus }, { amount: 10000, bonus: 1000 });
    await page.context().close();
  });

  it('the admin creates a membership plan: refused without a benefit, then listed with its benefit lines', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.goto(`${server.url}/admin/membership/plans`);
    await page.getByTestId('mp-plan-create').click();
    const form = page.getByTestId('mp-plan-form');
    await form.getByLabel('名称').fill(mpTitle);
    await form.getByLabel('价格（元）').fill('15');
    await form.getByLabel('会员期（天）').fill('30');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('dialog').getByText('至少提供一项权益：会员价、积分倍数或每月优惠券礼包').waitFor();
    await form.getByLabel('会员价（原价的 %）').fill('95');
    await form.getByLabel('积分倍数').fill('1.5');
    await page.getByTestId('mp-plan-benefits').getByText('会员价 95 折（与等级折扣取更优）').waitFor();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    const row = page.getByTestId('mp-plans-table').locator('tr', { hasText: mpTitle });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /¥15\.00/);
    assert.match(text, /30 天（1 个月）/);
    assert.match(text, /消费享 1\.5 倍积分/);
    await screenshot(page, 'console-mp-plans');
    const plans = await call(server.url, null, 'GET', '/api/v1/membership/plans');
    const plan = plans.items.find((p) => p.title === mpTitle);
    assert.deepEqual(
      {
        price: plan.price,
        termDays: plan.termDays,
        discountRateBp: plan.discountRateBp,
        pointsMultiplierBp: plan.pointsMultiplierBp,
      },
      { price: 1500, termDays: 30, discountRateBp: 9500, pointsMultiplierBp: 15000 },
    );
    await page.context().close();
  });

  it('a member tops up for 静安寺店 (API + 模拟支付) and spends ¥33 at 徐家汇店; the admin refunds the rest from the 360', async () => {
    const plans = await call(server.url, null, 'GET', '/api/v1/stored-value/plans');
    const plan = plans.items.find((p) => p.title === svTitle);
    const opened = await call(server.url, member.token, 'POST', '/api/v1/me/stored-value/top-ups', {
      planId: plan.id,
      requestId: requestId('tu'),
      storeId: jingan.id,
    });
    topUpId = opened.topUpId;
    await sandboxPay(server.url, member.token, opened.payment);
    const mine = await call(server.url, member.token, 'GET', '/api/v1/me/stored-value');
    assert.deepEqual(
      { balance: mine.balance, principal: mine.principal, bonus: mine.bonus },
      { balance: 11000, principal: 10000, bonus: 1000 },
    );
    // ¥33 of stored value at 徐家汇店's till: in proportion, ¥30 principal + ¥3 bonus.
    const { code } = await call(server.url, member.token, 'GET', '/api/v1/me/code');
    const identified = await call(server.url, cashier2.token, 'POST', '/api/v1/cashier/identify', { memberCode: code });
    assert.equal(identified.member.storedBalance, 11000);
    const order = await call(server.url, cashier2.token, 'POST', '/api/v1/cashier/orders', {
      memberId: identified.member.id,
      orderNo: `POS-SV-${Date.now()}`,
      amount: 5000,
      payWithBalance: 3300,
      identificationId: identified.identification.id,
    });
    assert.deepEqual(order.tenders, { balance: 3300, external: 1700 });

    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.goto(`${server.url}/admin/members/${member.me.id}`);
    await page.getByTestId('member-360').waitFor();
    await page.getByRole('tab', { name: '储值' }).click();
    await page.getByTestId('member-sv-balance').getByText('¥77.00').waitFor();
    const topUpRow = page.getByTestId('member-top-ups-table').locator('tr', { hasText: svTitle });
    assert.match(await topUpRow.innerText(), /已到账[\s\S]*¥70\.00[\s\S]*¥7\.00/); // principal and bonus left
    const ledger = await page.getByTestId('member-sv-ledger-table').innerText();
    assert.match(ledger, /充值[\s\S]*\+¥110\.00/);
    assert.match(ledger, /消费[\s\S]*-¥33\.00/);
    await page.getByTestId(`top-up-refund-${topUpId}`).click();
    const form = page.getByTestId('top-up-refund-form');
    assert.equal(await form.getByLabel('退还本金（元）').inputValue(), '70.00'); // all that is left, by default
    await form.getByLabel('退款原因').fill('顾客搬家');
    await page.getByTestId('top-up-refund-submit').click();
    const result = page.getByTestId('top-up-refund-result');
    await result.waitFor();
    assert.equal(await page.getByTestId('top-up-refund-money').innerText(), '¥70.00');
    const shown = await result.innerText();
    assert.match(shown, /退还本金\s*¥70\.00/);
    assert.match(shown, /扣回赠送金\s*¥7\.00/); // ⌈1000 × 7000 ÷ 10000⌉, all of it still in the lot
    assert.match(shown, /从退款中扣除（已用掉的赠送金）\s*¥0\.00/);
    await screenshot(page, 'console-sv-refund');
    await page.getByRole('button', { name: /完\s*成/ }).click();
    await page.getByTestId('member-sv-balance').getByText('¥0.00').waitFor();
    const after360 = await call(server.url, admin.token, 'GET', `/api/v1/admin/members/${member.me.id}/stored-value`);
    assert.equal(after360.balance, 0);
    const topUp = after360.topUps.find((t) => t.id === topUpId);
    assert.equal(topUp.principalRefunded, 7000);
    assert.equal(topUp.principalLeft, 0);
    await page.context().close();
  });

  it('the settlement screen shows each store’s row and the totals as the API has them', async () => {
    const today = localToday(timeZone);
    const first = `${today.slice(0, 8)}01`;
    // 本月, as the screen sends it: [the 1st 00:00, tomorrow 00:00) in the programme timezone.
    const fromIso = new Date(`${first}T00:00:00+08:00`).toISOString();
    const tomorrow = new Date(new Date(`${today}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
    assert.equal(timeZone, 'Asia/Shanghai');
    const api = await call(
      server.url,
      admin.token,
      'GET',
      `/api/v1/admin/stored-value/settlement?from=${encodeURIComponent(fromIso)}&to=${encodeURIComponent(tomorrow)}`,
    );
    const a = api.items.find((r) => r.storeId === jingan.id);
    const b = api.items.find((r) => r.storeId === xujiahui.id);
    assert.deepEqual([a.toppedUp, a.bonusGranted, a.owedToOthers, a.net, a.principalRefunded], [10000, 1000, 3000, -3000, 7000]);
    assert.deepEqual([b.principalSpent, b.bonusSpent, b.owedByOthers, b.net], [3000, 300, 3000, 3000]);

    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.goto(`${server.url}/admin/stored-value/settlement`);
    const table = page.getByTestId('settlement-table');
    const rowOf = (name) => table.locator('tbody tr', { hasText: name });
    await rowOf('静安寺店').waitFor();
    const cells = async (name) => (await rowOf(name).locator('td').allInnerTexts()).map((t) => t.trim());
    const expectRow = (r) => [
      r.storeName,
      fen(r.toppedUp),
      fen(r.bonusGranted),
      fen(r.principalSpent),
      fen(r.bonusSpent),
      fen(r.owedByOthers),
      fen(r.owedToOthers),
      signed(r.net),
      fen(r.principalRefunded),
    ];
    assert.deepEqual(await cells('静安寺店'), expectRow(a));
    assert.deepEqual(await cells('徐家汇店'), expectRow(b));
    const outstanding = api.outstanding.principal + api.outstanding.bonus;
    assert.equal(await page.getByTestId('settlement-outstanding').innerText(), fen(outstanding));
    if (api.items.length > 1) {
      const totals = (await page.getByTestId('settlement-totals').locator('td').allInnerTexts()).map((t) => t.trim());
      const sum = (k) => api.items.reduce((s, r) => s + r[k], 0);
      assert.equal(totals[0], '合计');
      assert.equal(totals[1], fen(sum('toppedUp')));
      assert.equal(totals[7], signed(sum('net')));
    }
    await screenshot(page, 'console-sv-settlement');
    await page.context().close();
  });

  it('the member buys the membership (API + 模拟支付); the admin refunds it from the 付费会员 tab', async () => {
    const plans = await call(server.url, null, 'GET', '/api/v1/membership/plans');
    const plan = plans.items.find((p) => p.title === mpTitle);
    const bought = await call(server.url, member.token, 'POST', '/api/v1/me/membership/purchases', {
      planId: plan.id,
      requestId: requestId('mp'),
    });
    await sandboxPay(server.url, member.token, bought.payment);
    const mine = await call(server.url, member.token, 'GET', '/api/v1/me/membership');
    assert.equal(mine.active, true);

    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.goto(`${server.url}/admin/members/${member.me.id}`);
    await page.getByTestId('member-360').waitFor();
    await page.getByRole('tab', { name: '付费会员' }).click();
    await page.getByTestId('membership-status').getByText('有效').waitFor();
    const panel = page.getByTestId('member-membership');
    assert.match(await panel.innerText(), /会员价 95 折/);
    assert.match(await page.getByTestId('member-membership-purchases').innerText(), /¥15\.00[\s\S]*已生效/);
    await page.getByTestId('membership-refund').click();
    await page.getByTestId('membership-refund-form').getByLabel('退款原因').fill('会员申请退款');
    await page.locator('#membership-refund-confirm').click();
    const result = page.getByTestId('membership-refund-result');
    await result.waitFor();
    await page.getByTestId('membership-status').getByText('已结束').waitFor();
    const after = await call(server.url, admin.token, 'GET', `/api/v1/admin/members/${member.me.id}/membership`);
    assert.equal(after.active, false);
    const refunded = after.purchases.reduce((s, p) => s + p.refunded, 0);
    assert.ok(refunded >= 1490 && refunded <= 1500, `pro rata of a term just begun: ${refunded}`);
    assert.match(await result.innerText(), new RegExp(`已退款 ${fen(refunded).replace(/[.$]/g, '\\$&')}`));
    await screenshot(page, 'console-mp-refund');
    await page.context().close();
  });

  it('the admin saves the spend order and 永不过期 from 储值设置', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.goto(`${server.url}/admin/stored-value/settings`);
    await page.getByTestId('sv-settings-form').waitFor();
    await page.getByText('先扣本金', { exact: true }).click();
    await page.getByText('永不过期', { exact: true }).click();
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('储值设置已保存').waitFor();
    const saved = await call(server.url, admin.token, 'GET', '/api/v1/admin/stored-value/settings');
    assert.deepEqual(saved, { spendOrder: 'principal_first', bonusExpiryDays: null });
    await screenshot(page, 'console-sv-settings');
    await page.context().close();
  });

  it('the manager sees only their store’s settlement, and no plans or settings', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'manager1', 'manager1234');
    await page.goto(`${server.url}/admin/stored-value/settlement`);
    const table = page.getByTestId('settlement-table');
    await table.locator('tbody tr', { hasText: '静安寺店' }).waitFor();
    assert.equal(await table.locator('tbody tr', { hasText: '徐家汇店' }).count(), 0);
    await page.getByText('仅本门店').waitFor();
    await screenshot(page, 'console-sv-settlement-manager');
    for (const path of ['/admin/stored-value/plans', '/admin/stored-value/settings', '/admin/membership/plans']) {
      await page.goto(`${server.url}${path}`);
      await page.getByText('无权限访问').first().waitFor();
    }
    await page.context().close();
  });
});
