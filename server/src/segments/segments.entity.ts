// Tags (标签) put on members by hand, and saved segments (分群) whose conditions are the shared
// rule objects (docs/segments.md). member_tag is personal data: exported with the member and
// dropped on erasure.
import type { SegmentConditions } from '@huiyuan/shared';
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

@Entity('tag')
@Check('tag_name_length', 'char_length("name") BETWEEN 1 AND 32')
export class Tag {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unique as written (trimmed); a second tag of the same name is 409 TAG_NAME_TAKEN. */
  @Index('tag_name_key', { unique: true })
  @Column('text')
  name: string;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One row per (member, tag): putting a tag on twice is a no-op (the primary key). */
@Entity('member_tag')
@Index('member_tag_tag_idx', ['tagId', 'memberId'])
export class MemberTag {
  @PrimaryColumn('uuid')
  memberId: string;

  @PrimaryColumn('uuid')
  tagId: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id' })
  member?: Member;

  @ManyToOne(() => Tag, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tag_id' })
  tag?: Tag;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('segment')
@Check('segment_name_length', 'char_length("name") BETWEEN 1 AND 64')
export class Segment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** The validated, normalised `{ all?, any? }` document (shared validateSegmentConditions). */
  @Column('jsonb')
  conditions: SegmentConditions;

  /** Matching active members (all stores) when last counted; refreshed when listed and stale. */
  @Column('integer', { nullable: true })
  memberCount: number | null;

  @Column('timestamptz', { nullable: true })
  countedAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
