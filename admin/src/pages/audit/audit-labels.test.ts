import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditActorLabel, auditDetailsText } from './audit-labels';

describe('audit log labels', () => {
  it('reads action codes as object and verb, unknown ones as themselves', () => {
    expect(auditActionLabel('lottery.create')).toBe('抽奖·创建');
    expect(auditActionLabel('member.tags.add')).toBe('会员标签·添加');
    expect(auditActionLabel('referral_reward.approve')).toBe('邀请奖励·审核通过');
    expect(auditActionLabel('job.run')).toBe('任务·立即运行');
    expect(auditActionLabel('something.new')).toBe('something.new');
    expect(auditActionLabel('plain')).toBe('plain');
  });

  it('names the actor by username when known', () => {
    const names = new Map([['6f1c2a34-0000-4000-8000-000000000000', 'admin']]);
    expect(auditActorLabel({ actorType: 'staff', actorId: '6f1c2a34-0000-4000-8000-000000000000' }, names)).toBe('admin');
    expect(auditActorLabel({ actorType: 'staff', actorId: '7a1c2a34-0000-4000-8000-000000000000' }, names)).toBe('员工 7a1c2a34');
    expect(auditActorLabel({ actorType: 'system', actorId: null }, names)).toBe('系统');
    expect(auditActorLabel({ actorType: 'member', actorId: '9b1c2a34-0000-4000-8000-000000000000' }, names)).toBe(
      '会员 9b1c2a34',
    );
  });

  it('puts details on one line', () => {
    expect(auditDetailsText({ prizes: 2, costPoints: 10, fields: ['title'] })).toBe(
      'prizes: 2, costPoints: 10, fields: ["title"]',
    );
    expect(auditDetailsText({})).toBe('—');
  });
});
