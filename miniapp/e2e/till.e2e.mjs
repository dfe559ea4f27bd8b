// The till end to end: a member shows the live member code, a cashier (another browser context)
// types it in and records a ¥600.00 purchase, and the member's card picks up the points, the new
// tier (银卡, 500 growth) and the upgrade celebration. Then: a used code is refused, a partial refund,
// the member's points history, and a second order at the silver member price (preview = recorded).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fill, launchBrowser, newPhonePage, screenshot, startServer, withoutMemberDays } from './harness.mjs';

const digitsOf = (text) => text.replace(/\s+/g, '');

describe('the till in the browser', () => {
  let server;
  let browser;
  let member;
  let cashier;
  let orderNo;
  let usedCode;

  before(async () => {
    server = await startServer();
    // The points below are written out at 1 point per yuan, on any weekday.
    await withoutMemberDays(server.url);
    browser = await launchBrowser();
    member = await newPhonePage(browser);
    cashier = await newPhonePage(browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a member shows the live member code', async () => {
    await member.goto(server.url + '/');
    await member.locator('#login-page').waitFor();
    await fill(member, 'login-openid', 'till-member-1');
    await member.locator('#login-submit').click();
    await member.locator('#privacy-accept').click();
    await member.locator('#card-member-code').waitFor();
    const shown = await member.locator('#card-member-code').innerText();
    assert.match(shown, /^66\d{2}( \d{4}){3} \d{2}$/, 'grouped for reading');
    assert.match(await member.locator('#card-code-countdown').innerText(), /秒后自动刷新/);
    assert.match(await member.locator('#card-expiring').innerText(), /暂无即将过期的积分/);
    await screenshot(member, 'till-member-code');

    // Enlarged, as at the till: the card watches for the purchase while it is up.
    await member.locator('#card-code-enlarge').click();
    await member.locator('#card-code-overlay').waitFor();
    assert.equal(digitsOf(await member.locator('#card-code-large-digits').innerText()), digitsOf(shown));
    await screenshot(member, 'till-member-code-enlarged');
  });

  it('a cashier identifies the member by code and records ¥600.00', async () => {
    await cashier.goto(server.url + '/');
    await cashier.locator('#login-page').waitFor();
    await cashier.locator('#login-tab-staff').click();
    await fill(cashier, 'staff-username', 'cashier1');
    await fill(cashier, 'staff-password', 'cashier1234');
    await cashier.locator('#staff-submit').click();
    await cashier.locator('#cashier-page').waitFor();

    usedCode = digitsOf(await member.locator('#card-member-code').innerText());
    assert.match(usedCode, /^66\d{16}$/);
    await fill(cashier, 'cashier-code-input', usedCode);
    await cashier.locator('#cashier-identify').click();
    await cashier.locator('#cashier-member-name').waitFor();
    assert.equal((await cashier.locator('#cashier-member-points').innerText()).trim(), '0');

    orderNo = await cashier.locator('#cashier-order-no input').inputValue();
    assert.match(orderNo, /^POS-\d{8}-\d{6}-[0-9a-z]{3}$/);
    await fill(cashier, 'cashier-amount', '600.00');
    await cashier.locator('#cashier-submit').click();
    await cashier.locator('#cashier-result').waitFor();
    assert.match(await cashier.locator('#cashier-result-points').innerText(), /\+600/);
    assert.match(await cashier.locator('#cashier-result-balance').innerText(), /^600$/);
    assert.match(await cashier.locator('#cashier-result-tier-change').innerText(), /银卡会员/);
    await screenshot(cashier, 'till-cashier-result');
  });

  it("the member's card shows 600 points, 银卡会员 and the upgrade moment", async () => {
    // The enlarged code polls the card every ~5 s: the celebration appears without a reload.
    await member.locator('#tier-upgrade-modal').waitFor({ timeout: 20_000 });
    assert.match(await member.locator('#tier-upgrade-modal').innerText(), /恭喜升级为银卡会员/);
    await screenshot(member, 'till-upgrade-modal');
    await member.locator('#tier-upgrade-close').click();
    await member.locator('#tier-upgrade-modal').waitFor({ state: 'detached' });
    await member.locator('#card-code-overlay').click();
    await member.locator('#card-code-overlay').waitFor({ state: 'detached' });

    assert.equal((await member.locator('#card-points').innerText()).trim(), '600');
    assert.match(await member.locator('#card-tier').innerText(), /银卡会员/);
    // The scan used the code: the card already shows a fresh one.
    await assertEventually(async () => digitsOf(await member.locator('#card-member-code').innerText()) !== usedCode);
    await screenshot(member, 'till-upgraded-card');

    // Dismissed means read: a reload does not celebrate again.
    await member.reload();
    await member.locator('#card-points').waitFor();
    await member.waitForTimeout(1500);
    assert.equal(await member.locator('#tier-upgrade-modal').count(), 0);
  });

  it('a used code is refused with a message the cashier understands', async () => {
    await cashier.locator('#cashier-next').click();
    await fill(cashier, 'cashier-code-input', usedCode);
    await cashier.locator('#cashier-identify').click();
    await cashier.locator('#cashier-error').waitFor();
    assert.match(await cashier.locator('#cashier-error').innerText(), /会员码已使用/);
  });

  it('a partial refund takes back its share of the points', async () => {
    await cashier.locator('#cashier-refund-link').click();
    await cashier.locator('#refund-page').waitFor();
    assert.match(await cashier.locator('#refund-no input').inputValue(), /^RF-\d{8}-\d{6}-[0-9a-z]{3}$/);
    await fill(cashier, 'refund-order-no', orderNo);
    await fill(cashier, 'refund-amount', '100.00');
    await cashier.locator('#refund-submit').click();
    await cashier.locator('#refund-result').waitFor();
    assert.match(await cashier.locator('#refund-result-points').innerText(), /^100$/);
    await screenshot(cashier, 'till-refund-result');
  });

  it('the member sees both entries in the points history', async () => {
    await member.locator('#card-history-link').click();
    await member.locator('#history-page').waitFor();
    await member.locator('#history-item >> nth=1').waitFor();
    const items = await member.locator('#history-item').allInnerTexts();
    assert.equal(items.length, 2);
    assert.match(items.join('\n'), /\+600/);
    assert.match(items.join('\n'), /-100/);
    assert.match(items.join('\n'), new RegExp(orderNo));
    await screenshot(member, 'till-points-history');
  });

  it('the silver member is charged the member price: the preview equals the recorded order', async () => {
    await member.goto(server.url + '/');
    await member.locator('#card-member-code').waitFor();
    const code = digitsOf(await member.locator('#card-member-code').innerText());
    await cashier.goBack();
    await cashier.locator('#cashier-code-input').waitFor();
    await fill(cashier, 'cashier-code-input', code);
    await cashier.locator('#cashier-identify').click();
    await cashier.locator('#cashier-member-name').waitFor();
    assert.match(await cashier.locator('#cashier-member-tier').innerText(), /银卡会员/);
    await fill(cashier, 'cashier-amount', '100.00');
    await cashier.locator('#cashier-preview').waitFor();
    const previewPayable = (await cashier.locator('#cashier-preview-payable').innerText()).trim();
    assert.equal(previewPayable, '¥98.00', 'silver discountRateBp 9800');
    assert.equal((await cashier.locator('#cashier-preview-member-price').innerText()).trim(), '-¥2.00');
    const previewEarned = (await cashier.locator('#cashier-preview-points-earned').innerText()).trim();
    await screenshot(cashier, 'till-member-price-preview');
    await cashier.locator('#cashier-submit').click();
    await cashier.locator('#cashier-result').waitFor();
    assert.equal((await cashier.locator('#cashier-result-payable').innerText()).trim(), previewPayable);
    assert.equal((await cashier.locator('#cashier-result-points').innerText()).trim(), previewEarned);
    assert.match(await cashier.locator('#cashier-result-member-price').innerText(), /-¥2\.00/);
    await screenshot(cashier, 'till-member-price-result');
  });

  it('the member sees both orders in 消费记录, the silver one at ¥98.00, the first partly refunded', async () => {
    await member.locator('#card-orders-link').click();
    await member.locator('#orders-page').waitFor();
    await member.locator('#order-item >> nth=1').waitFor();
    const payables = await member.locator('#order-item-payable').allInnerTexts();
    assert.deepEqual(
      payables.map((p) => p.trim()),
      ['¥98.00', '¥600.00'],
    );
    assert.match(await member.locator(`#order-item[data-order-no="${orderNo}"]`).innerText(), /已退款 ¥100\.00/);
    await screenshot(member, 'till-order-history');
  });
});

async function assertEventually(check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}
