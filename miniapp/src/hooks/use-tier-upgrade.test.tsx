import { act, renderHook } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import { saveSession } from '../services/session';
import { useTierUpgrade } from './use-tier-upgrade';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: unknown };

const note = (id: string, kind: string, readAt: string | null, createdAt = '2026-03-08T06:00:00.000Z') => ({
  id,
  kind,
  title: '恭喜升级',
  body: '您已升级为银卡会员',
  createdAt,
  readAt,
});

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

describe('useTierUpgrade', () => {
  it('celebrates the newest unread upgrade and marks every unread upgrade read on dismiss', async () => {
    respond(
      ok({
        items: [
          note('n1', 'points_expiring', null),
          note('n2', 'tier_upgrade', null, '2026-03-01T00:00:00.000Z'),
          note('n3', 'tier_upgrade', null, '2026-03-08T00:00:00.000Z'),
          note('n4', 'tier_upgrade', '2026-03-02T00:00:00.000Z'),
        ],
      }),
      { statusCode: 204, data: '' },
      { statusCode: 204, data: '' },
    );
    const { result } = renderHook(() => useTierUpgrade());
    await act(() => result.current.check());
    expect(result.current.upgrade?.id).toBe('n3');

    await act(() => result.current.dismiss());
    expect(result.current.upgrade).toBeNull();
    const reads = [sent(1), sent(2)];
    expect(reads.map((r) => r.url).sort()).toEqual(['/api/v1/me/notifications/n2/read', '/api/v1/me/notifications/n3/read']);
    for (const r of reads) expect(r).toMatchObject({ method: 'POST', data: {} });
  });

  it('shows nothing without an unread upgrade, or when notifications fail to load', async () => {
    respond(ok({ items: [note('n4', 'tier_upgrade', '2026-03-02T00:00:00.000Z')] }));
    const { result } = renderHook(() => useTierUpgrade());
    await act(() => result.current.check());
    expect(result.current.upgrade).toBeNull();
    requestMock.mockRejectedValueOnce(new Error('request:fail'));
    await act(() => result.current.check());
    expect(result.current.upgrade).toBeNull();
  });
});
