import { describe, expect, it } from 'vitest';
import { ApiError, errorDetails, errorMessage, fieldErrors, fieldPath } from './errors';

describe('error messages', () => {
  it('words a known code in Chinese and falls back to the server’s message', () => {
    expect(errorMessage(new ApiError(409, 'VERSION_CONFLICT', 'stale'))).toContain('其他人修改');
    expect(errorMessage(new ApiError(409, 'LOTTERY_STARTED', 'the lottery has started'))).toContain('抽奖已开始');
    expect(errorMessage(new ApiError(502, 'WECHAT_UNAVAILABLE', 'wechat is down'))).toBe('wechat is down');
    expect(errorMessage(new ApiError(403, 'STORE_SCOPE', 'x'), { STORE_SCOPE: '本店以外' })).toBe('本店以外');
  });

  it('turns validation details into field errors', () => {
    const err = new ApiError(400, 'VALIDATION_FAILED', 'title: …', [
      { field: 'title', messages: ['title must be longer than or equal to 1 characters'] },
      { field: 'tiers[1].growthThreshold', reason: 'thresholds must be strictly ascending in list order' },
    ]);
    expect(fieldErrors(err)).toEqual([
      { name: ['title'], errors: ['title must be longer than or equal to 1 characters'] },
      { name: ['tiers', 1, 'growthThreshold'], errors: ['thresholds must be strictly ascending in list order'] },
    ]);
    expect(errorDetails(err)).toEqual([
      'title must be longer than or equal to 1 characters',
      'tiers[1].growthThreshold: thresholds must be strictly ascending in list order',
    ]);
    expect(fieldPath('earning.pointsPerYuan')).toEqual(['earning', 'pointsPerYuan']);
  });
});
