import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RedeemCouponResponse } from '@huiyuan/shared';
import { ApiErrors, ApiResult } from '../common/api-docs.js';
import { CurrentStaff, Roles, type StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { CouponRedemptionService } from './coupon-redemption.service.js';
import { RedeemCouponDto } from './dto/coupon-actions.dto.js';

@ApiTags('cashier')
@ApiBearerAuth()
@Controller('cashier/coupons')
export class CashierCouponsController {
  constructor(private readonly redemption: CouponRedemptionService) {}

  /** 核销 a gift coupon at this store; 422 COUPON_ALREADY_USED the second time. */
  @Post('redeem')
  @Roles('cashier', 'manager')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Redeem a gift coupon at this store',
    description:
      '核销: marks the coupon used. With memberId, the coupon must be that member’s (else 404). A coupon that takes money ' +
      'off an order goes on the order instead (422 COUPON_NOT_APPLICABLE); a used one → 422 COUPON_ALREADY_USED.',
  })
  @ApiResult('RedeemCouponResponse')
  @ApiErrors('NOT_FOUND', 'COUPON_ALREADY_USED', 'COUPON_EXPIRED', 'COUPON_NOT_APPLICABLE', 'STORE_SCOPE')
  async redeem(@CurrentStaff() staff: StaffPrincipal, @Body() body: RedeemCouponDto): Promise<RedeemCouponResponse> {
    if (!staff.storeId) throw DomainError.forbidden('till routes need a store; admins have none', 'STORE_SCOPE');
    return { coupon: await this.redemption.redeem(staff, staff.storeId, body) };
  }
}
