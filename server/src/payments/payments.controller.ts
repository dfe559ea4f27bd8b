import { Controller, Get, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PaymentStatusResponse } from '@huiyuan/shared';
import type { FastifyRequest } from 'fastify';
import { ApiErrors, ApiNoContent, ApiResult } from '../common/api-docs.js';
import { CurrentMember, Public, Roles, type MemberPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { rawBodyOf } from '../common/json-body.js';
import { PaymentsService } from './payments.service.js';

const TRADE_NO = /^[0-9A-Za-z_-]{6,32}$/;
const PREPAY_ID = /^[0-9A-Za-z_-]{1,64}$/;

@ApiTags('payments')
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('payments/wechat/notify')
  @Public()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Receive a WeChat Pay notification',
    description:
      'WeChat Pay API v3 calls this (TRANSACTION.SUCCESS, REFUND.*). The Wechatpay-Signature over the raw body is verified with ' +
      'the platform public key (serial checked, timestamp within 5 minutes) and the resource decrypted (AEAD_AES_256_GCM); ' +
      'anything unverifiable → 401 PAYMENT_NOTIFICATION_INVALID and nothing credited. Idempotent on the transaction: the same ' +
      'notification again, or many at once, credit once. A verified notification for an order we do not know → 204, nothing done.',
  })
  @ApiNoContent('Received (credited when it was the first word of this payment)')
  @ApiErrors('PAYMENT_NOTIFICATION_INVALID')
  async notify(@Req() req: FastifyRequest, @Headers() headers: Record<string, string | string[] | undefined>): Promise<void> {
    await this.payments.handleNotification(headers, rawBodyOf(req));
  }

  @Get('me/payments/:outTradeNo')
  @Roles('member')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Read one of my payments',
    description:
      'Where a payment stands; a pending one is first asked about at WeChat Pay (the order query), so a lost notification ' +
      'is settled here. Another member’s payment → 404.',
  })
  @ApiResult('PaymentStatusResponse')
  status(@CurrentMember() m: MemberPrincipal, @Param('outTradeNo') outTradeNo: string): Promise<PaymentStatusResponse> {
    if (!TRADE_NO.test(outTradeNo)) throw DomainError.notFound('payment');
    return this.payments.statusFor(m.id, outTradeNo);
  }

  @Post('sandbox/payments/:prepayId/pay')
  @Roles('member')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pay in the sandbox (模拟支付)',
    description:
      'Sandbox only (404 otherwise): the fake WeChat Pay server marks your prepay paid and sends its real, signed notification ' +
      'to POST /payments/wechat/notify, as a phone’s payment would. Another member’s prepay → 404.',
  })
  @ApiResult('PaymentStatusResponse')
  sandboxPay(@CurrentMember() m: MemberPrincipal, @Param('prepayId') prepayId: string): Promise<PaymentStatusResponse> {
    if (!PREPAY_ID.test(prepayId)) throw DomainError.notFound('payment');
    return this.payments.sandboxPay(m.id, prepayId);
  }
}
