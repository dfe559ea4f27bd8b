// The lottery end to end: an admin creates a lottery whose one prize is a physical gift (so the
// outcome is certain); a member opens it from the card, sees the published odds, draws on the
// 九宫格, gets the prize with its claim code, and finds the draw under 我的抽奖. A cashier then
// redeems the claim code at the till like a gift coupon, and a second redemption is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fill, launchBrowser, newPhonePage, screenshot, staffLogin, startServer } from './harness.mjs';

const HOUR = 3_600_000;

describe('the lottery in the browser', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws on the 九宫格, shows the prize and its claim code, which the cashier redeems once', async () => {
    const { token } = await staffLogin(server.url, 'admin', 'admin1234');
    const created = await fetch(`${server.url}/api/v1/admin/lotteries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: '浏览器测试抽奖',
        startsAt: new Date(Date.now() - HOUR).toISOString(),
        endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
        costPoints: 0,
        perMemberDaily: 3,
        perMemberTotal: 3,
        prizes: [{ title: '定制帆布袋', kind: 'physical', stock: 5, weight: 1 }],
      }),
    });
    assert.equal(created.status, 201, `creating the lottery: ${created.status} ${await created.clone().text()}`);
    const lottery = await created.json();

    const page = await newPhonePage(browser);
    await page.goto(server.url + '/');
    await page.locator('#login-page').waitFor();
    await fill(page, 'login-openid', 'e2e-lottery-member');
    await page.locator('#login-submit').click();
    await page.locator('#privacy-page').waitFor();
    await page.locator('#privacy-accept').click();
    await page.locator('#card-page').waitFor();

    await page.locator('#card-lottery-link').click();
    await page.locator('#lottery-page #lottery-grid').waitFor();
    // The demo may carry lotteries of its own: pick ours if the page offers a choice.
    const title = page.locator('#lottery-title');
    await title.waitFor();
    if (!(await title.innerText()).includes('浏览器测试抽奖')) {
      await page.goto(`${server.url}/#/packages/member/lottery/index?id=${lottery.id}`);
      await page.locator('#lottery-title').filter({ hasText: '浏览器测试抽奖' }).waitFor();
    }
    assert.match(await page.locator('#lottery-odds').innerText(), /定制帆布袋\s+100\.00% · 剩余 5/);
    assert.match(await page.locator('#lottery-remaining').innerText(), /3/);

    await page.locator('#lottery-draw').click();
    const result = page.locator('#lottery-result-text');
    await result.waitFor({ timeout: 15_000 });
    assert.match(await result.innerText(), /定制帆布袋/);
    const claimCode = (await page.locator('#lottery-result-claim-code').innerText()).replace(/[^A-Z0-9]/g, '');
    assert.ok(claimCode.length >= 10, `a claim code is shown (${claimCode})`);
    await page.waitForTimeout(300);
    await screenshot(page, 'lottery');

    await page.locator('#lottery-my-draw').first().waitFor();
    assert.equal(await page.locator('#lottery-my-draw').count(), 1);
    assert.match(await page.locator('#lottery-my-claim-code').first().innerText(), /[A-Z0-9]{5}/);

    // At the till: the claim code is a gift coupon, redeemed once.
    const cashier = await staffLogin(server.url, 'cashier1', 'cashier1234');
    const redeem = () =>
      fetch(`${server.url}/api/v1/cashier/coupons/redeem`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cashier.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ couponCode: claimCode }),
      });
    const first = await redeem();
    assert.equal(first.status, 200, `redeeming: ${first.status} ${await first.clone().text()}`);
    const second = await redeem();
    assert.equal(second.status, 422);
    assert.equal((await second.json()).code, 'COUPON_ALREADY_USED');
  });
});
