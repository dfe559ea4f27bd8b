// Nest wiring for the WeChat Pay client.
//
// Decisions:
// - Registered once, in AppModule, with `WechatPayModule.forRootAsync(...)` (settings from the
//   config module); global, so the payment domain injects `WECHAT_PAY_CLIENT` and
//   `WechatPaySandbox` without importing it again.
// - Sandbox mode (no merchant account): a merchant key pair and an API v3 key are generated
//   in-process, a fake WeChat Pay is started on an ephemeral 127.0.0.1 port before any provider
//   that needs the client is built, and the client points at it; the fake is closed with the app.
//   With `apiBase` given in sandbox mode (the standalone fake of the demo), the generated merchant
//   key is registered there (POST /__fake/merchant) and its platform key and API v3 key are used.
// - The notify URL: in sandbox our port is known only after listen, so the bootstrap calls
//   `client.setNotifyUrl(...)` then; prepay and refund refuse to run before it is set.
// - The client reports each call (endpoint, status, code, latency only) to a Nest Logger at debug.
import {
  type DynamicModule,
  type InjectionToken,
  Logger,
  Module,
  type ModuleMetadata,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SANDBOX_APP_ID } from '../wechat/wechat.sandbox.js';
import { type FakeWechatPay, startFakeWechatPay } from './fake-wechat-pay.server.js';
import { DEFAULT_WECHAT_PAY_API_BASE, WechatPayClient, type WechatPayClientOptions } from './wechat-pay.client.js';
import { generateRsaKeyPair, randomApiV3Key } from './wechat-pay.crypto.js';
import { SANDBOX_MCH_ID, SANDBOX_MERCHANT_SERIAL, WechatPaySandbox } from './wechat-pay.sandbox.js';

export const WECHAT_PAY_OPTIONS: InjectionToken = Symbol('WECHAT_PAY_OPTIONS');
export const WECHAT_PAY_CLIENT: InjectionToken = Symbol('WECHAT_PAY_CLIENT');

/** The shape of `config.wechatPay`; outside sandbox every credential is required. */
export interface WechatPayModuleOptions {
  /** No merchant account: a fake WeChat Pay stands in (in-process unless apiBase is given). */
  sandbox: boolean;
  mchId?: string;
  /** The mini-program's AppID; SANDBOX_APP_ID when empty in sandbox mode. */
  appId?: string;
  serial?: string;
  privateKeyPem?: string;
  apiV3Key?: string;
  platformPublicKeyPem?: string;
  platformSerial?: string;
  /** Default https://api.mch.weixin.qq.com, or the in-process fake in sandbox. */
  apiBase?: string | null;
  /** Our public notify URL; null/unset until the bootstrap calls client.setNotifyUrl. */
  notifyUrl?: string | null;
  timeoutMs?: number;
}

export interface WechatPayModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => WechatPayModuleOptions | Promise<WechatPayModuleOptions>;
}

type Credentials = Omit<WechatPayClientOptions, 'notifyUrl' | 'timeoutMs' | 'now' | 'onCall' | 'fetch'>;

/** Owns the in-process fake in sandbox mode (closes it with the app) and the resolved credentials. */
export class WechatPaySandboxHost implements OnModuleDestroy {
  constructor(
    /** Where the client sends requests. */
    readonly apiBase: string,
    private readonly fake: FakeWechatPay | null,
    /** @internal what the client is built with */
    readonly credentials: Credentials,
    readonly sandbox: boolean,
  ) {}

  /** The in-process fake (sandbox without apiBase), for tests that want to inspect or drive it. */
  get inProcessFake(): FakeWechatPay | null {
    return this.fake;
  }

  async onModuleDestroy(): Promise<void> {
    await this.fake?.close();
  }
}

function realCredentials(options: WechatPayModuleOptions): Credentials {
  const { mchId, appId, serial, privateKeyPem, apiV3Key, platformPublicKeyPem, platformSerial } = options;
  if (!mchId || !appId || !serial || !privateKeyPem || !apiV3Key || !platformPublicKeyPem || !platformSerial) {
    throw new Error(
      'WeChat Pay credentials (mchId, appId, serial, keys, platform key and serial) are required unless sandbox mode is on',
    );
  }
  return {
    mchId,
    appId,
    serial,
    privateKeyPem,
    apiV3Key,
    platformPublicKeyPem,
    platformSerial,
    apiBase: options.apiBase || DEFAULT_WECHAT_PAY_API_BASE,
  };
}

