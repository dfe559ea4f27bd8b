// What a member sees of their referrals (邀请有礼): invite code, share path, invited friends with
// their status, rewards earned; and the invite QR code (wxacode.getUnlimited), fetched from
// WeChat once per invite code and kept in referral_qrcode.
import { Inject, Injectable } from '@nestjs/common';
import {
  INVITE_LOGIN_PAGE,
  invitedFriendStatus,
  inviteScene,
  inviteSharePath,
  type ReferralRewardStatus,
  type ReferralSummary,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import type { WechatClient } from '../wechat/wechat.client.js';
import { WECHAT_CLIENT } from '../wechat/wechat.module.js';
import { EngagementSettingsService } from './engagement-settings.service.js';
import { ReferralRewardsService } from './referral-rewards.service.js';
import { MemberRepository } from '../members/member.repository.js';
import { ReferralRewardRepository } from './referral-reward.repository.js';
import { ReferralQrCodeRepository } from './referral-qrcode.repository.js';

const INVITED_SHOWN = 100;

@Injectable()
export class ReferralService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
    private readonly settings: EngagementSettingsService,
    private readonly rewards: ReferralRewardsService,
    private readonly members: MemberRepository,
    private readonly referralRewards: ReferralRewardRepository,
    private readonly qrCodes: ReferralQrCodeRepository,
  ) {}

  async summary(memberId: string, now = new Date()): Promise<ReferralSummary> {
    const inviteCode = await this.inviteCode(memberId);
    // Friends who ordered since the job last ran show as pending at once.
    await this.rewards.observeFirstOrders(await this.settings.referral(), memberId, now);
    const friends = await this.members.invitedBy(this.db, memberId, INVITED_SHOWN);
    const statuses = await this.referralRewards.inviterRewardStatuses(
      this.db,
      friends.map((f) => f.id),
    );
    const invited: { nickname: string | null; created_at: Date; status: ReferralRewardStatus | null }[] = friends.map((f) => ({
      nickname: f.nickname,
      created_at: f.created_at,
      status: statuses.get(f.id) ?? null,
    }));
    const sums = await this.referralRewards.inviterSums(this.db, memberId);
    return {
      inviteCode,
      sharePath: inviteSharePath(inviteCode),
      invited: invited.map((f) => ({
        nickname: f.nickname,
        joinedAt: f.created_at.toISOString(),
        status: invitedFriendStatus(f.status),
      })),
      rewardsEarned: { points: sums!.points, coupons: sums!.coupons },
      scene: inviteScene(inviteCode),
      rewardsPending: { points: sums!.pending_points, coupons: sums!.pending_coupons },
    };
  }

  /** The invite QR code PNG; WeChat is called (outside any transaction) only on a cache miss. */
  async qrCode(memberId: string): Promise<Buffer> {
    const inviteCode = await this.inviteCode(memberId);
    const cached = await this.qrCodes.png(this.db, inviteCode);
    if (cached) return cached;
    let png: Buffer;
    try {
      png = await this.wechat.getUnlimitedQrCode({ scene: inviteScene(inviteCode), page: INVITE_LOGIN_PAGE });
    } catch {
      throw new DomainError('WECHAT_UNAVAILABLE', 'the invite code image is not available right now; try again');
    }
    // Two first requests racing both fetched an image: keep the first, both are valid.
    await this.qrCodes.insert(this.db, inviteCode, png);
    return png;
  }

  private async inviteCode(memberId: string): Promise<string> {
    const inviteCode = await this.members.inviteCode(this.db, memberId);
    if (!inviteCode) throw DomainError.notFound('member');
    return inviteCode;
  }

  /** Erasure: the cached invite QR code of the member's old invite code goes with it. */
  async forgetQrCode(tx: EntityManager, inviteCode: string): Promise<void> {
    await this.qrCodes.delete(tx, inviteCode);
  }
}
