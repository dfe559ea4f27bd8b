// The campaigns module's tables (docs/campaigns.md): campaigns and their frozen members, each
// member's last campaign contact (the frequency cap across campaigns), automations and their runs.
import type { AutomationAction, CampaignAction, CampaignStatus, SegmentConditions } from '@huiyuan/shared';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Member } from '../members/member.entity.js';

/**
 * One campaign. The counters are written by the delivery's batches under this row's lock, so
 * `delivered ≤ max_members` and `points_given ≤ max_points` hold by construction; the CHECKs are
 * the last line.
 */
@Entity('campaign')
@Check('campaign_status_known', `"status" IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled')`)
@Check('campaign_holdout_bounded', '"holdout_bp" BETWEEN 0 AND 5000')
@Check('campaign_budget_members', '"max_members" IS NULL OR "delivered" <= "max_members"')
@Check('campaign_budget_points', '"max_points" IS NULL OR "points_given" <= "max_points"')
@Check(
  'campaign_counts_non_negative',
  '"targeted" >= 0 AND "holdout" >= 0 AND "delivered" >= 0 AND "points_given" >= 0 AND "skipped_capped" >= 0 AND "skipped_budget" >= 0 AND "skipped_no_quota" >= 0 AND "skipped_ineligible" >= 0',
)
@Index('campaign_scheduled_idx', ['scheduleAt'], { where: `"status" = 'scheduled'` })
export class Campaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('uuid')
  segmentId: string;

  /** The segment's conditions as they were when the membership was frozen (null before). */
  @Column('jsonb', { nullable: true })
  conditions: SegmentConditions | null;

  @Column('jsonb')
  action: CampaignAction;

  @Column('integer', { default: 0 })
  holdoutBp: number;

  @Column('integer', { nullable: true })
  maxMembers: number | null;

  @Column('integer', { nullable: true })
  maxPoints: number | null;

  @Column('integer', { nullable: true })
  frequencyCapDays: number | null;

  @Column('timestamptz', { nullable: true })
  scheduleAt: Date | null;

  @Column('text', { default: 'draft' })
  status: CampaignStatus;

  @Column('integer', { default: 0 })
  targeted: number;

  @Column('integer', { default: 0 })
  holdout: number;

  @Column('integer', { default: 0 })
  delivered: number;

  @Column('integer', { default: 0 })
  pointsGiven: number;

  @Column('integer', { default: 0 })
  skippedCapped: number;

  @Column('integer', { default: 0 })
  skippedBudget: number;

  @Column('integer', { default: 0 })
  skippedNoQuota: number;

  @Column('integer', { default: 0 })
  skippedIneligible: number;

  @Column('timestamptz', { nullable: true })
  launchedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  /** The last delivery batch's commit: the sweeper restarts a running campaign that went quiet. */
  @Column('timestamptz', { nullable: true })
  lastBatchAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A member of a campaign, frozen at launch: one row per (campaign, member) — the key that proves
 * a member gets a campaign's action at most once. `pending` → one final state, under the row lock.
 */
@Entity('campaign_member')
@Check(
  'campaign_member_state_known',
  `"state" IN ('pending', 'holdout', 'delivered', 'capped', 'budget', 'no_quota', 'ineligible')`,
)
@Index('campaign_member_pending_idx', ['campaignId', 'memberId'], { where: `"state" = 'pending'` })
@Index('campaign_member_member_idx', ['memberId'])
export class CampaignMember {
  @PrimaryColumn('uuid')
  campaignId: string;

  @PrimaryColumn('uuid')
  memberId: string;

  @ManyToOne(() => Campaign, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: Campaign;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('text')
  state: 'pending' | 'holdout' | 'delivered' | 'capped' | 'budget' | 'no_quota' | 'ineligible';

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;
}

/** A member's last campaign action, for the frequency cap across campaigns. */
@Entity('campaign_contact')
export class CampaignContact {
  @PrimaryColumn('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @Column('uuid')
  campaignId: string;

  @Column('timestamptz')
  contactedAt: Date;
}

/** Trigger → delay → action. Built-in automations (`builtin_code`) run the product's former fixed behaviour. */
@Entity('automation')
@Check('automation_delay_bounded', '"delay_minutes" BETWEEN 0 AND 43200')
@Check(
  'automation_trigger_known',
  `"trigger_code" IN ('registered', 'first_order', 'tier_upgraded', 'became_silent', 'birthday', 'points_expiring')`,
)
@Index('automation_builtin_key', ['builtinCode'], { unique: true, where: '"builtin_code" IS NOT NULL' })
export class Automation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text')
  triggerCode: string;

  @Column('jsonb', { default: {} })
  triggerArgs: Record<string, unknown>;

  @Column('jsonb')
  action: AutomationAction;

  @Column('integer', { default: 0 })
  delayMinutes: number;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('text', { nullable: true })
  builtinCode: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * One occurrence of an automation's trigger for one member: unique per (automation, member,
 * occurrence) — an automation fires once per member per occurrence, whatever observes it twice.
 */
@Entity('automation_run')
@Index('automation_run_occurrence_key', ['automationId', 'memberId', 'occurrence'], { unique: true })
@Index('automation_run_due_idx', ['dueAt'], { where: `"state" = 'pending'` })
@Index('automation_run_member_idx', ['memberId'])
@Check('automation_run_state_known', `"state" IN ('pending', 'delivered', 'skipped')`)
export class AutomationRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  automationId: string;

  @ManyToOne(() => Automation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'automation_id' })
  automation?: Automation;

  @Column('uuid')
  memberId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  /** What occurred: `registered`, `first_order`, `tier:<tier change id>`, `birthday:2026` … */
  @Column('text')
  occurrence: string;

  @Column('timestamptz')
  dueAt: Date;

  @Column('text', { default: 'pending' })
  state: 'pending' | 'delivered' | 'skipped';

  /** Why it was skipped (no_quota, ineligible, disabled, out_of_stock …). */
  @Column('text', { nullable: true })
  outcome: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;
}
