// Runs the fake WeChat server on its own for the demo:
//   FAKE_WECHAT_PORT=3901 node server/dist/wechat/fake-wechat.main.js
// then start the API with WECHAT_API_BASE pointing at the printed URL and the same AppID/secret.
import { startFakeWechat } from './fake-wechat.server.js';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET } from './wechat.sandbox.js';

const port = Number(process.env.FAKE_WECHAT_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`FAKE_WECHAT_PORT must be a port number, got ${process.env.FAKE_WECHAT_PORT}`);
}

const fake = await startFakeWechat({
  port,
  host: process.env.FAKE_WECHAT_HOST ?? '127.0.0.1',
  appId: process.env.FAKE_WECHAT_APP_ID ?? SANDBOX_APP_ID,
  appSecret: process.env.FAKE_WECHAT_APP_SECRET ?? SANDBOX_APP_SECRET,
});
process.stdout.write(`fake WeChat listening on ${fake.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
