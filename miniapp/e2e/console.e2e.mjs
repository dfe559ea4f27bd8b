// The operator console (admin/, served at /admin) end to end, desktop viewport, against a real
// server with the demo programme: members buy at two stores through the API; the admin logs in,
// sees the dashboard's figures equal GET /admin/analytics/kpis (all stores, then 静安寺店), doubles
// the earning rate and the next order earns twice, creates a coupon template and grants it to a
// member who then holds the coupon, builds a segment whose live count equals the API's preview,
// sends a campaign to it and sees it delivered, and finds the built-in automations; answers a
// member's feedback in the 反馈 inbox and the member sees the reply; the manager sees only their
// store and is refused the admin screens; a cashier cannot log in.
// Screenshots in .test-artifacts/screenshots/console-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  addDays,
  buy,
  call,
  count,
  fen,
  launchBrowser,
  localToday,
  pct,
  screenshot,
  signUpMember,
  staffLogin,
  startServer,
} from './harness.mjs';

/** The KPI figures as the dashboard shows them, from the API's answer. */
function expectedFigures(k) {
  return {
    growthRate: pct(k.members.growthRate),
    repurchaseRate: pct(k.repurchaseRate),
    averageOrderValue: fen(k.averageOrderValue),
    churnRate: pct(k.churnRate),
    activityRate: pct(k.activityRate),
    totalMembers: count(k.members.total),
    newMembers: count(k.members.new),
  };
}

async function shownFigures(page, keys) {
  const out = {};
  for (const key of keys) out[key] = (await page.getByTestId(`kpi-${key}`).innerText()).trim();
  return out;
}

async function desktopPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  return context.newPage();
}