/** Registers a generated merchant key with a standalone fake and takes its keys. */
async function registerWithStandaloneFake(apiBase: string, appId: string): Promise<Credentials> {
  const merchant = generateRsaKeyPair();
  const response = await fetch(`${apiBase.replace(/\/+$/, '')}/__fake/merchant`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ merchantPublicKeyPem: merchant.publicKeyPem, merchantSerial: SANDBOX_MERCHANT_SERIAL }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`fake WeChat Pay at ${apiBase} refused the merchant key: HTTP ${response.status}`);
  const keys = (await response.json()) as {
    mchId: string;
    appId: string;
    apiV3Key: string;
    platformPublicKeyPem: string;
    platformSerial: string;
  };
  if (keys.appId !== appId) throw new Error(`fake WeChat Pay at ${apiBase} serves AppID ${keys.appId}, we are ${appId}`);
  return {
    mchId: keys.mchId,
    appId,
    serial: SANDBOX_MERCHANT_SERIAL,
    privateKeyPem: merchant.privateKeyPem,
    apiV3Key: keys.apiV3Key,
    platformPublicKeyPem: keys.platformPublicKeyPem,
    platformSerial: keys.platformSerial,
    apiBase,
  };
}

async function createHost(options: WechatPayModuleOptions): Promise<WechatPaySandboxHost> {
  if (!options.sandbox) {
    const credentials = realCredentials(options);
    return new WechatPaySandboxHost(credentials.apiBase!, null, credentials, false);
  }
  const appId = options.appId || SANDBOX_APP_ID;
  if (options.apiBase) {
    return new WechatPaySandboxHost(options.apiBase, null, await registerWithStandaloneFake(options.apiBase, appId), true);
  }
  const merchant = generateRsaKeyPair();
  const apiV3Key = randomApiV3Key();
  const fake = await startFakeWechatPay({
    mchId: SANDBOX_MCH_ID,
    appId,
    merchantPublicKeyPem: merchant.publicKeyPem,
    merchantSerial: SANDBOX_MERCHANT_SERIAL,
    apiV3Key,
  });
  new Logger('WechatPayModule').log(`sandbox: fake WeChat Pay started at ${fake.url}`);
  return new WechatPaySandboxHost(
    fake.url,
    fake,
    {
      mchId: SANDBOX_MCH_ID,
      appId,
      serial: SANDBOX_MERCHANT_SERIAL,
      privateKeyPem: merchant.privateKeyPem,
      apiV3Key,
      platformPublicKeyPem: fake.platformPublicKeyPem,
      platformSerial: fake.platformSerial,
      apiBase: fake.url,
    },
    true,
  );
}

function createClient(options: WechatPayModuleOptions, host: WechatPaySandboxHost): WechatPayClient {
  const logger = new Logger('WechatPayClient');
  return new WechatPayClient({
    ...host.credentials,
    notifyUrl: options.notifyUrl ?? null,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    onCall: ({ endpoint, outcome, status, code, latencyMs }) =>
      logger.debug(`${endpoint} ${outcome}${status ? ` HTTP ${status}` : ''}${code ? ` code=${code}` : ''} ${latencyMs}ms`),
  });
}

const sharedProviders = [
  { provide: WechatPaySandboxHost, useFactory: createHost, inject: [WECHAT_PAY_OPTIONS] },
  { provide: WECHAT_PAY_CLIENT, useFactory: createClient, inject: [WECHAT_PAY_OPTIONS, WechatPaySandboxHost] },
  {
    provide: WechatPaySandbox,
    useFactory: (host: WechatPaySandboxHost) => new WechatPaySandbox(host.sandbox ? (host.inProcessFake ?? host.apiBase) : null),
    inject: [WechatPaySandboxHost],
  },
];
const exported = [WECHAT_PAY_CLIENT, WechatPaySandbox, WechatPaySandboxHost, WECHAT_PAY_OPTIONS];

@Module({})
export class WechatPayModule {
  static forRoot(options: WechatPayModuleOptions): DynamicModule {
    return {
      module: WechatPayModule,
      global: true,
      providers: [{ provide: WECHAT_PAY_OPTIONS, useValue: options }, ...sharedProviders],
      exports: exported,
    };
  }

  static forRootAsync(options: WechatPayModuleAsyncOptions): DynamicModule {
    return {
      module: WechatPayModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: WECHAT_PAY_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        ...sharedProviders,
      ],
      exports: exported,
    };
  }
}
