// WECHAT_PAY_* for production-mode tests: a merchant account that is never called (the key files
// are generated per run into a temp dir; production refuses to start without them).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function productionWechatPayEnv(): Record<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'huiyuan-pay-keys-'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(path.join(dir, 'apiclient_key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(path.join(dir, 'pub_key.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  return {
    WECHAT_PAY_MCHID: '1900000109',
    WECHAT_PAY_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    WECHAT_PAY_KEY_FILE: path.join(dir, 'apiclient_key.pem'),
    WECHAT_PAY_API_V3_KEY: 'abcdefghijklmnopqrstuvwxyz012345',
    WECHAT_PAY_PLATFORM_PUBLIC_KEY_FILE: path.join(dir, 'pub_key.pem'),
    WECHAT_PAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0119000001092025120200000000',
    WECHAT_PAY_NOTIFY_URL: 'https://huiyuan.example.com/api/v1/payments/wechat/notify',
  };
}
