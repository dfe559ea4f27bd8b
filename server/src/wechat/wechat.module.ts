// Nest wiring for the WeChat client.
//
// Decisions:
// - Registered once, in AppModule, with `WechatModule.forRoot(...)` or `forRootAsync(...)`
//   (settings come from the config module); the module is global so identity, engagement and
//   campaigns inject `WECHAT_CLIENT` and `WechatSandbox` without importing it again.
// - Sandbox mode (no real AppID): when `apiBase` is not given, a fake WeChat server is started
//   in-process on an ephemeral 127.0.0.1 port before any provider that needs the client is
//   built, the client points at it, and it is closed when the app closes (OnModuleDestroy).
//   When `apiBase` is given in sandbox mode (e.g. the standalone fake of the demo script), the
//   client and the `dev:` code minting both use that URL.
// - Outside sandbox mode appId and appSecret are required and WechatSandbox refuses `dev:` codes.
// - The client reports each call (endpoint, errcode, latency only) to a Nest Logger at debug.
import {
  type DynamicModule,
  type InjectionToken,
  Logger,
  Module,
  type ModuleMetadata,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type FakeWechat, startFakeWechat } from './fake-wechat.server.js';
import { DEFAULT_WECHAT_API_BASE, WechatClient } from './wechat.client.js';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET, WechatSandbox } from './wechat.sandbox.js';

export const WECHAT_OPTIONS: InjectionToken = Symbol('WECHAT_OPTIONS');
export const WECHAT_CLIENT: InjectionToken = Symbol('WECHAT_CLIENT');

export interface WechatModuleOptions {
  /** Required unless sandbox; defaults to SANDBOX_APP_ID in sandbox mode. */
  appId?: string;
  appSecret?: string;
  /** WeChat's API base URL. Default (unset or null) https://api.weixin.qq.com, or the in-process fake in sandbox. */
  apiBase?: string | null;
  /** No real AppID: `dev:` codes are accepted and resolved on the fake WeChat server. */
  sandbox: boolean;
  timeoutMs?: number;
}

export interface WechatModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => WechatModuleOptions | Promise<WechatModuleOptions>;
}

/** Owns the in-process fake in sandbox mode; closes it with the app. */
export class WechatSandboxHost implements OnModuleDestroy {
  constructor(
    /** Where the client sends requests. */
    readonly apiBase: string,
    private readonly fake: FakeWechat | null,
  ) {}

  /** The in-process fake (sandbox without apiBase), for tests that want to inspect its state. */
  get inProcessFake(): FakeWechat | null {
    return this.fake;
  }

  async onModuleDestroy(): Promise<void> {
    await this.fake?.close();
  }
}

interface ResolvedCredentials {
  appId: string;
  appSecret: string;
}

function credentials(options: WechatModuleOptions): ResolvedCredentials {
  if (options.sandbox) {
    return { appId: options.appId || SANDBOX_APP_ID, appSecret: options.appSecret || SANDBOX_APP_SECRET };
  }
  if (!options.appId || !options.appSecret) {
    throw new Error('WeChat appId and appSecret are required unless sandbox mode is on');
  }
  return { appId: options.appId, appSecret: options.appSecret };
}

async function createHost(options: WechatModuleOptions): Promise<WechatSandboxHost> {
  if (options.sandbox && !options.apiBase) {
    const fake = await startFakeWechat({ port: 0, ...credentials(options) });
    new Logger('WechatModule').log(`sandbox: fake WeChat started at ${fake.url}`);
    return new WechatSandboxHost(fake.url, fake);
  }
  return new WechatSandboxHost(options.apiBase || DEFAULT_WECHAT_API_BASE, null);
}

function createClient(options: WechatModuleOptions, host: WechatSandboxHost): WechatClient {
  const logger = new Logger('WechatClient');
  return new WechatClient({
    ...credentials(options),
    apiBase: host.apiBase,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    onCall: ({ endpoint, outcome, errcode, latencyMs }) =>
      logger.debug(`${endpoint} ${outcome}${errcode ? ` errcode=${errcode}` : ''} ${latencyMs}ms`),
  });
}

const sharedProviders = [
  { provide: WechatSandboxHost, useFactory: createHost, inject: [WECHAT_OPTIONS] },
  { provide: WECHAT_CLIENT, useFactory: createClient, inject: [WECHAT_OPTIONS, WechatSandboxHost] },
  {
    provide: WechatSandbox,
    useFactory: (options: WechatModuleOptions, host: WechatSandboxHost) =>
      new WechatSandbox(options.sandbox ? host.apiBase : null),
    inject: [WECHAT_OPTIONS, WechatSandboxHost],
  },
];

@Module({})
export class WechatModule {
  static forRoot(options: WechatModuleOptions): DynamicModule {
    return {
      module: WechatModule,
      global: true,
      providers: [{ provide: WECHAT_OPTIONS, useValue: options }, ...sharedProviders],
      exports: [WECHAT_CLIENT, WechatSandbox, WechatSandboxHost, WECHAT_OPTIONS],
    };
  }

  static forRootAsync(options: WechatModuleAsyncOptions): DynamicModule {
    return {
      module: WechatModule,
      global: true,
      imports: options.imports ?? [],
      providers: [{ provide: WECHAT_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }, ...sharedProviders],
      exports: [WECHAT_CLIENT, WechatSandbox, WechatSandboxHost, WECHAT_OPTIONS],
    };
  }
}
