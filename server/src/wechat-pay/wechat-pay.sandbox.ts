// Sandbox payments for running without a real merchant account (demo, H5 build, e2e tests).
//
// There is no payer and no WeChat app to tap 确认支付 in: the domain's
// POST /api/v1/sandbox/payments/{prepayId}/pay calls `WechatPaySandbox.pay(prepayId)`, which asks
// the fake WeChat Pay to mark the order paid. The fake then POSTs the real, signed and encrypted
// TRANSACTION.SUCCESS notification to our notify URL over HTTP, so the demo exercises the same
// notification handler, verification and idempotency as production.
//
// With a real merchant account `enabled` is false and pay() throws WechatPaySandboxDisabledError.
import type { FakeNotifyResult, FakeWechatPay } from './fake-wechat-pay.server.js';

/** Merchant number and serial the sandbox uses (not real credentials). */
export const SANDBOX_MCH_ID = '1900000109';
export const SANDBOX_MERCHANT_SERIAL = 'FAKE0000000000000000000000000000000SANDBOX';

export class WechatPaySandboxDisabledError extends Error {
  override readonly name = 'WechatPaySandboxDisabledError';
  constructor() {
    super('sandbox payments are only possible in WeChat Pay sandbox mode');
  }
}

export class WechatPaySandbox {
  constructor(
    /** The in-process fake, or the URL of a standalone one, or null with a real merchant account. */
    private readonly target: FakeWechatPay | string | null,
  ) {}

  get enabled(): boolean {
    return this.target !== null;
  }

  /**
   * The payer paid: resolves once the fake has POSTed TRANSACTION.SUCCESS to our notify URL (and
   * retried on a non-2xx), with our server's answer and the notification itself.
   */
  async pay(prepayId: string, options?: { openid?: string }): Promise<FakeNotifyResult> {
    if (this.target === null) throw new WechatPaySandboxDisabledError();
    if (typeof this.target !== 'string') return this.target.state.pay(prepayId, options);
    const response = await fetch(`${this.target.replace(/\/+$/, '')}/__fake/payments/${encodeURIComponent(prepayId)}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(options ?? {}),
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await response.json()) as FakeNotifyResult & { message?: string };
    if (!response.ok) throw new Error(`fake WeChat Pay refused the payment: ${json.message ?? response.status}`);
    return json;
  }
}
