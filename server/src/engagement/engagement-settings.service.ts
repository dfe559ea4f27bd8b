// Admin-editable check-in and referral settings: one JSON document per key in
// engagement_setting, validated by the shared rules before it is saved, defaults until then.
import { Inject, Injectable } from '@nestjs/common';
import {
  checkInRewardCouponTemplates,
  checkInSettingsProblems,
  DEFAULT_CHECKIN_SETTINGS,
  DEFAULT_REFERRAL_SETTINGS,
  referralSettingsProblems,
  type CheckInSettings,
  type CouponChannel,
  type ReferralSettings,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { StaffPrincipal } from '../common/auth.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction } from '../common/transaction.js';
import { CouponTemplateRepository } from '../coupons/coupon-template.repository.js';
import { EngagementSettingRepository } from './engagement-setting.repository.js';

type Key = 'checkin' | 'referral';

/** The coupon channel each feature issues through; a configured template must offer it. */
export const CHECKIN_COUPON_CHANNEL: CouponChannel = 'grant';
export const REFERRAL_COUPON_CHANNEL: CouponChannel = 'referral';

@Injectable()
export class EngagementSettingsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly templates: CouponTemplateRepository,
    private readonly rows: EngagementSettingRepository,
  ) {}

  async checkIn(db: Pick<EntityManager, 'query'> = this.db): Promise<CheckInSettings> {
    return (await this.read(db, 'checkin')) ?? DEFAULT_CHECKIN_SETTINGS;
  }

  async referral(db: Pick<EntityManager, 'query'> = this.db): Promise<ReferralSettings> {
    return (await this.read(db, 'referral')) ?? DEFAULT_REFERRAL_SETTINGS;
  }

  async putCheckIn(actor: StaffPrincipal, input: unknown): Promise<CheckInSettings> {
    const problems = checkInSettingsProblems(input);
    if (problems.length > 0) throw DomainError.validation(problems[0]!, problems);
    const settings = input as CheckInSettings;
    const templates = checkInRewardCouponTemplates(settings.rewards);
    return this.write(actor, 'checkin', settings, templates, CHECKIN_COUPON_CHANNEL);
  }

  async putReferral(actor: StaffPrincipal, input: unknown): Promise<ReferralSettings> {
    const problems = referralSettingsProblems(input);
    if (problems.length > 0) throw DomainError.validation(problems[0]!, problems);
    const settings = input as ReferralSettings;
    const templates = [settings.rewards.inviter.couponTemplateId, settings.rewards.invitee.couponTemplateId].filter(
      (t): t is string => t !== null,
    );
    return this.write(actor, 'referral', settings, templates, REFERRAL_COUPON_CHANNEL);
  }

  private async read<T>(db: Pick<EntityManager, 'query'>, key: Key): Promise<T | null> {
    return this.rows.value<T>(db, key);
  }

  private async write<T extends object>(
    actor: StaffPrincipal,
    key: Key,
    value: T,
    templateIds: string[],
    channel: CouponChannel,
  ): Promise<T> {
    return inTransaction(this.db, async (tx) => {
      for (const id of new Set(templateIds)) {
        const channels = await this.templates.channels(tx, id);
        if (!channels) throw DomainError.validation(`couponTemplateId ${id}: no such coupon template`);
        if (!channels.includes(channel)) {
          throw DomainError.validation(`couponTemplateId ${id}: the template must offer the "${channel}" channel`);
        }
      }
      await this.rows.upsert(tx, key, value, actor.id);
      await this.audit.record(tx, {
        actorType: 'staff',
        actorId: actor.id,
        action: `${key}_config.update`,
        targetType: 'engagement_setting',
        targetId: key,
        details: value as Record<string, unknown>,
      });
      return value;
    });
  }
}
