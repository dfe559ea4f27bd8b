import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Coupon, CouponCenterResponse } from '@huiyuan/shared';
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
  async list(@CurrentMember() m: MemberPrincipal, @Query() q: WalletQuery): Promise<{ items: Coupon[] }> {
    return { items: await this.wallet.list(m.id, q.status) };
  }

  @Get(':id')
  @Roles('member')
  get(@CurrentMember() m: MemberPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<Coupon> {
    return this.wallet.get(m.id, id);
  }
}
