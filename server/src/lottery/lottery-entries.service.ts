// Free lottery entries (免费抽奖次数), credited by the rewards pipeline (reward kind
// `lottery_entry`: check-in milestones, orders, campaigns) and used by a draw before its points
// cost. Its own small module so the pipeline can depend on it without depending on the draw
// (which itself grants prizes through the pipeline).
import { Injectable } from '@nestjs/common';
import type { GrantOutcome, LotteryEntryReward } from '@huiyuan/shared';
import type { EntityManager } from 'typeorm';
import { LotteryRepository } from './lottery.repository.js';

@Injectable()
export class LotteryEntriesService {
  constructor(private readonly repo: LotteryRepository) {}

  /**
   * Credits `reward.entries` free draws of the lottery, inside the grant's transaction (the
   * pipeline's reward_grant row makes it idempotent). A lottery that does not exist or has ended
   * is a skipped grant, not an error.
   */
  async credit(tx: EntityManager, memberId: string, reward: LotteryEntryReward, now: Date): Promise<GrantOutcome> {
    const lottery = await this.repo.lottery(tx, reward.lotteryId);
    if (!lottery || lottery.status === 'ended' || lottery.ends_at.getTime() <= now.getTime()) {
      return { status: 'skipped', kind: 'lottery_entry', reason: 'lottery_unavailable' };
    }
    await this.repo.creditEntries(tx, reward.lotteryId, memberId, reward.entries);
    return { status: 'granted', kind: 'lottery_entry', lotteryId: reward.lotteryId, entries: reward.entries };
  }
}
