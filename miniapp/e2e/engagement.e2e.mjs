// Check-in and referral end to end: member A opens 邀请有礼 and shares the invite link; member B
// opens it in another browser, logs in (bound to A), accepts the privacy policy and checks in;
// a cashier records B's first order; A sees B as a friend whose reward is pending; an admin runs
// the hourly `referral-rewards` job now (POST /admin/jobs/referral-rewards/run) and A sees the
// reward released. The referral config is set to a refund window of 0 days first, so B's order
// is past the window at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, fill, launchBrowser, newPhonePage, screenshot, staffLogin, startServer } from './harness.mjs';

/** Runs the referral-rewards job now, as an admin would after changing the window. */
async function RELEASE_TRIGGER(baseUrl) {
  const { token } = await staffLogin(baseUrl, 'admin', 'admin1234');
  const res = await fetch(`${baseUrl}/api/v1/admin/jobs/referral-rewards/run`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
}

/** The member token the H5 build keeps in localStorage (Taro wraps values as {"data": …}). */
async function tokenOf(page) {
  const raw = await page.evaluate(() => localStorage.getItem('huiyuan.token'));
  const parsed = JSON.parse(raw);
  return typeof parsed === 'string' ? parsed : parsed.data;
}

async function loginAndConsent(page, openid) {
  await page.locator('#login-page').waitFor();
  await fill(page, 'login-openid', openid);
  await page.locator('#login-submit').click();
  await page.locator('#privacy-accept').click();
  await page.locator('#card-page #tier-card').waitFor();
}

describe('check-in and referral in the browser', () => {
  let server;
  let browser;
  let inviter;
  let friend;
  let inviteCode;
  let inviteLink;

  before(async () => {
    server = await startServer();
    // Refund window 0 days: a first order is past its window as soon as it is made.
    const { token } = await staffLogin(server.url, 'admin', 'admin1234');
    const config = await call(server.url, token, 'GET', '/api/v1/admin/referral-config');
    const saved = await call(server.url, token, 'PUT', '/api/v1/admin/referral-config', { ...config, refundWindowDays: 0 });
    assert.equal(saved.refundWindowDays, 0);
    browser = await launchBrowser();
    inviter = await newPhonePage(browser);
    friend = await newPhonePage(browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('member A opens 邀请有礼 and reads the invite code, the invite link and the QR code', async () => {
    await inviter.goto(server.url + '/');
    await loginAndConsent(inviter, 'engage-inviter');
    await inviter.locator('#card-referral-link').click();
    await inviter.locator('#referral-page #referral-code').waitFor();
    inviteCode = (await inviter.locator('#referral-code').innerText()).trim();
    assert.match(inviteCode, /^[A-Za-z0-9]{4,32}$/);
    inviteLink = (await inviter.locator('#referral-share-link').innerText()).trim();
    assert.equal(inviteLink, `${server.url}/#/pages/login/index?inviteCode=${encodeURIComponent(inviteCode)}`);
    assert.match(await inviter.locator('#referral-friends').innerText(), /还没有好友/);
    // The poster's mini-program code: fetched with the bearer token, shown as a blob URL.
    const img = inviter.locator('#referral-qrcode img');
    await img.waitFor();
    assert.match(await img.getAttribute('src'), /^blob:/);
    // A real PNG that the browser decoded.
    await inviter.waitForFunction(() => {
      const el = globalThis.document.querySelector('#referral-qrcode img');
      if (!(el instanceof globalThis.HTMLImageElement)) return false;
      return el.complete && el.naturalWidth > 0;
    });
    await screenshot(inviter, 'referral');
  });

  it('member B opens the invite link, logs in with the code filled in and checks in', async () => {
    await friend.goto(inviteLink);
    await friend.locator('#login-page').waitFor();
    assert.equal(await friend.locator('#login-invite-code input').inputValue(), inviteCode);
    await loginAndConsent(friend, 'engage-friend');

    await friend.locator('#card-checkin-link').click();
    await friend.locator('#checkin-page #checkin-streak').waitFor();
    assert.equal((await friend.locator('#checkin-streak').innerText()).trim(), '0');
    const today = await friend.locator('#checkin-day.checkin-day--today').getAttribute('data-date');
    assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
    // A new member has no missed days of their own: nothing to make up.
    assert.equal(await friend.locator('#checkin-makeup').count(), 0);

    await friend.locator('#checkin-submit').click();
    await friend.locator('#checkin-result').waitFor();
    assert.match(await friend.locator('#checkin-result-points').innerText(), /^\+[1-9]\d* 积分$/);
    assert.match(await friend.locator('#checkin-result').innerText(), /签到奖励 \+\d+ 积分/);
    await waitForText(friend, '#checkin-submit', /今天已签到/);
    assert.equal((await friend.locator('#checkin-streak').innerText()).trim(), '1');
    assert.match(await friend.locator(`#checkin-day[data-date="${today}"]`).getAttribute('class'), /checkin-day--checked/);
    await screenshot(friend, 'checkin');

    // A second check-in the same day (another phone) is refused: 409 ALREADY_CHECKED_IN.
    const again = await fetch(`${server.url}/api/v1/me/checkins`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(friend)}`, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(again.status, 409);
    assert.equal((await again.json()).code, 'ALREADY_CHECKED_IN');

    await friend.locator('#checkin-subscribe').click();
    await waitForText(friend, '#checkin-subscribe-status', /已开启签到提醒，可提醒 1 次/);
    await screenshot(friend, 'checkin-subscribed');
  });

  it('a cashier records B’s first order; A sees B with the reward pending', async () => {
    const { token: cashierToken } = await staffLogin(server.url, 'cashier1', 'cashier1234');
    const { code } = await call(server.url, await tokenOf(friend), 'GET', '/api/v1/me/code');
    const { member } = await call(server.url, cashierToken, 'POST', '/api/v1/cashier/identify', { memberCode: code });
    const order = await call(server.url, cashierToken, 'POST', '/api/v1/cashier/orders', {
      memberId: member.id,
      orderNo: `POS-ENGAGE-${Date.now()}`,
      amount: 10_000,
    });
    assert.equal(order.amount, 10_000);

    await inviter.reload();
    await inviter.locator('#referral-friend').waitFor();
    assert.equal(await inviter.locator('#referral-friend').count(), 1);
    assert.equal(await inviter.locator('#referral-friend').getAttribute('data-status'), 'pending');
    assert.match(await inviter.locator('#referral-friend-status').innerText(), /奖励待发放/);
    assert.match(await inviter.locator('#referral-rewards-pending').innerText(), /^100 积分/);
    assert.match(await inviter.locator('#referral-rewards-earned').innerText(), /^0 积分/);
    await screenshot(inviter, 'referral-pending');
  });

  it('after the refund window A sees the reward released', async () => {
    await RELEASE_TRIGGER(server.url);
    await inviter.reload();
    await inviter.locator('#referral-friend').waitFor();
    assert.equal(await inviter.locator('#referral-friend').getAttribute('data-status'), 'released');
    assert.match(await inviter.locator('#referral-rewards-earned').innerText(), /^100 积分/);
    await screenshot(inviter, 'referral-released');
  });
});

async function waitForText(page, selector, pattern, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await page
      .locator(selector)
      .innerText()
      .catch(() => '');
    if (pattern.test(text)) return;
    if (Date.now() > deadline) assert.fail(`${selector}: "${text}" does not match ${pattern}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
