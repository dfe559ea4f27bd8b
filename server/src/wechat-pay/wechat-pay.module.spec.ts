import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type INestApplicationContext, Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startFakeWechatPay } from './fake-wechat-pay.server.js';
import { type WechatPayNotification, WechatPayClient } from './wechat-pay.client.js';
import { generateRsaKeyPair } from './wechat-pay.crypto.js';
import { WECHAT_PAY_CLIENT, WechatPayModule, WechatPaySandboxHost } from './wechat-pay.module.js';
import { WechatPaySandbox, WechatPaySandboxDisabledError } from './wechat-pay.sandbox.js';
import { SANDBOX_APP_ID } from '../wechat/wechat.sandbox.js';

/** Stands for the payment domain's service: injects the client and the sandbox without importing the module. */
@Injectable()
class PaymentService {
  constructor(
    @Inject(WECHAT_PAY_CLIENT) readonly pay: WechatPayClient,
    @Inject(WechatPaySandbox) readonly sandbox: WechatPaySandbox,
  ) {}
}

@Module({ providers: [PaymentService] })
class FeatureModule {}

async function boot(root: ReturnType<typeof WechatPayModule.forRoot>): Promise<INestApplicationContext> {
  @Module({ imports: [root, FeatureModule] })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
}

/** Our notify endpoint: what the bootstrap would mount at POST /api/v1/payments/wechat/notify. */
async function notifyEndpoint(
  client: () => WechatPayClient,
): Promise<{ server: Server; url: string; seen: WechatPayNotification[] }> {
  const seen: WechatPayNotification[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        seen.push(client().parseNotification(req.headers, Buffer.concat(chunks).toString('utf8')));
        res.writeHead(204).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/payments/wechat/notify`, seen };
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

it('sandbox without apiBase: generates keys, starts the fake in-process, pays over HTTP, closes it with the app', async () => {
  const app = await boot(WechatPayModule.forRoot({ sandbox: true }));
  const service = app.get(PaymentService);
  const fake = app.get(WechatPaySandboxHost).inProcessFake;
  expect(fake).not.toBeNull();
  expect(service.pay.apiBase).toBe(fake?.url);
  expect(service.pay.appId).toBe(SANDBOX_APP_ID);
  expect(service.sandbox.enabled).toBe(true);

  // Our port is known only after listen: prepay refuses until the bootstrap sets the notify URL.
  expect(service.pay.notifyUrl).toBeNull();
  const notify = await notifyEndpoint(() => service.pay);
  try {
    service.pay.setNotifyUrl(notify.url);
    const { prepayId } = await service.pay.jsapiPrepay({
      outTradeNo: 'SANDBOX0001',
      description: '储值',
      amountFen: 100,
      openid: 'o_alice',
    });
    const result = await service.sandbox.pay(prepayId);
    expect(result.status).toBe(204);
    expect(notify.seen).toEqual([expect.objectContaining({ eventType: 'TRANSACTION.SUCCESS' })]);
    expect(notify.seen[0]!.transaction).toMatchObject({
      outTradeNo: 'SANDBOX0001',
      tradeState: 'SUCCESS',
      payerOpenid: 'o_alice',
    });
    expect((await service.pay.queryByOutTradeNo('SANDBOX0001'))?.tradeState).toBe('SUCCESS');
  } finally {
    await app.close();
    await closeServer(notify.server);
  }
  await expect(fetch(`${fake!.url}/__fake/state`)).rejects.toThrow();
});

it('sandbox with apiBase: registers a generated merchant key with the standalone fake and pays through its HTTP endpoint', async () => {
  const standalone = await startFakeWechatPay({
    mchId: '1900000109',
    appId: SANDBOX_APP_ID,
    merchantPublicKeyPem: null,
    merchantSerial: null,
    apiV3Key: 'StandaloneFake0123456789abcdefAB',
  });
  const app = await boot(WechatPayModule.forRoot({ sandbox: true, apiBase: standalone.url }));
  const service = app.get(PaymentService);
  const notify = await notifyEndpoint(() => service.pay);
  try {
    expect(app.get(WechatPaySandboxHost).inProcessFake).toBeNull();
    expect(service.pay.apiBase).toBe(standalone.url);
    service.pay.setNotifyUrl(notify.url);
    const { prepayId } = await service.pay.jsapiPrepay({
      outTradeNo: 'SANDBOX0002',
      description: '储值',
      amountFen: 200,
      openid: 'o_bob',
    });
    const result = await service.sandbox.pay(prepayId, { openid: 'o_bob' });
    expect(result).toMatchObject({ status: 204, attempts: 1 });
    expect(notify.seen[0]?.transaction).toMatchObject({ outTradeNo: 'SANDBOX0002', amountTotal: 200 });
    await expect(service.sandbox.pay(prepayId)).rejects.toThrow(/SUCCESS/);
  } finally {
    await app.close();
    await closeServer(notify.server);
    await standalone.close();
  }
});

it('with a merchant account: the client uses the given credentials and the sandbox refuses to pay', async () => {
  const merchant = generateRsaKeyPair();
  const platform = generateRsaKeyPair();
  const app = await boot(
    WechatPayModule.forRoot({
      sandbox: false,
      mchId: '1900000109',
      appId: 'wx0123456789abcdef',
      serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      privateKeyPem: merchant.privateKeyPem,
      apiV3Key: 'abcdefghijklmnopqrstuvwxyz012345',
      platformPublicKeyPem: platform.publicKeyPem,
      platformSerial: 'PUB_KEY_ID_0119000001092025120200000000',
      apiBase: null,
      notifyUrl: 'https://huiyuan.example.com/api/v1/payments/wechat/notify',
    }),
  );
  try {
    const service = app.get(PaymentService);
    expect(service.pay.apiBase).toBe('https://api.mch.weixin.qq.com');
    expect(service.pay.notifyUrl).toBe('https://huiyuan.example.com/api/v1/payments/wechat/notify');
    expect(app.get(WechatPaySandboxHost).inProcessFake).toBeNull();
    expect(service.sandbox.enabled).toBe(false);
    await expect(service.sandbox.pay('wx123')).rejects.toBeInstanceOf(WechatPaySandboxDisabledError);
  } finally {
    await app.close();
  }
});

it('refuses to start outside sandbox without credentials', async () => {
  await expect(boot(WechatPayModule.forRoot({ sandbox: false, mchId: '1900000109' }))).rejects.toThrow(/required unless sandbox/);
});

it('forRootAsync takes the options from a factory', async () => {
  const app = await boot(WechatPayModule.forRootAsync({ useFactory: () => ({ sandbox: true }) }));
  try {
    expect(app.get(PaymentService).sandbox.enabled).toBe(true);
  } finally {
    await app.close();
  }
});
