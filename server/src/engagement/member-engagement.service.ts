// A member's check-ins and referrals for the console's member 360 (GET /admin/members/:id/checkins
// and /referrals): keyset-paged reads, scoped like every member-360 read (a manager: members of
// their store; anyone else 404). Friends appear with a masked nickname and their member number.
import { Inject, Injectable } from '@nestjs/common';
import {
  maskNickname,
  type AdminCheckInPage,
  type AdminReferralPage,
  type ReferralMemberRef,
  type ReferralSideReward,
} from '@huiyuan/shared';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../common/auth.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import { MemberRepository } from '../members/member.repository.js';
import { visibleMember } from '../segments/member-visibility.js';
import { SegmentRepository } from '../segments/segment.repository.js';
import { CheckInRepository } from './check-in.repository.js';
import { ReferralRewardRepository, type RewardRow } from './referral-reward.repository.js';

const DEFAULT_LIMIT = 20;

function memberRef(m: { id: string; member_no: string; nickname: string | null }): ReferralMemberRef {
  return { id: m.id, memberNo: m.member_no, nicknameMasked: maskNickname(m.nickname) };
}

function sideReward(r: RewardRow | undefined): ReferralSideReward | null {
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    reason: r.reason,
    points: r.points,
    couponTemplateId: r.coupon_template_id,
    couponId: r.coupon_id,
    releaseAt: r.release_at?.toISOString() ?? null,
    releasedAt: r.released_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

@Injectable()
export class MemberEngagementService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly members: MemberRepository,
    private readonly segmentRows: SegmentRepository,
    private readonly checkIns: CheckInRepository,
    private readonly rewards: ReferralRewardRepository,
  ) {}

  /** The member's check-ins, newest date first (a make-up sits at the date it made up). */
  async checkInsOf(viewer: StaffPrincipal, memberId: string, q: { cursor?: string; limit?: number }): Promise<AdminCheckInPage> {
    await visibleMember(this.db, this.members, this.segmentRows, viewer, memberId);
    const limit = q.limit ?? DEFAULT_LIMIT;
    // The cursor's time is the check-in's local date at midnight UTC: only its date part is used.
    const before = q.cursor ? decodeCursor(q.cursor) : null;
    const rows = await this.checkIns.page(
      this.db,
      memberId,
      before ? { date: before.t.slice(0, 10), id: before.id } : null,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        date: r.date,
        streak: r.streak,
        madeUp: r.made_up,
        pointsAwarded: r.points_awarded,
        costPoints: r.cost_points,
        rewards: r.rewards,
        createdAt: r.created_at.toISOString(),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(new Date(`${last.date}T00:00:00Z`), last.id) : null,
    };
  }

  /** Who invited the member, and the friends they invited with both sides' rewards, newest first. */
  async referralsOf(
    viewer: StaffPrincipal,
    memberId: string,
    q: { cursor?: string; limit?: number },
  ): Promise<AdminReferralPage> {
    await visibleMember(this.db, this.members, this.segmentRows, viewer, memberId);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const before = q.cursor ? decodeCursor(q.cursor) : null;
    const [referrer, friends] = await Promise.all([
      this.members.referrerOf(this.db, memberId),
      this.members.invitedPage(this.db, memberId, before, limit + 1),
    ]);
    const page = friends.slice(0, limit);
    const rewards = await this.rewards.ofInvitees(
      this.db,
      page.map((f) => f.id),
    );
    const side = (inviteeId: string, beneficiary: 'inviter' | 'invitee') =>
      sideReward(rewards.find((r) => r.invitee_id === inviteeId && r.beneficiary === beneficiary));
    const last = page[page.length - 1];
    return {
      invitedBy: referrer ? memberRef(referrer) : null,
      items: page.map((f) => ({
        invitee: memberRef(f),
        joinedAt: f.created_at.toISOString(),
        inviterReward: side(f.id, 'inviter'),
        inviteeReward: side(f.id, 'invitee'),
      })),
      nextCursor: friends.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }
}
