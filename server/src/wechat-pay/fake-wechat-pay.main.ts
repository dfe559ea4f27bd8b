// Runs the fake WeChat Pay on its own for the demo:
//   FAKE_WECHAT_PAY_PORT=3902 node server/dist/wechat-pay/fake-wechat-pay.main.js
// then start the API in sandbox mode (no WECHAT_PAY_* credentials) with
// WECHAT_PAY_API_BASE=<printed URL>: the module registers its generated merchant key with the
// fake (POST /__fake/merchant) and takes the fake's platform key and API v3 key from the answer.
import { startFakeWechatPay } from './fake-wechat-pay.server.js';
import { randomApiV3Key } from './wechat-pay.crypto.js';
import { SANDBOX_MCH_ID } from './wechat-pay.sandbox.js';
import { SANDBOX_APP_ID } from '../wechat/wechat.sandbox.js';

const port = Number(process.env.FAKE_WECHAT_PAY_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`FAKE_WECHAT_PAY_PORT must be a port number, got ${process.env.FAKE_WECHAT_PAY_PORT}`);
}

const fake = await startFakeWechatPay({
  port,
  host: process.env.FAKE_WECHAT_PAY_HOST ?? '127.0.0.1',
  mchId: process.env.FAKE_WECHAT_PAY_MCHID ?? SANDBOX_MCH_ID,
  appId: process.env.FAKE_WECHAT_APP_ID ?? SANDBOX_APP_ID,
  merchantPublicKeyPem: null,
  merchantSerial: null,
  apiV3Key: randomApiV3Key(),
});
process.stdout.write(`fake WeChat Pay listening on ${fake.url} (platform serial ${fake.platformSerial})\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
