import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { campaignFormErrors, campaignProgress, parseMessageData, toCampaignRequest } from './campaign-request';

const SEGMENT = '6f1c2a34-0000-4000-8000-000000000000';
const now = new Date('2026-12-02T02:00:00Z');

describe('campaign form', () => {
  it('builds the request: holdout in basis points, budget only when set, points budget only for points', () => {
    expect(
      toCampaignRequest({
        name: ' 唤醒 ',
        segmentId: SEGMENT,
        actionType: 'points',
        points: 100,
        holdoutPercent: 10,
        maxPoints: 5000,
        frequencyCapDays: 7,
      }),
    ).toEqual({
      name: '唤醒',
      segmentId: SEGMENT,
      action: { type: 'points', points: 100 },
      holdoutBp: 1000,
      budget: { maxPoints: 5000 },
      frequencyCapDays: 7,
    });
    expect(
      toCampaignRequest({ name: 'x', segmentId: SEGMENT, actionType: 'coupon', templateId: SEGMENT, maxPoints: 5 }).budget,
    ).toBeUndefined();
    const at = dayjs('2026-12-03T10:00:00Z');
    expect(toCampaignRequest({ name: 'x', segmentId: SEGMENT, actionType: 'points', points: 1, scheduleAt: at }).scheduleAt).toBe(
      '2026-12-03T10:00:00.000Z',
    );
  });

  it('reads message data as key=value lines', () => {
    expect(parseMessageData('thing1=会员日\n\n time2 = 12月3日 \nbad line')).toEqual({ thing1: '会员日', time2: '12月3日' });
    expect(
      toCampaignRequest({
        name: 'x',
        segmentId: SEGMENT,
        actionType: 'message',
        messageTemplateId: ' T1 ',
        messageData: 'thing1=hi',
      }).action,
    ).toEqual({ type: 'message', templateId: 'T1', data: { thing1: 'hi' } });
  });

  it('puts the shared rule’s problems on the form fields', () => {
    expect(
      campaignFormErrors({ name: 'x', segmentId: SEGMENT, actionType: 'points', points: 0, holdoutPercent: 60 }, now),
    ).toEqual([
      { name: 'points', errors: ['must be an integer 1-100000'] },
      { name: 'holdoutPercent', errors: ['must be an integer 0-5000 (basis points of the segment)'] },
    ]);
    expect(
      campaignFormErrors(
        { name: 'x', segmentId: SEGMENT, actionType: 'message', messageTemplateId: '', messageData: '' },
        now,
      ).map((e) => e.name),
    ).toEqual(['messageTemplateId', 'messageData']);
    expect(
      campaignFormErrors(
        { name: 'x', segmentId: SEGMENT, actionType: 'points', points: 5, scheduleAt: dayjs('2020-01-01') },
        now,
      ),
    ).toEqual([{ name: 'scheduleAt', errors: ['must be in the future'] }]);
  });

  it('shows progress over the target members', () => {
    expect(campaignProgress({ targeted: 1000, holdout: 100, pending: 450, status: 'running' })).toBe(50);
    expect(campaignProgress({ targeted: 0, holdout: 0, pending: 0, status: 'draft' })).toBe(0);
    expect(campaignProgress({ targeted: 10, holdout: 0, pending: 3, status: 'completed' })).toBe(100);
  });
});
