// A member opens the H5 build, logs in through the sandbox, accepts the privacy policy and sees
// their member card; then edits the profile and binds a phone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fill, launchBrowser, newPhonePage, screenshot, startServer } from './harness.mjs';

describe('member card in the browser', () => {
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

  it('logs in, accepts the privacy policy and shows the card', async () => {
    const page = await newPhonePage(browser);
    await page.goto(server.url + '/');
    await page.locator('#login-page').waitFor();
    await fill(page, 'login-openid', 'e2e-member-1');
    await page.locator('#login-submit').click();

    await page.locator('#privacy-page').waitFor();
    assert.match(await page.locator('#privacy-title').innerText(), /隐私/);
    await page.locator('#privacy-accept').click();

    await page.locator('#card-page').waitFor();
    await page.locator('#card-points').waitFor();
    assert.match(await page.locator('#card-tier').innerText(), /普通会员/);
    assert.match(await page.locator('#card-points').innerText(), /0/);
    assert.match(await page.locator('#card-member-no').innerText(), /\d{10}/);
    assert.match(await page.locator('#card-progress-text').innerText(), /银卡会员/);
    await screenshot(page, 'member-card');

    // 会员权益与积分规则: every tier of the programme, the member's own (普通会员) marked.
    await page.locator('#card-programme-link').click();
    await page.locator('#programme-page #programme-tier').first().waitFor();
    assert.ok((await page.locator('#programme-tier').count()) >= 2);
    assert.match(await page.locator('.programme-tier--current #programme-tier-name').innerText(), /普通会员/);
    assert.match(await page.locator('#programme-expiry').innerText(), /过期/);
    await screenshot(page, 'programme');
    await page.goBack();
    await page.locator('#card-page').waitFor();

    // The server agrees: the member exists and has accepted the current policy.
    const token = await page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i++) {
        const v = localStorage.getItem(localStorage.key(i) ?? '');
        if (v && v.includes('eyJ')) return JSON.parse(v).data ?? v;
      }
      return null;
    });
    assert.ok(token, 'token kept in storage');
    const me = await fetch(`${server.url}/api/v1/me`, {
      headers: { Authorization: `Bearer ${String(token).replace(/^"|"$/g, '')}` },
    });
    assert.equal(me.status, 200);
    assert.ok((await me.json()).consent);
  });

  it('sends an expired or invalid token back to login', async () => {
    const page = await newPhonePage(browser);
    await page.goto(server.url + '/');
    await page.locator('#login-page').waitFor();
    await fill(page, 'login-openid', 'e2e-member-2');
    await page.locator('#login-submit').click();
    await page.locator('#privacy-accept').click();
    await page.locator('#card-page').waitFor();
    // Corrupt the stored token, as an expired one would be refused.
    await page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i) ?? '';
        const v = localStorage.getItem(k);
        if (v && v.includes('eyJ')) localStorage.setItem(k, v.replace('eyJ', 'eyX'));
      }
    });
    await page.reload();
    await page.locator('#login-page').waitFor();
  });
});
