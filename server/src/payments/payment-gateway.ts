// What the payments domain needs from WeChat Pay, as a narrow interface: the WeChat Pay client
// (wechat-pay/) implements it over the real API v3 protocol. Kept here so the domain reads in its
// own words and a test can see exactly which calls a payment makes.
import type { InjectionToken } from '@nestjs/common';

export interface GatewayTransaction {
  outTradeNo: string;
  transactionId?: string;
  tradeState: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  /** Fen. */
  amountTotal: number;
  successTime?: string;
}

export interface GatewayRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  status: 'SUCCESS' | 'PROCESSING' | 'CLOSED' | 'ABNORMAL';
  amountRefund: number;
}

export interface GatewayNotification {
  id: string;
  eventType: string;
  transaction?: GatewayTransaction;
  refund?: GatewayRefund;
}

export interface PaymentGateway {
  jsapiPrepay(p: { outTradeNo: string; description: string; amountFen: number; openid: string; timeExpire?: Date }): Promise<{
    prepayId: string;
  }>;
  paymentArguments(prepayId: string): {
    appId: string;
    timeStamp: string;
    nonceStr: string;
    package: string;
    signType: 'RSA';
    paySign: string;
  };
  queryByOutTradeNo(outTradeNo: string): Promise<GatewayTransaction | null>;
  close(outTradeNo: string): Promise<void>;
  refund(p: {
    outTradeNo: string;
    outRefundNo: string;
    refundFen: number;
    totalFen: number;
    reason?: string;
  }): Promise<GatewayRefund>;
  queryRefund(outRefundNo: string): Promise<GatewayRefund | null>;
  parseNotification(headers: Record<string, string | string[] | undefined>, rawBody: string): GatewayNotification;
}

export const PAYMENT_GATEWAY: InjectionToken = Symbol('PAYMENT_GATEWAY');
