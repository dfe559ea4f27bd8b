// Binds the payments domain to the WeChat Pay client (wechat-pay/). In the sandbox the notify URL
// is this server's own address, known only once it listens: it is set on the first call that
// needs it (a prepay or a refund), from the HTTP server's bound port. With a real merchant
// account WECHAT_PAY_NOTIFY_URL is required at start (config.ts), so nothing is guessed.
import { HttpAdapterHost } from '@nestjs/core';
import type { Provider } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { WECHAT_PAY_CLIENT } from '../wechat-pay/wechat-pay.module.js';
import type { WechatPayClient } from '../wechat-pay/wechat-pay.client.js';
import { WechatPaySandbox } from '../wechat-pay/wechat-pay.sandbox.js';
import { PAYMENT_GATEWAY, type PaymentGateway } from './payment-gateway.js';
import { PAYMENT_SANDBOX, type PaymentSandbox } from './payments.service.js';

export const NOTIFY_PATH = '/api/v1/payments/wechat/notify';

function withLocalNotifyUrl(client: WechatPayClient, adapterHost: HttpAdapterHost): PaymentGateway {
  const ensureNotifyUrl = () => {
    if (client.notifyUrl) return;
    const address = adapterHost.httpAdapter.getHttpServer().address() as AddressInfo | null;
    if (!address) throw new Error('the server is not listening yet: no notify URL for WeChat Pay');
    client.setNotifyUrl(`http://127.0.0.1:${address.port}${NOTIFY_PATH}`);
  };
  return {
    jsapiPrepay: (p) => {
      ensureNotifyUrl();
      return client.jsapiPrepay(p);
    },
    paymentArguments: (prepayId) => client.paymentArguments(prepayId),
    queryByOutTradeNo: (no) => client.queryByOutTradeNo(no),
    close: (no) => client.close(no),
    refund: (p) => {
      ensureNotifyUrl();
      return client.refund(p);
    },
    queryRefund: (no) => client.queryRefund(no),
    parseNotification: (headers, raw) => client.parseNotification(headers, raw),
  };
}

export const PAYMENT_PROVIDERS: Provider[] = [
  { provide: PAYMENT_GATEWAY, useFactory: withLocalNotifyUrl, inject: [WECHAT_PAY_CLIENT, HttpAdapterHost] },
  { provide: PAYMENT_SANDBOX, useFactory: (sandbox: WechatPaySandbox): PaymentSandbox => sandbox, inject: [WechatPaySandbox] },
];
