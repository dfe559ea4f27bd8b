// Scheduled coupon work, as methods of an explicit `now` (tests drive them; jobs/jobs.service.ts
// schedules them on pg-boss). Both are safe to re-run: birthday coupons are keyed by template,
// member and year; expiry only touches coupons still marked available.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { birthdayGiftYear, toLocalDate } from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import { ProgrammeService } from '../programme/programme.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RewardsService } from '../rewards/rewards.service.js';
import { MemberRepository } from '../members/member.repository.js';
import { CouponRepository } from './coupon.repository.js';
import { CouponTemplateRepository } from './coupon-template.repository.js';

const BATCH = 500;

@Injectable()
export class CouponJobsService {
  private readonly logger = new Logger('CouponJobs');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    // RewardsModule imports CouponsModule, so the pipeline is looked up at run time, not injected.
    private readonly moduleRef: ModuleRef,
    private readonly programme: ProgrammeService,
    private readonly notifications: NotificationsService,
    private readonly members: MemberRepository,
    private readonly coupons: CouponRepository,
    private readonly templates: CouponTemplateRepository,
  ) {}

  /**
   * Birthday coupons: every active member whose birthday month is this month (and whose tier
   * reaches the template's minTier, for tier-specific birthday gifts) gets one coupon of each
   * active `birthday` template, once per year (issue key `birthday:<year>:<template>`).
   * Running daily covers members who enter their birthday mid-month; a second run the same day,
   * or on another instance, issues nothing more.
   */
  async issueBirthdayCoupons(now = new Date()): Promise<{ issued: number }> {
    const today = toLocalDate(now, this.programme.settings.timezone);
    const year = Number(today.slice(0, 4));
    const month = Number(today.slice(5, 7));
    const templates = await this.templates.birthdayTemplates(this.db);
    const rewards = this.moduleRef.get(RewardsService, { strict: false });
    let issued = 0;
    for (const t of templates) {
      const key = `birthday:${year}:${t.id}`;
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        // A page of birthday members (members/), less those who already hold this year's coupon.
        const members = await this.members.birthdaysIn(this.db, month, after, BATCH);
        if (members.length === 0) break;
        const holders = await this.coupons.holdersOf(
          this.db,
          members.map((m) => m.id),
          key,
        );
        for (const m of members) {
          if (holders.has(m.id)) continue;
          if (birthdayGiftYear(m.birthday, today) !== year) continue;
          const r = await rewards.grantNow(
            m.id,
            { kind: 'coupon', templateId: t.id, channel: 'birthday', checkTier: true },
            key,
            now,
            {
              retrySkipped: true,
            },
          );
          if (r.status !== 'granted' || r.kind !== 'coupon' || r.replayed) continue;
          const coupon = { id: r.couponId };
          issued++;
          await this.notifications.add(this.db.manager, {
            memberId: m.id,
            kind: 'coupon_birthday',
            title: '生日快乐！生日礼券已到账',
            body: `送您一张「${t.title}」，已放入您的券包。`,
            businessKey: `coupon:${coupon.id}:birthday`,
          });
        }
        after = members[members.length - 1]!.id;
      }
    }
    if (issued > 0) this.logger.log(`issued ${issued} birthday coupons`);
    return { issued };
  }

  /** Marks available coupons whose validity has passed as expired, in batches. */
  async expireCoupons(now = new Date()): Promise<{ expired: number }> {
    let expired = 0;
    for (;;) {
      const rows = await this.coupons.expireDue(this.db.manager, now, BATCH);
      expired += rows.length;
      if (rows.length < BATCH) break;
    }
    if (expired > 0) this.logger.log(`expired ${expired} coupons`);
    return { expired };
  }
}
