import 'reflect-metadata';
import { type INestApplicationContext, Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startFakeWechat } from './fake-wechat.server.js';
import { WechatClient } from './wechat.client.js';
import { WECHAT_CLIENT, WechatModule, WechatSandboxHost } from './wechat.module.js';
import { SANDBOX_APP_ID, SANDBOX_APP_SECRET, WechatSandbox } from './wechat.sandbox.js';

/** Stands for a feature module's service that injects the client without importing WechatModule. */
@Injectable()
class LoginService {
  constructor(
    @Inject(WECHAT_CLIENT) readonly wechat: WechatClient,
    @Inject(WechatSandbox) readonly sandbox: WechatSandbox,
  ) {}

  async login(code: string): Promise<string> {
    return (await this.wechat.code2Session(await this.sandbox.resolveLoginCode(code))).openid;
  }
}

@Module({ providers: [LoginService] })
class FeatureModule {}

async function boot(root: ReturnType<typeof WechatModule.forRoot>): Promise<INestApplicationContext> {
  @Module({ imports: [root, FeatureModule] })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
}

it('sandbox without apiBase: starts the fake in-process, logs dev: codes in over HTTP, closes it with the app', async () => {
  const app = await boot(WechatModule.forRoot({ sandbox: true }));
  const host = app.get(WechatSandboxHost);
  const fake = host.inProcessFake;
  expect(fake).not.toBeNull();
  expect(app.get<WechatClient>(WECHAT_CLIENT).apiBase).toBe(fake?.url);

  expect(await app.get(LoginService).login('dev:o_carol')).toBe('o_carol');
  expect(fake?.state.code2SessionCalls).toBe(1);

  await app.close();
  await expect(fetch(`${fake?.url}/__fake/state`)).rejects.toThrow();
});

it('sandbox with apiBase: uses that fake and starts none', async () => {
  const external = await startFakeWechat({ appId: SANDBOX_APP_ID, appSecret: SANDBOX_APP_SECRET });
  try {
    const app = await boot(WechatModule.forRoot({ sandbox: true, apiBase: external.url }));
    expect(app.get(WechatSandboxHost).inProcessFake).toBeNull();
    expect(await app.get(LoginService).login('dev:o_dan')).toBe('o_dan');
    expect(external.state.code2SessionCalls).toBe(1);
    await app.close();
  } finally {
    await external.close();
  }
});

it('real AppID: talks to api.weixin.qq.com by default and refuses dev: codes', async () => {
  const app = await boot(WechatModule.forRoot({ sandbox: false, appId: 'wxreal', appSecret: 'secret' }));
  expect(app.get<WechatClient>(WECHAT_CLIENT).apiBase).toBe('https://api.weixin.qq.com');
  expect(app.get(WechatSandbox).enabled).toBe(false);
  await expect(app.get(LoginService).login('dev:o_eve')).rejects.toThrow('sandbox');
  await app.close();
});

it('forRootAsync takes the options from a factory', async () => {
  const app = await boot(WechatModule.forRootAsync({ useFactory: () => ({ sandbox: false, appId: 'wxa', appSecret: 's' }) }));
  expect(app.get<WechatClient>(WECHAT_CLIENT).appId).toBe('wxa');
  await app.close();
});

it('no appId outside sandbox mode → the app refuses to start', async () => {
  await expect(boot(WechatModule.forRoot({ sandbox: false }))).rejects.toThrow('appId and appSecret');
});