async function consoleLogin(page, baseUrl, username, password) {
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

describe('the operator console in the browser', () => {
  let server;
  let browser;
  let admin;
  let cashier1;
  let cashier2;
  let buyerA;
  let buyerB;
  let timeZone;
  const errors = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await staffLogin(server.url, 'admin', 'admin1234');
    cashier1 = await staffLogin(server.url, 'cashier1', 'cashier1234');
    cashier2 = await staffLogin(server.url, 'cashier2', 'cashier1234');
    buyerA = await signUpMember(server.url, 'console-a');
    buyerB = await signUpMember(server.url, 'console-b');
    await buy(server.url, cashier1.token, buyerA.token, 3800);
    await buy(server.url, cashier1.token, buyerA.token, 4200);
    await buy(server.url, cashier2.token, buyerB.token, 12800);
    timeZone = (await call(server.url, admin.token, 'GET', '/api/v1/admin/programme')).timezone;
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    assert.deepEqual(errors, [], 'no uncaught page errors');
  });

  it('is served at /admin: the index for client routes, hashed assets precompressed and cached for a year', async () => {
    const bare = await fetch(`${server.url}/admin`, { redirect: 'manual' });
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/admin/');
    await bare.arrayBuffer();
    const deep = await fetch(`${server.url}/admin/members/not-a-real-id`);
    assert.equal(deep.status, 200);
    assert.equal(deep.headers.get('cache-control'), 'no-cache');
    const html = await deep.text();
    assert.match(html, /<div id="root">/);
    const asset = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset, 'index.html names its entry script');
    const js = await fetch(`${server.url}${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-encoding'), 'br'); // precompressed at build time
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.ok((await js.arrayBuffer()).byteLength > 0); // read: an unread body keeps the response in flight
    assert.match(js.headers.get('cache-control') ?? '', /max-age=31536000/);
    assert.match(js.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    // The API keeps its own 404s.
    const missing = await fetch(`${server.url}/api/v1/nothing-here`);
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
  });

  it('the admin logs in and the dashboard shows the KPIs of all stores, then of 静安寺店, as the API has them', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    const today = localToday(timeZone);
    const from = addDays(today, -6); // 近7天, the default period
    const all = await call(server.url, admin.token, 'GET', `/api/v1/admin/analytics/kpis?from=${from}&to=${today}`);
    const keys = Object.keys(expectedFigures(all));
    assert.ok(all.members.total >= 2);
    await page.waitForFunction(() => !globalThis.document.querySelector('.ant-spin-spinning'));
    assert.deepEqual(await shownFigures(page, keys), expectedFigures(all));
    assert.equal(await page.getByTestId('current-user').isVisible(), true);
    await screenshot(page, 'console-dashboard-admin');

    const stores = await call(server.url, admin.token, 'GET', '/api/v1/admin/stores');
    const jingan = stores.items.find((s) => s.name === '静安寺店');
    await page.getByTestId('store-picker').click();
    await page.locator('.ant-select-item-option', { hasText: '静安寺店' }).click();
    const one = await call(
      server.url,
      admin.token,
      'GET',
      `/api/v1/admin/analytics/kpis?from=${from}&to=${today}&storeId=${jingan.id}`,
    );
    await page.waitForFunction(
      (want) => globalThis.document.querySelector('[data-testid="kpi-averageOrderValue"]')?.textContent?.trim() === want,
      expectedFigures(one).averageOrderValue,
    );
    assert.deepEqual(await shownFigures(page, keys), expectedFigures(one));
    assert.equal(expectedFigures(one).averageOrderValue, '¥40.00'); // (38 + 42) / 2 at 静安寺店
    await page.context().close();
  });

  it('the admin doubles the earning rate and the next till order earns twice the points', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    const before = await call(server.url, admin.token, 'GET', '/api/v1/admin/programme');
    // An order at the current rate first: the demo's member day (Wednesdays 积分 2 倍) may apply
    // today, to both orders alike.
    const atOldRate = await buy(server.url, cashier1.token, buyerA.token, 10000);
    await page.goto(`${server.url}/admin/programme`);
    const rate = page.getByLabel('每消费 1 元获得积分');
    await rate.waitFor();
    await rate.fill(String(before.earning.pointsPerYuan * 2));
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText(`当前版本 v${before.version + 1}`).waitFor();
    const afterSave = await call(server.url, admin.token, 'GET', '/api/v1/admin/programme');
    assert.equal(afterSave.version, before.version + 1);
    assert.equal(afterSave.earning.pointsPerYuan, before.earning.pointsPerYuan * 2);
    const order = await buy(server.url, cashier1.token, buyerA.token, 10000);
    assert.equal(order.pointsEarned, 2 * atOldRate.pointsEarned);
    assert.ok(atOldRate.pointsEarned >= 100 * before.earning.pointsPerYuan);
    await screenshot(page, 'console-programme');
    await page.context().close();
  });

  it('the admin creates a coupon template and grants it; the member holds the coupon', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/coupons/create`);
    const title = `控制台满减券 ${Date.now() % 100000}`;
    await page.getByLabel('名称').fill(title);
    await page.getByLabel('减免金额（元）').fill('5');
    await page.getByLabel('总库存').fill('10');
    await page.getByLabel('每人限领').fill('1');
    if (await page.getByLabel('有效天数').count()) await page.getByLabel('有效天数').fill('30');
    await page.getByRole('checkbox', { name: '后台发放' }).check();
    await page.getByRole('button', { name: /创\s*建/ }).click();
    const row = page.getByTestId('coupon-templates-table').locator('tr', { hasText: title });
    await row.waitFor();
    await row.getByRole('button', { name: /发\s*放/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-select-selector').click();
    await page.keyboard.type(buyerB.me.memberNo);
    await page.locator('.ant-select-item-option', { hasText: buyerB.me.memberNo }).click();
    await dialog.getByRole('button', { name: '确认发放' }).click();
    await page.getByTestId('grant-result').waitFor();
    assert.match(await page.getByTestId('grant-result').innerText(), /已发放 1 张/);
    await screenshot(page, 'console-coupon-granted');
    const wallet = await call(server.url, buyerB.token, 'GET', '/api/v1/me/coupons');
    assert.ok(JSON.stringify(wallet).includes(title), 'the granted coupon is in the member’s wallet');
    // Then more stock and a higher limit through 编辑 (only what leaves issued coupons alone).
    await dialog.getByRole('button', { name: /完\s*成/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId(`template-edit-${title}`).click();
    const edit = page.getByTestId('template-edit-form');
    await edit.getByLabel('总库存').fill('25');
    await edit.getByLabel('每人限领').fill('2');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('coupon-templates-table').locator('tr', { hasText: title }).getByText('/ 25').waitFor();
    const templates = await call(server.url, admin.token, 'GET', '/api/v1/admin/coupon-templates');
    const edited = templates.items.find((x) => x.title === title);
    assert.equal(edited.totalStock, 25);
    assert.equal(edited.perMemberLimit, 2);
    await page.context().close();
  });

  it('the admin builds a segment; its live count equals the API’s preview, and it is saved', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/segments/create`);
    await page.getByLabel('人群名称').fill('有积分的会员');
    const row = page.getByTestId('condition-all-0');
    await row.getByRole('combobox', { name: '条件类型' }).click();
    await page.keyboard.type('积分'); // the condition list is searchable
    await page.locator('.ant-select-item-option', { hasText: '当前积分' }).click();
    await row.getByLabel('最小值').fill('1');
    const conditions = { all: [{ code: 'points_between', args: { min: 1 } }] };
    const preview = await call(server.url, admin.token, 'POST', '/api/v1/admin/segments/preview', { conditions });
    assert.ok(preview.count >= 2);
    await page.waitForFunction(
      (want) => globalThis.document.querySelector('[data-testid="segment-preview-count"]')?.textContent?.trim() === want,
      count(preview.count),
    );
    await screenshot(page, 'console-segment');
    await page.getByRole('button', { name: '保存人群' }).click();
    await page.waitForURL(/\/admin\/segments\/[0-9a-f-]{36}$/);
    const saved = await call(server.url, admin.token, 'GET', '/api/v1/admin/segments');
    assert.ok(saved.items.some((s) => s.name === '有积分的会员'));
    await page.context().close();
  });

  it('the admin creates a campaign for that segment, launches it and sees it delivered; automations list the built-ins', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/campaigns/create`);
    await page.getByLabel('活动名称').fill('积分会员回馈');
    await page.getByTestId('campaign-segment').click();
    await page.locator('.ant-select-item-option', { hasText: '有积分的会员' }).click();
    await page.getByTestId('campaign-points').fill('5');
    await page.getByTestId('campaign-holdout').fill('0');
    await page.getByTestId('campaign-submit').click();
    await page.waitForURL(/\/admin\/campaigns\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop();
    await page.getByTestId('campaign-launch').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /启\s*动/ })
      .click();
    await page.waitForFunction(
      () => globalThis.document.querySelector('[data-testid="campaign-status"]')?.textContent?.trim() === '已完成',
      null,
      {
        timeout: 30_000,
      },
    );
    const c = await call(server.url, admin.token, 'GET', `/api/v1/admin/campaigns/${id}`);
    assert.equal(c.status, 'completed');
    assert.ok(c.delivered >= 2);
    assert.equal(c.delivered, c.targeted);
    await page.getByTestId('campaign-report').waitFor();
    await screenshot(page, 'console-campaign');
    await page.goto(`${server.url}/admin/automations`);
    const table = page.getByTestId('automations-table');
    await table.getByText('新会员礼券').waitFor();
    await table.getByText('积分到期前 30 天：发送积分到期提醒').waitFor();
    await screenshot(page, 'console-automations');
    await page.context().close();
  });

  it('the admin answers feedback a member sent through the API; the member sees the reply', async () => {
    const order = await buy(server.url, cashier1.token, buyerA.token, 1800);
    const content = `拿铁有点凉，麻烦注意一下温度 ${Date.now()}`;
    const sent = await call(server.url, buyerA.token, 'POST', '/api/v1/me/feedback', {
      category: 'product',
      content,
      rating: 3,
      orderNo: order.orderNo,
      requestId: `e2e-${Date.now()}`,
    });
    assert.equal(sent.status, 'open');

    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/feedback`);
    const row = page.getByTestId('feedback-table').locator('tr', { hasText: content });
    await row.waitFor();
    assert.match(await row.innerText(), /静安寺店/);
    assert.match(await row.innerText(), /待回复/);
    await page.getByTestId('feedback-figures').waitFor();
    await screenshot(page, 'console-feedback');
    await row.click();
    const drawer = page.getByTestId('feedback-drawer');
    await drawer.getByTestId('feedback-content').waitFor();
    assert.equal((await drawer.getByTestId('feedback-content').innerText()).trim(), content);
    const reply = '感谢您的反馈，我们已提醒店员注意饮品温度。';
    await drawer.getByTestId('feedback-reply-input').fill(reply);
    await drawer.getByLabel('回复并关闭').check();
    await drawer.getByTestId('feedback-reply-submit').click();
    await drawer.getByTestId('feedback-reply').waitFor();
    assert.equal((await drawer.getByTestId('feedback-drawer-status').innerText()).trim(), '已关闭');
    await screenshot(page, 'console-feedback-replied');
    await page.context().close();

    const mine = await call(server.url, buyerA.token, 'GET', '/api/v1/me/feedback');
    const item = mine.items.find((i) => i.id === sent.id);
    assert.equal(item.status, 'closed');
    assert.equal(item.reply, reply);
    const notes = await call(server.url, buyerA.token, 'GET', '/api/v1/me/notifications');
    assert.ok(notes.items.some((n) => n.kind === 'feedback_reply'));
  });

  it('the admin creates a lottery with prizes, previews its odds; a member draws and the report counts it', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/lotteries/create`);
    const title = `控制台九宫格 ${Date.now() % 100000}`;
    await page.getByLabel('抽奖名称').fill(title);
    // The default prizes: 100 积分 (weight 10) and 谢谢参与 (weight 90).
    assert.equal((await page.getByTestId('lottery-odds-0').innerText()).trim(), '10%');
    await page.getByLabel('奖品1权重').fill('1');
    await page.getByLabel('奖品2权重').fill('3');
    await page.waitForFunction(
      () => globalThis.document.querySelector('[data-testid="lottery-odds-1"]')?.textContent?.trim() === '75%',
    );
    assert.equal((await page.getByTestId('lottery-odds-0').innerText()).trim(), '25%');
    assert.match(await page.getByTestId('lottery-win-odds').innerText(), /25%/);
    // A blank prize name is refused on its field by the shared rule, before any request.
    await page.getByLabel('奖品1名称').fill('');
    await page.getByTestId('lottery-submit').click();
    await page.getByText('title must not be empty').waitFor();
    assert.equal(await page.getByLabel('抽奖名称').inputValue(), title, 'what was typed stays');
    await page.getByLabel('奖品1名称').fill('100 积分');
    await screenshot(page, 'console-lottery-create');
    await page.getByTestId('lottery-submit').click();
    await page.waitForURL(/\/admin\/lotteries\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop();
    const created = await call(server.url, admin.token, 'GET', `/api/v1/admin/lotteries/${id}`);
    assert.equal(created.title, title);
    assert.deepEqual(
      created.prizes.map((p) => [p.kind, p.weight, p.odds]),
      [
        ['points', 1, 2500],
        ['none', 3, 7500],
      ],
    );
    await page.getByTestId('lottery-report').waitFor();
    assert.equal((await page.getByTestId('lottery-report-draws').innerText()).trim(), '0');
    const draw = await call(server.url, buyerA.token, 'POST', `/api/v1/lotteries/${id}/draws`, {
      requestId: `e2e-${Date.now()}`,
    });
    assert.equal(draw.costPoints, 10);
    await page.getByRole('button', { name: /刷\s*新/ }).click();
    await page.waitForFunction(
      () => globalThis.document.querySelector('[data-testid="lottery-report-draws"]')?.textContent?.trim() === '1',
    );
    assert.equal((await page.getByTestId('lottery-report-members').innerText()).trim(), '1');
    await screenshot(page, 'console-lottery-report');
    // Started: the daily limit goes up through 编辑 (the shared rule allows only raising it now).
    await page.getByTestId('lottery-edit').click();
    const edit = page.getByTestId('lottery-edit-form');
    await edit.getByLabel('每人每天次数').fill(String(created.perMemberDaily + 1));
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await edit.waitFor({ state: 'hidden' });
    const edited = await call(server.url, admin.token, 'GET', `/api/v1/admin/lotteries/${id}`);
    assert.equal(edited.perMemberDaily, created.perMemberDaily + 1);
    await page.goto(`${server.url}/admin/lotteries`);
    await page.getByTestId('lotteries-table').locator('tr', { hasText: title }).getByText('进行中').waitFor();
    await page.context().close();
  });

  it('the admin changes the check-in and referral settings, and approves a held referral reward', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/engagement`);
    const checkIn = page.getByTestId('checkin-form');
    await checkIn.waitFor();
    const before = await call(server.url, admin.token, 'GET', '/api/v1/admin/checkin-config');
    assert.equal(before.rewards[0].code, 'base_points');
    await page.getByLabel('奖励1积分').fill('8');
    await page.getByTestId('checkin-submit').click();
    await page.getByText('签到设置已保存').waitFor();
    const savedCheckIn = await call(server.url, admin.token, 'GET', '/api/v1/admin/checkin-config');
    assert.deepEqual(savedCheckIn.rewards[0], { code: 'base_points', args: { points: 8 } });
    assert.deepEqual(savedCheckIn.rewards.slice(1), before.rewards.slice(1));

    await page.getByRole('tab', { name: '邀请设置' }).click();
    await page.getByTestId('referral-form').waitFor();
    await page.getByLabel('退款观察期（天）').fill('0');
    await page.getByLabel('邀请人积分').fill('150');
    await page.getByTestId('referral-submit').click();
    await page.getByText('邀请设置已保存').waitFor();
    const referral = await call(server.url, admin.token, 'GET', '/api/v1/admin/referral-config');
    assert.equal(referral.refundWindowDays, 0);
    assert.equal(referral.rewards.inviter.points, 150);
    await screenshot(page, 'console-referral-settings');

    // A friend invited on the inviter's own device: after the first order the reward is held.
    const device = `e2e-device-${Date.now()}`;
    const login = async (openid, inviteCode) => {
      const res = await fetch(`${server.url}/api/v1/auth/wechat/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-device-id': device },
        body: JSON.stringify({ code: `dev:${openid}`, ...(inviteCode ? { inviteCode } : {}) }),
      });
      assert.equal(res.status < 300, true);
      const { token } = await res.json();
      const { version } = await call(server.url, null, 'GET', '/api/v1/privacy-policy');
      await call(server.url, token, 'POST', '/api/v1/me/consent', { version });
      return token;
    };
    const inviter = await login(`console-inviter-${Date.now()}`);
    const { inviteCode } = await call(server.url, inviter, 'GET', '/api/v1/me/referral');
    const friend = await login(`console-friend-${Date.now()}`, inviteCode);
    await buy(server.url, cashier1.token, friend, 2000);
    await call(server.url, admin.token, 'POST', '/api/v1/admin/jobs/referral-rewards/run');
    const held = await call(server.url, admin.token, 'GET', '/api/v1/admin/referral-rewards?status=on_hold');
    const inviterReward = held.items.find((r) => r.beneficiary === 'inviter' && r.reason === 'inviter_device');
    assert.ok(inviterReward, 'the inviter’s reward is held for review');

    await page.getByRole('tab', { name: '邀请奖励审核' }).click();
    const table = page.getByTestId('referral-rewards-table');
    const row = table.locator('tr', { hasText: '好友使用了邀请人的设备' }).filter({ hasText: '150 积分' }).first();
    await row.waitFor();
    await screenshot(page, 'console-referral-review');
    await row.getByRole('button', { name: /通\s*过/ }).click();
    await page.getByText(/已通过/).waitFor();
    const after = await call(server.url, admin.token, 'GET', '/api/v1/admin/referral-rewards?status=released');
    assert.ok(
      after.items.some((r) => r.id === inviterReward.id),
      'the approved reward is released',
    );
    await page.context().close();
  });

  it('the admin creates a tag on the member 360, and removes it again', async () => {
    const found = await call(server.url, admin.token, 'GET', `/api/v1/admin/members?q=${buyerA.me.memberNo}`);
    const memberId = found.items[0].id;
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/members/${memberId}`);
    const tags = page.getByTestId('member-tags');
    await tags.waitFor();
    const name = `周末客${Date.now() % 10000}`;
    await page.getByTestId('member-tag-picker').click();
    await page.keyboard.type(name);
    await page.locator('.ant-select-item-option', { hasText: `新建标签「${name}」` }).click();
    await tags.locator('.ant-tag', { hasText: name }).waitFor();
    const tagged = await call(server.url, admin.token, 'GET', `/api/v1/admin/members/${memberId}`);
    assert.ok(tagged.tags.some((t) => t.name === name));
    await screenshot(page, 'console-member-tags');
    await tags.locator('.ant-tag', { hasText: name }).locator('.ant-tag-close-icon').click();
    await tags.locator('.ant-tag', { hasText: name }).waitFor({ state: 'detached' });
    const untagged = await call(server.url, admin.token, 'GET', `/api/v1/admin/members/${memberId}`);
    assert.ok(!untagged.tags.some((t) => t.name === name));
    const all = await call(server.url, admin.token, 'GET', '/api/v1/admin/tags');
    assert.ok(
      all.items.some((t) => t.name === name),
      'the tag itself stays',
    );
    await page.context().close();
  });

  it('the admin saves lifecycle thresholds and runs the member scores now', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/lifecycle`);
    await page.getByTestId('lifecycle-form').waitFor();
    await page.getByLabel('沉默起始（天）').fill('20');
    await page.getByTestId('lifecycle-submit').click();
    await page.getByText('must be greater than newDays').waitFor(); // 20 ≤ 30: refused before the PUT
    await page.getByLabel('沉默起始（天）').fill('45');
    await page.getByTestId('lifecycle-submit').click();
    await page.getByText(/生命周期阈值已保存/).waitFor();
    const saved = await call(server.url, admin.token, 'GET', '/api/v1/admin/analytics/lifecycle');
    assert.equal(saved.silentAfterDays, 45);
    await page.getByTestId('run-member-scores').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '立即计算' }).click();
    await page.getByText(/已重新计算会员生命周期/).waitFor({ timeout: 30_000 });
    await screenshot(page, 'console-lifecycle');
    await page.context().close();
  });

  it('the admin drills down from 新增会员 and a lifecycle stage to prefilled segments whose counts match', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-newMembers').waitFor();
    const today = localToday(timeZone);
    const from = addDays(today, -6);
    const k = await call(server.url, admin.token, 'GET', `/api/v1/admin/analytics/kpis?from=${from}&to=${today}`);
    await page.getByTestId('kpi-newMembers-drill').click();
    await page.waitForURL(/\/admin\/segments\/create\?/);
    await page.getByTestId('segment-drill-down').waitFor();
    assert.equal(await page.getByLabel('人群名称').inputValue(), `新增会员 ${from}~${today}`);
    // All stores: registered_between over the period is exactly the figure's members.
    await page.waitForFunction(
      (want) => globalThis.document.querySelector('[data-testid="segment-preview-count"]')?.textContent?.trim() === want,
      count(k.members.new),
    );
    await screenshot(page, 'console-drill-down');

    await page.goto(`${server.url}/admin/`);
    await page.getByTestId('lifecycle-table').waitFor();
    await page.getByTestId('lifecycle-new-drill').click();
    await page.waitForURL(/\/admin\/segments\/create\?/);
    const stage = await call(server.url, admin.token, 'POST', '/api/v1/admin/segments/preview', {
      conditions: { all: [{ code: 'lifecycle_in', args: { stages: ['new'] } }] },
    });
    await page.waitForFunction(
      (want) => globalThis.document.querySelector('[data-testid="segment-preview-count"]')?.textContent?.trim() === want,
      count(stage.count),
    );
    assert.equal(await page.getByLabel('人群名称').inputValue(), '生命周期·新会员');
    await page.context().close();
  });

  it('the admin runs a job from 任务 and finds the run in 操作日志', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/jobs`);
    const table = page.getByTestId('jobs-table');
    await table.getByText('member-scores').waitFor();
    const listed = await call(server.url, admin.token, 'GET', '/api/v1/admin/jobs');
    assert.equal(await table.locator('tbody tr').count(), listed.items.length);
    await page.getByTestId('job-run-rate-limit-prune').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '立即运行' }).click();
    await page.getByText(/「清理限流记录」已运行完成/).waitFor();
    await screenshot(page, 'console-jobs');

    await page.goto(`${server.url}/admin/audit-log`);
    const actionFilter = page.getByPlaceholder('动作代码，例如 lottery.create');
    await actionFilter.fill('job.run');
    await actionFilter.press('Enter');
    const row = page.getByTestId('audit-log-table').locator('tbody tr', { hasText: '任务·立即运行' }).first();
    await row.waitFor();
    assert.match(await row.innerText(), /admin/);
    assert.match(await row.innerText(), /job rate-lim/);
    const log = await call(server.url, admin.token, 'GET', '/api/v1/admin/audit-log?action=job.run');
    assert.equal(log.items[0].targetId, 'rate-limit-prune');
    assert.equal(log.items[0].actorId, admin.staff.id);
    await screenshot(page, 'console-audit-log');
    await page.context().close();
  });

  it('the admin changes a store’s address; the API has it', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/stores`);
    await page.getByTestId('store-edit-徐家汇店').click();
    const form = page.getByTestId('store-edit-form');
    await form.getByLabel('地址').fill('上海市徐汇区虹桥路 1 号');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('stores-table').getByText('上海市徐汇区虹桥路 1 号').waitFor();
    const stores = await call(server.url, admin.token, 'GET', '/api/v1/admin/stores');
    assert.equal(stores.items.find((s) => s.name === '徐家汇店').address, '上海市徐汇区虹桥路 1 号');
    await page.context().close();
  });

  it('the admin changes a not-yet-started lottery’s prizes and cost; GET /lotteries/:id publishes the new odds', async () => {
    const start = new Date(Date.now() + 2 * 86_400_000);
    const lottery = await call(server.url, admin.token, 'POST', '/api/v1/admin/lotteries', {
      title: `控制台预告抽奖 ${Date.now() % 100000}`,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 7 * 86_400_000).toISOString(),
      costPoints: 10,
      perMemberDaily: 1,
      perMemberTotal: 5,
      prizes: [
        { title: '50 积分', kind: 'points', points: 50, stock: 20, weight: 1 },
        { title: '谢谢参与', kind: 'none', stock: 0, weight: 1 },
      ],
    });
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/lotteries/${lottery.id}`);
    await page.getByTestId('lottery-edit').click();
    const edit = page.getByTestId('lottery-edit-form');
    await edit.getByTestId('lottery-prizes').waitFor();
    assert.equal((await edit.getByTestId('lottery-odds-0').innerText()).trim(), '50%');
    // A blank prize name is refused on its field by the shared rule, before any request.
    await edit.getByLabel('奖品2名称').fill('');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await edit.getByText('title must not be empty').waitFor();
    await edit.getByLabel('奖品2名称').fill('下次好运');
    await edit.getByLabel('奖品1权重').fill('3');
    await edit.getByLabel('奖品1积分').fill('80');
    await page.waitForFunction(
      () =>
        globalThis.document
          .querySelector('[data-testid="lottery-edit-form"] [data-testid="lottery-odds-0"]')
          ?.textContent?.trim() === '75%',
    );
    assert.equal((await edit.getByTestId('lottery-odds-1').innerText()).trim(), '25%');
    await edit.getByTestId('lottery-edit-cost').fill('5');
    await screenshot(page, 'console-lottery-edit-prizes');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await edit.waitFor({ state: 'hidden' });
    await page.getByTestId('lottery-prizes-view').getByText('下次好运').waitFor();
    const published = await call(server.url, buyerA.token, 'GET', `/api/v1/lotteries/${lottery.id}`);
    assert.equal(published.costPoints, 5);
    assert.deepEqual(
      published.prizes.map((p) => [p.title, p.kind, p.odds]),
      [
        ['50 积分', 'points', 7500],
        ['下次好运', 'none', 2500],
      ],
    );
    const adminView = await call(server.url, admin.token, 'GET', `/api/v1/admin/lotteries/${lottery.id}`);
    assert.equal(adminView.prizes[0].points, 80);
    await page.context().close();
  });

  it('the admin creates a tag on 标签, sees it listed with its members, and opens them as a segment', async () => {
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/tags`);
    await page.getByTestId('tags-table').waitFor();
    const name = `高频客${Date.now() % 10000}`;
    const form = page.getByTestId('tag-create-form');
    await form.getByLabel('新标签名称').fill(name);
    await form.getByRole('button', { name: '新建标签' }).click();
    await page.getByText(`已新建标签「${name}」`).waitFor();
    await page.getByTestId(`tag-count-${name}`).waitFor();
    assert.equal((await page.getByTestId(`tag-count-${name}`).innerText()).trim(), '0');
    const tags = await call(server.url, admin.token, 'GET', '/api/v1/admin/tags');
    const tag = tags.items.find((t) => t.name === name);
    assert.ok(tag, 'the API lists the new tag');
    // The same name again is refused on the field, and what was typed stays.
    await form.getByLabel('新标签名称').fill(name);
    await form.getByRole('button', { name: '新建标签' }).click();
    await form.getByText('已有同名标签').waitFor();
    assert.equal(await form.getByLabel('新标签名称').inputValue(), name);

    const found = await call(server.url, admin.token, 'GET', `/api/v1/admin/members?q=${buyerB.me.memberNo}`);
    await call(server.url, admin.token, 'POST', `/api/v1/admin/members/${found.items[0].id}/tags`, { tagIds: [tag.id] });
    await page.reload();
    await page.waitForFunction(
      (n) => globalThis.document.querySelector(`[data-testid="tag-count-${n}"]`)?.textContent?.trim() === '1',
      name,
    );
    await screenshot(page, 'console-tags');
    await page.getByTestId(`tag-segment-${name}`).click();
    await page.waitForURL(/\/admin\/segments\/create\?/);
    assert.equal(await page.getByLabel('人群名称').inputValue(), `标签·${name}`);
    await page.waitForFunction(
      () => globalThis.document.querySelector('[data-testid="segment-preview-count"]')?.textContent?.trim() === '1',
    );
    await page.context().close();
  });

  it('the admin opens a member 360 with check-ins and a referral and reads both tabs', async () => {
    const login = async (openid, inviteCode) => {
      const { token } = await call(server.url, null, 'POST', '/api/v1/auth/wechat/login', {
        code: `dev:${openid}`,
        ...(inviteCode ? { inviteCode } : {}),
      });
      const { version } = await call(server.url, null, 'GET', '/api/v1/privacy-policy');
      await call(server.url, token, 'POST', '/api/v1/me/consent', { version });
      return { token, me: await call(server.url, token, 'GET', '/api/v1/me') };
    };
    const inviter = await login(`console-360-inviter-${Date.now()}`);
    const checkIn = await call(server.url, inviter.token, 'POST', '/api/v1/me/checkins');
    const { inviteCode } = await call(server.url, inviter.token, 'GET', '/api/v1/me/referral');
    const friend = await login(`console-360-friend-${Date.now()}`, inviteCode);
    await call(server.url, friend.token, 'PATCH', '/api/v1/me', { nickname: '李小白' });
    await buy(server.url, cashier1.token, friend.token, 3000);
    await call(server.url, admin.token, 'POST', '/api/v1/admin/jobs/referral-rewards/run');
    const referrals = await call(server.url, admin.token, 'GET', `/api/v1/admin/members/${inviter.me.id}/referrals`);
    assert.equal(referrals.items.length, 1);
    const reward = referrals.items[0].inviterReward;
    assert.ok(reward, 'the friend’s first order created the inviter’s reward');

    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'admin', 'admin1234');
    await page.getByTestId('kpi-totalMembers').waitFor();
    await page.goto(`${server.url}/admin/members/${inviter.me.id}`);
    await page.getByTestId('member-360').waitFor();
    await page.getByRole('tab', { name: '签到' }).click();
    const checkIns = page.getByTestId('member-checkins-table');
    const row = checkIns.locator('tbody tr', { hasText: checkIn.date });
    await row.waitFor();
    const base = checkIn.rewards.find((r) => r.rule === 'base_points');
    assert.match(await row.innerText(), new RegExp(`签到奖励 \\+${base.points} 积分`));
    assert.match(await row.innerText(), /1 天/);
    await screenshot(page, 'console-member-checkins');

    await page.getByRole('tab', { name: '邀请' }).click();
    const table = page.getByTestId('member-referrals-table');
    const friendRow = table.locator('tbody tr', { hasText: friend.me.memberNo });
    await friendRow.waitFor();
    assert.match(await friendRow.innerText(), /李\*\*/);
    assert.doesNotMatch(await friendRow.innerText(), /李小白/, 'the friend’s nickname is masked');
    const statusLabel = { pending: '等待退款期', on_hold: '待审核', released: '已发放', cancelled: '已取消' }[reward.status];
    const inviterCell = page.getByTestId(`referral-inviter-reward-${friend.me.memberNo}`);
    assert.match(await inviterCell.innerText(), new RegExp(statusLabel));
    assert.match(await inviterCell.innerText(), new RegExp(`${reward.points} 积分`));
    assert.equal((await page.getByTestId('member-invited-by').innerText()).trim(), '—（非受邀注册）');
    await screenshot(page, 'console-member-referrals');
    // The friend's 360 names the inviter.
    await friendRow.getByText(friend.me.memberNo).click();
    await page.waitForURL(new RegExp(`/admin/members/${friend.me.id}$`));
    // The friend's card (their member number alone, not in a link) before their tabs.
    await page.getByTestId('member-360').getByText(friend.me.memberNo, { exact: true }).waitFor();
    await page.getByRole('tab', { name: '邀请' }).click();
    await page.getByTestId('member-invited-by').getByText(inviter.me.memberNo).waitFor();
    await page.context().close();
  });

  it('the manager sees only their store and is refused the admin screens; a cashier cannot log in', async () => {
    const manager = await staffLogin(server.url, 'manager1', 'manager1234');
    const page = await desktopPage(browser);
    page.on('pageerror', (e) => errors.push(String(e)));
    await consoleLogin(page, server.url, 'manager1', 'manager1234');
    await page.getByTestId('store-scope').waitFor();
    // The store's name replaces 本门店 once the store list has loaded.
    await page.waitForFunction(
      () => globalThis.document.querySelector('[data-testid="store-scope"]')?.textContent?.trim() !== '本门店',
    );
    assert.equal((await page.getByTestId('store-scope').innerText()).trim(), '静安寺店');
    assert.equal(await page.getByTestId('store-picker').count(), 0);
    const today = localToday(timeZone);
    const from = addDays(today, -6);
    const own = await call(
      server.url,
      manager.token,
      'GET',
      `/api/v1/admin/analytics/kpis?from=${from}&to=${today}&storeId=${manager.staff.storeId}`,
    );
    await page.waitForFunction(
      (want) => globalThis.document.querySelector('[data-testid="kpi-averageOrderValue"]')?.textContent?.trim() === want,
      expectedFigures(own).averageOrderValue,
    );
    assert.deepEqual(await shownFigures(page, Object.keys(expectedFigures(own))), expectedFigures(own));
    assert.equal(await page.getByTestId('kpi-newMembers-drill').count(), 0, 'no drill-down into segments for managers');
    await screenshot(page, 'console-dashboard-manager');
    const menu = await page.locator('.ant-layout-sider').innerText();
    assert.doesNotMatch(menu, /会员方案|员工/);
    await page.goto(`${server.url}/admin/lotteries`);
    await page.getByTestId('lotteries-table').waitFor();
    assert.equal(await page.getByRole('button', { name: '新建抽奖' }).count(), 0, 'managers read lotteries only');
    await page.goto(`${server.url}/admin/tags`);
    await page.getByTestId('tags-table').waitFor();
    assert.equal(await page.getByTestId('tag-create-form').count(), 0, 'managers read tags only');
    assert.match(await page.getByTestId('tags-table').innerText(), /会员数（本门店）/);
    for (const screen of [
      'programme',
      'staff',
      'coupons/create',
      'segments/create',
      'campaigns',
      'automations',
      'lotteries/create',
      'engagement',
      'lifecycle',
      'audit-log',
      'jobs',
    ]) {
      await page.goto(`${server.url}/admin/${screen}`);
      await page.getByTestId('forbidden').waitFor();
    }
    await screenshot(page, 'console-manager-forbidden');
    await page.context().close();

    const cashierPage = await desktopPage(browser);
    await consoleLogin(cashierPage, server.url, 'cashier1', 'cashier1234');
    await cashierPage.getByTestId('login-error').waitFor();
    assert.match(await cashierPage.getByTestId('login-error').innerText(), /收银|店员|无权/);
    await cashierPage.context().close();
  });
});
