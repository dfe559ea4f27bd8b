import { Module } from '@nestjs/common';
import { LoyaltyModule } from '../loyalty/loyalty.module.js';
import { MembersModule } from '../members/members.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AdminCouponTemplatesController } from './admin-coupon-templates.controller.js';
import { CashierCouponsController } from './cashier-coupons.controller.js';
import { CouponIssuerService } from './coupon-issuer.service.js';
import { CouponJobsService } from './coupon-jobs.service.js';
import { CouponRedemptionService } from './coupon-redemption.service.js';
import { CouponTemplatesService } from './coupon-templates.service.js';
import { CouponWalletService } from './coupon-wallet.service.js';
import { CouponCenterController, MemberCouponsController } from './member-coupons.controller.js';

@Module({
  imports: [LoyaltyModule, MembersModule, NotificationsModule],
  controllers: [CouponCenterController, MemberCouponsController, AdminCouponTemplatesController, CashierCouponsController],
  providers: [CouponIssuerService, CouponTemplatesService, CouponWalletService, CouponRedemptionService, CouponJobsService],
  exports: [CouponIssuerService, CouponTemplatesService, CouponRedemptionService, CouponJobsService, CouponWalletService],
})
export class CouponsModule {}
