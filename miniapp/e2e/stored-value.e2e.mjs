// Stored value (储值) and paid membership (付费会员) end to end, on the H5 build against a real server
// in the WeChat Pay sandbox: the admin creates a top-up plan and a trial plan (API); a member tops
// up on the 储值 page through 模拟支付 (the fake WeChat Pay sends its signed notification, the page
// polls the payment) and sees balance, principal and bonus; a cashier identifies the member on the
// H5 till and pays part of an order with the balance; the member's 储值 page shows the new balance
// and the 消费 entry; a partial refund returns the balance share (退款退回); the member takes the free
// trial on the 付费会员 page and the card shows the badge; a paid year (模拟支付) stacks on the trial.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, call, fill, launchBrowser, localToday, newPhonePage, screenshot, staffLogin, startServer } from './harness.mjs';

const digitsOf = (text) => text.replace(/\s+/g, '');
const TZ = 'Asia/Shanghai';

describe('stored value and paid membership in the browser', () => {
  let server;
  let browser;
  let member;
  let cashier;
  let topUpPlan;
  let trialPlan;
  let yearPlan;
  let orderNo;

  before(async () => {
    server = await startServer();
    const { token } = await staffLogin(server.url, 'admin', 'admin1234');
    // The split below is written out for the proportional spend order and a 365-day bonus.
    await call(server.url, token, 'PUT', '/api/v1/admin/stored-value/settings', {
      spendOrder: 'proportional',
      bonusExpiryDays: 365,
    });
    topUpPlan = await call(server.url, token, 'POST', '/api/v1/admin/stored-value/plans', {
      title: '充100送10',
      amount: 10_000,
      bonus: 1000,
    });
    trialPlan = await call(server.url, token, 'POST', '/api/v1/admin/membership/plans', {
      title: 'PLUS 体验卡',
      price: 0,
      termDays: 7,
      trial: true,
      pointsMultiplierBp: 15_000,
    });
    // The same benefits: a paid year stacks on the running trial.
    yearPlan = await call(server.url, token, 'POST', '/api/v1/admin/membership/plans', {
      title: 'PLUS 年卡',
      price: 19_800,
      termDays: 365,
      pointsMultiplierBp: 15_000,
    });
    browser = await launchBrowser();
    member = await newPhonePage(browser);
    cashier = await newPhonePage(browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the member tops up ¥100 (送 ¥10) through 模拟支付 and sees balance, principal and bonus', async () => {
    await member.goto(server.url + '/');
    await member.locator('#login-page').waitFor();
    await fill(member, 'login-openid', 'sv-member-1');
    await member.locator('#login-submit').click();
    await member.locator('#privacy-accept').click();
    await member.locator('#card-stored-balance').waitFor();
    assert.equal((await member.locator('#card-stored-balance').innerText()).trim(), '¥0.00 ›');
    assert.equal(await member.locator('#card-plus-badge').count(), 0, 'no badge without a paid membership');

    await member.locator('#card-stored-value-link').click();
    await member.locator('#sv-balance').waitFor();
    assert.equal((await member.locator('#sv-balance').innerText()).trim(), '0.00');
    assert.match(await member.locator('#sv-spend-order').innerText(), /按余额比例/);
    const plan = member.locator(`#sv-plan[data-plan-id="${topUpPlan.id}"]`);
    assert.equal((await plan.locator('#sv-plan-offer').innerText()).trim(), '充 ¥100 送 ¥10');
    await plan.locator('#sv-plan-buy').click();

    await member.locator('#payment-confirm').waitFor();
    assert.equal((await member.locator('#payment-confirm-amount').innerText()).trim(), '¥100.00');
    await screenshot(member, 'sv-sandbox-confirm');
    await member.locator('#payment-confirm-pay').click();
    await member.locator('#payment-status:has-text("支付成功")').waitFor({ timeout: 15_000 });
    await member.locator('#sv-balance:has-text("110.00")').waitFor();
    assert.equal((await member.locator('#sv-principal').innerText()).trim(), '¥100.00');
    assert.equal((await member.locator('#sv-bonus').innerText()).trim(), '¥10.00');
    assert.equal(
      (await member.locator('#sv-bonus-expiring').innerText()).trim(),
      `¥10.00 赠送金将于 ${addDays(localToday(TZ), 365)} 到期`,
    );
    const entries = await member.locator('#sv-entry').allInnerTexts();
    assert.equal(entries.length, 1);
    assert.match(entries[0], /充值/);
    assert.match(entries[0], /\+¥110\.00/);
    assert.match(entries[0], /余额 ¥110\.00/);
    await screenshot(member, 'sv-after-top-up');
  });

  it('the card and the member code show the balance', async () => {
    await member.goto(server.url + '/#/pages/card/index');
    await member.locator('#card-stored-balance:has-text("¥110.00")').waitFor();
    await member.locator('#card-code-balance').waitFor();
    assert.equal((await member.locator('#card-code-balance').innerText()).trim(), '储值余额 ¥110.00，可出示给收银员使用');
    await member.locator('#card-code-enlarge').click();
    await member.locator('#card-code-large-balance').waitFor();
    assert.match(await member.locator('#card-code-large-balance').innerText(), /储值余额 ¥110\.00/);
    await member.locator('#card-code-overlay').click();
    await member.locator('#card-code-overlay').waitFor({ state: 'detached' });
  });

  it('the cashier identifies the member and pays ¥30.00 of a ¥50.00 order with the balance', async () => {
    await cashier.goto(server.url + '/');
    await cashier.locator('#login-page').waitFor();
    await cashier.locator('#login-tab-staff').click();
    await fill(cashier, 'staff-username', 'cashier1');
    await fill(cashier, 'staff-password', 'cashier1234');
    await cashier.locator('#staff-submit').click();
    await cashier.locator('#cashier-page').waitFor();

    const code = digitsOf(await member.locator('#card-member-code').innerText());
    await fill(cashier, 'cashier-code-input', code);
    await cashier.locator('#cashier-identify').click();
    await cashier.locator('#cashier-member-balance').waitFor();
    assert.equal((await cashier.locator('#cashier-member-balance').innerText()).trim(), '¥110.00');
    assert.equal(await cashier.locator('#cashier-member-plus').count(), 0);

    orderNo = await cashier.locator('#cashier-order-no input').inputValue();
    await fill(cashier, 'cashier-amount', '50.00');
    assert.equal(await cashier.locator('#cashier-balance-input').count(), 0, '储值支付 is off by default');
    await cashier.locator('#cashier-balance-toggle').click();
    await cashier.locator('#cashier-balance-all').click();
    assert.equal(await cashier.locator('#cashier-balance-input input').inputValue(), '50.00', 'min(balance, payable)');
    await fill(cashier, 'cashier-balance-input', '30.00');
    await cashier.locator('#cashier-preview-balance:has-text("¥30.00")').waitFor();
    assert.equal((await cashier.locator('#cashier-preview-external').innerText()).trim(), '¥20.00');
    assert.equal((await cashier.locator('#cashier-preview-payable').innerText()).trim(), '¥50.00');
    await screenshot(cashier, 'sv-till-preview');

    await cashier.locator('#cashier-submit').click();
    await cashier.locator('#cashier-result').waitFor();
    assert.equal((await cashier.locator('#cashier-result-tender-balance').innerText()).trim(), '¥30.00');
    assert.equal((await cashier.locator('#cashier-result-tender-external').innerText()).trim(), '¥20.00');
    await screenshot(cashier, 'sv-till-result');
  });

  it("the member's 储值 page shows ¥80.00 and the 消费 entry with the order number", async () => {
    await member.goto(server.url + '/#/packages/member/stored-value/index');
    await member.locator('#sv-balance:has-text("80.00")').waitFor();
    // Proportional: ¥30.00 of 100 + 10 takes 27.27 principal and 2.73 bonus (largest remainder to the bonus).
    assert.equal((await member.locator('#sv-principal').innerText()).trim(), '¥72.73');
    assert.equal((await member.locator('#sv-bonus').innerText()).trim(), '¥7.27');
    await member.locator('#sv-entry >> nth=1').waitFor();
    const [spend, topUp] = await member.locator('#sv-entry').allInnerTexts();
    assert.match(spend, /消费/);
    assert.match(spend, /-¥30\.00/);
    assert.match(spend, /余额 ¥80\.00/);
    assert.match(spend, new RegExp(`订单号 ${orderNo}`));
    assert.match(topUp, /充值/);
    await screenshot(member, 'sv-after-spend');
  });

  it('a partial refund of the order returns its balance share: ¥25.00 of ¥50.00 gives back ¥15.00 of the ¥30.00', async () => {
    await cashier.locator('#cashier-result-refund').click();
    await cashier.locator('#refund-page').waitFor();
    assert.equal(await cashier.locator('#refund-order-no input').inputValue(), orderNo);
    await fill(cashier, 'refund-amount', '25.00');
    await cashier.locator('#refund-submit').click();
    await cashier.locator('#refund-result').waitFor();
    assert.equal((await cashier.locator('#refund-result-balance').innerText()).trim(), '¥15.00');
    await screenshot(cashier, 'sv-refund-result');

    await member.goto(server.url + '/#/packages/member/stored-value/index');
    await member.locator('#sv-balance:has-text("95.00")').waitFor();
    const [refund] = await member.locator('#sv-entry').allInnerTexts();
    assert.match(refund, /退款退回/);
    assert.match(refund, /\+¥15\.00/);
    assert.match(refund, /余额 ¥95\.00/);
  });

  it('the member takes the free trial on the 付费会员 page, and the card shows the badge', async () => {
    await member.goto(server.url + '/#/pages/card/index');
    await member.locator('#card-membership-link').waitFor();
    await member.locator('#card-membership-link').click();
    await member.locator('#ms-status-title').waitFor();
    assert.match(await member.locator('#ms-status-title').innerText(), /还不是 PLUS 会员/);
    const trial = member.locator(`#ms-plan[data-plan-id="${trialPlan.id}"]`);
    assert.match(await trial.locator('#ms-plan-price').innerText(), /免费试用 7 天/);
    assert.match(await trial.innerText(), /1\.5 倍积分/);
    await trial.locator('#ms-plan-trial').click();

    await member.locator('#payment-status:has-text("已开通")').waitFor();
    await member.locator('#ms-status-badge').waitFor();
    const until = addDays(localToday(TZ), 7);
    assert.equal((await member.locator('#ms-status-expires').innerText()).trim(), `有效期至 ${until}`);
    assert.match(await member.locator('#ms-status-benefit').first().innerText(), /1\.5 倍积分/);
    assert.equal(await member.locator('#ms-plan-trial').count(), 0, 'the trial is offered once');
    const purchases = await member.locator('#ms-purchase').allInnerTexts();
    assert.equal(purchases.length, 1);
    assert.match(purchases[0], /PLUS 体验卡/);
    assert.match(purchases[0], /已生效/);
    await screenshot(member, 'ms-after-trial');

    await member.goto(server.url + '/#/pages/card/index');
    await member.locator('#card-plus-badge').waitFor();
    assert.equal((await member.locator('#card-plus-badge').innerText()).trim(), `PLUS 会员 · 有效期至 ${until}`);
    await screenshot(member, 'ms-card-badge');
  });
  it('the member buys the paid year through 模拟支付: it stacks on the trial', async () => {
    await member.locator('#card-membership-link').click();
    await member.locator('#ms-status-badge').waitFor();
    const year = member.locator(`#ms-plan[data-plan-id="${yearPlan.id}"]`);
    assert.match(await year.locator('#ms-plan-price').innerText(), /¥198 \/ 1 年/);
    await year.locator('#ms-plan-buy').click();
    await member.locator('#payment-confirm').waitFor();
    assert.equal((await member.locator('#payment-confirm-amount').innerText()).trim(), '¥198.00');
    await member.locator('#payment-confirm-pay').click();
    await member.locator('#payment-status:has-text("支付成功")').waitFor({ timeout: 15_000 });
    const until = addDays(localToday(TZ), 7 + 365);
    await member.locator(`#ms-status-expires:has-text("${until}")`).waitFor();
    assert.equal(await member.locator('#ms-purchase').count(), 2);
    await screenshot(member, 'ms-after-year');
  });
});
