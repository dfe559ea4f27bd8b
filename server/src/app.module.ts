// Wiring only: configuration, database, feature modules, the global guard.
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditService } from './audit/audit.service.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuard } from './common/auth.guard.js';
import { CryptoService } from './common/crypto.service.js';
import { RateLimiterService } from './common/rate-limiter.service.js';
import { TokenService } from './common/token.service.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source.js';
import { RepositoriesModule } from './database/repositories.module.js';
import { CouponsModule } from './coupons/coupons.module.js';
import { EngagementModule } from './engagement/engagement.module.js';
import { HealthController } from './health/health.controller.js';
import { IdentityModule } from './identity/identity.module.js';
import { JobsModule } from './jobs/jobs.module.js';
import { LoyaltyModule } from './loyalty/loyalty.module.js';
import { LotteryModule } from './lottery/lottery.module.js';
import { TillModule } from './till/till.module.js';
import { MembersModule } from './members/members.module.js';
import { MemberRightsModule } from './member-rights/member-rights.module.js';
import { StoresModule } from './stores/stores.module.js';
import { WechatModule } from './wechat/wechat.module.js';
import { WechatPayModule } from './wechat-pay/wechat-pay.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { WebhookEventsModule } from './webhooks/webhook-events.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { SegmentsModule } from './segments/segments.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { RecommendationsModule } from './recommendations/recommendations.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { StoredValueModule } from './stored-value/stored-value.module.js';
import { MembershipModule } from './membership/membership.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
}

/** Cross-cutting services every feature may use. */
@Global()
@Module({})
class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const providers = [{ provide: APP_CONFIG, useValue: config }, TokenService, CryptoService, AuditService, RateLimiterService];
    return { module: CoreModule, providers, exports: providers };
  }
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        RepositoriesModule,
        WebhookEventsModule,
        WechatModule.forRoot({
          sandbox: config.wechat.sandbox,
          ...(config.wechat.appId ? { appId: config.wechat.appId, appSecret: config.wechat.appSecret } : {}),
          ...(config.wechat.apiBase ? { apiBase: config.wechat.apiBase } : {}),
        }),
        WechatPayModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => c.wechatPay }),
        MembersModule,
        IdentityModule,
        StoresModule,
        LoyaltyModule,
        CouponsModule,
        TillModule,
        EngagementModule,
        MemberRightsModule,
        LotteryModule,
        AnalyticsModule,
        WebhooksModule,
        SegmentsModule,
        CampaignsModule,
        FeedbackModule,
        PaymentsModule,
        StoredValueModule,
        MembershipModule,
        RecommendationsModule,
        JobsModule.forRoot(databaseUrl),
        AuditModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_GUARD, useClass: AuthGuard }],
    };
  }
}
