import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One abuse-limit window: how many attempts `key` made since the window opened, and when it
 * closes. Written only by RateLimiterService's single upsert; rows past `expiresAt` are pruned.
 */
@Entity('rate_limit_bucket')
@Index('rate_limit_bucket_expires_idx', ['expiresAt'])
export class RateLimitBucket {
  /** `<limit name>:<HMAC of the subject>` (an address, account or member number is never stored). */
  @PrimaryColumn('text')
  key: string;

  @Column('integer')
  count: number;

  @Column('timestamptz')
  expiresAt: Date;
}
