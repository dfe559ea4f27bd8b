// The programme's earning, redemption and expiry settings. Defaults come from the shared rules;
// the timezone from configuration. (An admin-editable settings table can replace the constants
// without touching callers.)
import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_EARNING,
  DEFAULT_EXPIRY_POLICY,
  DEFAULT_REDEMPTION,
  type EarningConfig,
  type ExpiryPolicyConfig,
  type RedemptionConfig,
} from '@huiyuan/shared';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export interface ProgrammeSettings {
  timezone: string;
  earning: EarningConfig;
  redemption: RedemptionConfig;
  expiry: ExpiryPolicyConfig;
  /** Days before expiry when members are reminded. */
  expiryReminderDays: number;
}

@Injectable()
export class ProgrammeService {
  readonly settings: ProgrammeSettings;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.settings = {
      timezone: config.timezone,
      earning: DEFAULT_EARNING,
      redemption: DEFAULT_REDEMPTION,
      expiry: DEFAULT_EXPIRY_POLICY,
      expiryReminderDays: 30,
    };
  }
}
