import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { RedeemCouponResponse } from '@huiyuan/shared';
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
  async redeem(@CurrentStaff() staff: StaffPrincipal, @Body() body: RedeemCouponDto): Promise<RedeemCouponResponse> {
    if (!staff.storeId) throw DomainError.forbidden('till routes need a store; admins have none', 'STORE_SCOPE');
    return { coupon: await this.redemption.redeem(staff, staff.storeId, body) };
  }
}
