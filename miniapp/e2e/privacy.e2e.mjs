// 我的 › 隐私与数据 in the browser: a member logs in, sets a nickname, exports their data (the
// export shows it), deletes the account by typing 注销, lands back at login, and the old token
// is refused by the server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fill, launchBrowser, newPhonePage, screenshot, startServer } from './harness.mjs';

async function storedToken(page) {
  const token = await page.evaluate(() => {
    const v = localStorage.getItem('huiyuan.token');
    return v ? (JSON.parse(v).data ?? v) : null;
  });
  return token ? String(token).replace(/^"|"$/g, '') : null;
}

describe('privacy and data in the browser', () => {
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

  it('exports my data, then deletes my account and the old token is refused', async () => {
    const page = await newPhonePage(browser);
    await page.goto(server.url + '/');
    await page.locator('#login-page').waitFor();
    await fill(page, 'login-openid', 'e2e-privacy-1');
    await page.locator('#login-submit').click();
    await page.locator('#privacy-accept').click();
    await page.locator('#card-page').waitFor();
    const token = await storedToken(page);
    assert.ok(token, 'token kept in storage');

    await page.goto(server.url + '/#/pages/profile/index');
    await page.locator('#profile-nickname').waitFor();
    await fill(page, 'profile-nickname', '隐私测试员');
    await page.locator('#profile-save').click();
    await page.locator('#profile-status', { hasText: '资料已保存' }).waitFor();

    await page.locator('#profile-privacy-data-link').click();
    await page.locator('#privacy-data-page').waitFor();
    await page.locator('#privacy-data-policy').waitFor();
    await page.locator('#privacy-data-export').click();
    await page.locator('#privacy-data-json').waitFor();
    assert.match(await page.locator('#privacy-data-json').innerText(), /隐私测试员/);
    await screenshot(page, 'privacy-data-export');

    await fill(page, 'privacy-data-confirm', '注销');
    await page.locator('#privacy-data-delete').click();
    await page.locator('#login-page').waitFor();
    assert.equal(await storedToken(page), null);

    const me = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(me.status, 401);
  });
});
