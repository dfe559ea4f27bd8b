import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../members/member.entity.js';
import { CouponTemplate } from './coupon-template.entity.js';

/**
 * How many coupons of a template a member has claimed (claim centre and points mall). Bumped
 * with `INSERT … ON CONFLICT DO UPDATE … WHERE claimed < limit` in the claim's transaction; the
 * CHECK is the last line of defence for the per-member limit. `claim_limit` is the template's
 * limit at the last claim (limits only go up), so the CHECK can see it.
 */
@Entity('coupon_claim')
@Check('coupon_claim_within_limit', '"claimed" >= 1 AND "claimed" <= "claim_limit"')
export class CouponClaim {
  @PrimaryColumn('uuid')
  memberId: string;

  @PrimaryColumn('uuid')
  templateId: string;

  @ManyToOne(() => Member, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @ManyToOne(() => CouponTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: CouponTemplate;

  @Column('integer')
  claimed: number;

  @Column('integer')
  claimLimit: number;
}
