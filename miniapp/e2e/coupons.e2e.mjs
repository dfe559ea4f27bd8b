// Coupons end to end: a member claims 满100减20 in the claim centre and finds it in the wallet
// (可用, with its code as QR); a cashier identifies the member, ticks the coupon and records ¥150.00
// (¥20 off); the coupon moves to 已使用. Then a full refund gives it back (couponsRestored).
// The coupon template comes from the demo seed when it has one, else the test creates it (admin API).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fill, launchBrowser, newPhonePage, screenshot, staffLogin, startServer } from './harness.mjs';

const digitsOf = (text) => text.replace(/\s+/g, '');

/** Taro H5 slides a new page in: let it settle before a screenshot. */
async function shot(page, name) {
  await page.waitForTimeout(500);
  await screenshot(page, name);
}

/** An active 满减 template of the claim centre that a ¥150 order reaches: the seed's or a new one. */
async function centreTemplate(baseUrl) {
  const { token } = await staffLogin(baseUrl, 'admin', 'admin1234');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const list = await fetch(`${baseUrl}/api/v1/admin/coupon-templates`, { headers }).then((r) => r.json());
  const found = (list.items ?? []).find(
    (t) =>
      t.status === 'active' &&
      t.kind === 'cash' &&
      t.channels.includes('center') &&
      !t.channels.includes('points') &&
      (t.threshold ?? 0) <= 15_000 &&
      t.remaining > 0 &&
      !t.minTier &&
      !t.stores &&
      // Usable every day at any hour: the seed's 周三会员日 coupon is not listed at the till on other days.
      !(t.validWeekdays ?? []).length &&
      !t.usableTimes &&
      !t.validTimeFrom,
  );
  if (found) return found;
  const res = await fetch(`${baseUrl}/api/v1/admin/coupon-templates`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      title: '满100减20',
      kind: 'cash',
      threshold: 10_000,
      amountOff: 2_000,
      totalStock: 100,
      perMemberLimit: 1,
      validDays: 30,
      channels: ['center'],
    }),
  });
  assert.equal(res.status, 201, `creating the template: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

describe('coupons in the browser', () => {
  let server;
  let browser;
  let member;
  let cashier;
  let template;
  let couponCode;
  let orderNo;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    member = await newPhonePage(browser);
    cashier = await newPhonePage(browser);
    template = await centreTemplate(server.url);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a member claims the coupon in the claim centre', async () => {
    await member.goto(server.url + '/');
    await member.locator('#login-page').waitFor();
    await fill(member, 'login-openid', 'coupon-member-1');
    await member.locator('#login-submit').click();
    await member.locator('#privacy-accept').click();
    await member.locator('#card-page #tier-card').waitFor();
    await member.locator('#card-coupons-link').waitFor();
    await member.locator('#card-mall-link').waitFor();
    await shot(member, 'coupons-card-links');

    await member.locator('#card-center-link').click();
    await member.locator('#center-page').waitFor();
    const item = member.locator(`#center-item[data-template="${template.id}"]`);
    await item.waitFor();
    assert.match(await item.innerText(), new RegExp(template.title.replace(/[()（）]/g, '.')));
    const claim = item.locator('#center-claim');
    assert.equal((await claim.innerText()).trim(), '领取');
    await shot(member, 'coupons-centre');
    await claim.click();
    await member.locator('#center-error.notice-text').waitFor();
    assert.match(await member.locator('#center-error').innerText(), /领取成功/);
    // perMemberLimit 1: the button now reads 已领取.
    if (template.perMemberLimit === 1) {
      await assertEventually(async () => (await claim.innerText()).trim() === '已领取');
    }
    await shot(member, 'coupons-centre-claimed');
  });

  it('the wallet lists it under 可用, and its page shows the code as QR and text', async () => {
    await member.locator('#center-wallet-link').click();
    await member.locator('#wallet-page').waitFor();
    assert.match(await member.locator('#wallet-tab-available').getAttribute('class'), /coupon-tab--active/);
    // Only the claimed one is of this template (the demo seed may also give a welcome coupon).
    const item = member.locator(`#wallet-item[data-template="${template.id}"]`);
    await item.waitFor();
    assert.equal(await item.count(), 1);
    couponCode = await item.getAttribute('data-code');
    assert.match(couponCode, /^[2-9A-HJKMNP-Z]{15}$/);
    assert.match(await item.innerText(), /有效期 \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
    await shot(member, 'coupons-wallet-available');

    await item.click();
    await member.locator('#coupon-detail-page #coupon-detail-code').waitFor();
    assert.equal((await member.locator('#coupon-detail-code').innerText()).replace(/[-\s]/g, ''), couponCode);
    assert.ok((await member.locator('#coupon-detail-qr .qr__row').count()) >= 21, 'a QR symbol is drawn');
    await shot(member, 'coupons-detail');
    await member.goBack();
    await member.locator('#wallet-page').waitFor();
  });

  it('the points mall shows the member’s points and refuses an exchange they cannot afford', async () => {
    await member.goto(server.url + '/#/pages/card/index');
    await member.locator('#card-mall-link').click();
    await member.locator('#mall-page').waitFor();
    await assertEventually(async () => (await member.locator('#mall-points').innerText()).trim() === '0');
    await member.locator('#mall-item, #mall-empty').first().waitFor();
    if ((await member.locator('#mall-item').count()) > 0) {
      await member.locator('#mall-exchange').first().click();
      await member.locator('#mall-error').waitFor();
      assert.match(await member.locator('#mall-error').innerText(), /积分不足/);
      assert.equal(await member.locator('#mall-confirm').count(), 0, 'nothing to confirm');
    }
    await shot(member, 'coupons-mall');
  });

  it('a cashier identifies the member, ticks the coupon and records ¥150.00 with ¥20 off', async () => {
    await member.goto(server.url + '/#/pages/card/index');
    await member.locator('#card-member-code').waitFor();
    const memberCode = digitsOf(await member.locator('#card-member-code').innerText());

    await cashier.goto(server.url + '/');
    await cashier.locator('#login-tab-staff').click();
    await fill(cashier, 'staff-username', 'cashier1');
    await fill(cashier, 'staff-password', 'cashier1234');
    await cashier.locator('#staff-submit').click();
    await cashier.locator('#cashier-page').waitFor();
    await cashier.locator('#cashier-redeem-link').waitFor();
    await fill(cashier, 'cashier-code-input', memberCode);
    await cashier.locator('#cashier-identify').click();
    await cashier.locator('#cashier-member-name').waitFor();

    const row = cashier.locator(`#cashier-coupon[data-code="${couponCode}"]`);
    await row.waitFor();
    await fill(cashier, 'cashier-amount', '150.00');
    await row.click();
    assert.match(await row.getAttribute('class'), /till-coupon--checked/);
    const off = template.amountOff;
    assert.equal(
      (await cashier.locator('#cashier-coupon-preview').innerText()).trim(),
      `优惠 -¥${(off / 100).toFixed(2)}，券后应付 ¥${((15_000 - off) / 100).toFixed(2)}`,
    );
    orderNo = await cashier.locator('#cashier-order-no input').inputValue();
    await shot(cashier, 'coupons-till-ticked');

    await cashier.locator('#cashier-submit').click();
    await cashier.locator('#cashier-result').waitFor();
    assert.match(await cashier.locator('#cashier-result-discount').innerText(), new RegExp(`-¥${(off / 100).toFixed(2)}`));
    assert.match(await cashier.locator('#cashier-result-coupons').innerText(), /1 张/);
    assert.match(await cashier.locator('#cashier-result').innerText(), new RegExp(`¥${((15_000 - off) / 100).toFixed(2)}`));
    await shot(cashier, 'coupons-till-result');
  });

  it('the coupon moves to 已使用 in the member’s wallet', async () => {
    await member.locator('#card-coupons-link').click();
    await member.locator('#wallet-page').waitFor();
    await member.locator('#wallet-item, #wallet-empty').first().waitFor(); // 可用 loaded
    assert.equal(await member.locator(`#wallet-item[data-code="${couponCode}"]`).count(), 0, 'no longer under 可用');
    await member.locator('#wallet-tab-used').click();
    const used = member.locator(`#wallet-item[data-code="${couponCode}"]`);
    await used.waitFor();
    assert.match(await used.getAttribute('class'), /coupon--used/);
    assert.match(await used.innerText(), /已使用/);
    await shot(member, 'coupons-wallet-used');
  });

  it('a full refund gives the coupon back (couponsRestored)', async () => {
    await cashier.locator('#cashier-result-refund').click();
    await cashier.locator('#refund-page').waitFor();
    assert.equal(await cashier.locator('#refund-order-no input').inputValue(), orderNo);
    await fill(cashier, 'refund-amount', ((15_000 - template.amountOff) / 100).toFixed(2));
    await cashier.locator('#refund-submit').click();
    await cashier.locator('#refund-result').waitFor();
    assert.match(await cashier.locator('#refund-result-coupons').innerText(), /1 张/);
    assert.equal((await cashier.locator('#refund-result-coupon-code').innerText()).replace(/[-\s]/g, ''), couponCode);
    await shot(cashier, 'coupons-refund-restored');

    await member.locator('#wallet-tab-available').click();
    await member.locator(`#wallet-item[data-code="${couponCode}"]`).waitFor();
  });
});

async function assertEventually(check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}
