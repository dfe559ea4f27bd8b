import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Coupon, CouponCenterResponse, MyCouponsResponse } from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import type { FastifyReply } from 'fastify';
import { CurrentMember, Roles, type MemberPrincipal } from '../common/auth.js';
import { RateLimitPerCaller } from '../common/rate-limit.guard.js';
import { CouponIssuerService } from './coupon-issuer.service.js';
import { CouponWalletService } from './coupon-wallet.service.js';
import { CenterQuery, ClaimCouponDto, WalletQuery } from './dto/coupon-actions.dto.js';

@ApiTags('coupons')
@ApiBearerAuth()
@Controller('coupons/center')
export class CouponCenterController {
  constructor(
    private readonly wallet: CouponWalletService,
    private readonly issuer: CouponIssuerService,
  ) {}

  /** Claim centre offers (free) and points-mall offers (`pointsCost`); `?channel=points` for the mall only. */
  @Get()
  @Roles('member')
  @ApiOperation({
    summary: 'List the coupon offers I can claim',
    description: 'Claim-centre offers (free) and points-mall offers (pointsCost); ?channel=points for the mall only.',
  })
  @ApiResult('CouponCenterResponse')
  async list(@CurrentMember() m: MemberPrincipal, @Query() q: CenterQuery): Promise<CouponCenterResponse> {
    return { items: await this.wallet.center(m.id, q.channel) };
  }

  /**
   * Claims one coupon; a points-mall offer charges its pointsCost in the same transaction.
   * 201 with the coupon; 200 when `requestId` repeats an earlier claim.
   */
  @Post(':templateId/claim')
  @Roles('member')
  @RateLimitPerCaller('couponClaim')
  @ApiOperation({
    summary: 'Claim a coupon',
    description:
      'A points-mall offer charges its pointsCost in the same transaction. An offer that is not (or no longer) offered → 404; ' +
      'an ended window 422 COUPON_EXPIRED; no stock 422 COUPON_OUT_OF_STOCK; the member’s limit 422 COUPON_LIMIT_REACHED; ' +
      'too few points 422 INSUFFICIENT_POINTS. A refusal leaves nothing behind.',
  })
  @ApiResult('Coupon', 201, { replay: 'requestId repeats an earlier claim: that coupon, nothing charged twice' })
  @ApiErrors(
    'COUPON_TEMPLATE_PAUSED',
    'COUPON_NOT_APPLICABLE',
    'COUPON_EXPIRED',
    'COUPON_OUT_OF_STOCK',
    'COUPON_LIMIT_REACHED',
    'INSUFFICIENT_POINTS',
  )
  async claim(
    @CurrentMember() m: MemberPrincipal,
    @Param('templateId', new ParseUUIDPipe()) templateId: string,
    @Body() body: ClaimCouponDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Coupon> {
    const result = await this.issuer.claim(m.id, templateId, body ?? {});
    void reply.status(result.created ? 201 : 200);
    return result.body;
  }
}

@ApiTags('member')
@ApiBearerAuth()
@Controller('me/coupons')
export class MemberCouponsController {
  constructor(private readonly wallet: CouponWalletService) {}

  @Get()
  @Roles('member')
  @ApiOperation({ summary: 'List my coupons', description: '?status=available|used|expired; all of them without.' })
  @ApiResult('MyCouponsResponse')
  async list(@CurrentMember() m: MemberPrincipal, @Query() q: WalletQuery): Promise<MyCouponsResponse> {
    return { items: await this.wallet.list(m.id, q.status) };
  }

  @Get(':id')
  @Roles('member')
  @ApiOperation({ summary: 'Read one of my coupons' })
  @ApiResult('Coupon')
  get(@CurrentMember() m: MemberPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<Coupon> {
    return this.wallet.get(m.id, id);
  }
}
