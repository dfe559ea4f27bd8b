import { act, renderHook, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, cashier, ok } from '../../test/fixtures';
import { relaunchedTo, resetTaroMock, respond } from '../../test/mocks/taro';
import { getSession, getToken, saveSession } from '../services/session';
import { useStaffSession } from './use-staff-session';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; header: Record<string, string> };

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('staff-token', 3600, { kind: 'staff', staff: cashier });
});

describe('staff 退出登录', () => {
  it('ends the token on the server (POST /auth/logout with it), then forgets the session and goes to login', async () => {
    respond(ok(null, 204));
    const { result } = renderHook(() => useStaffSession());
    await waitFor(() => expect(result.current.staff).toEqual(cashier));
    await act(() => result.current.logout());

    expect(sent(0)).toMatchObject({
      url: '/api/v1/auth/logout',
      method: 'POST',
      header: { Authorization: 'Bearer staff-token' },
    });
    expect(getToken()).toBeNull();
    expect(getSession()).toBeNull();
    expect(relaunchedTo()).toEqual(['/pages/login/index']);
  });

  it('signs out locally even when the server refuses the token or cannot be reached', async () => {
    respond(apiError(401, 'UNAUTHENTICATED'));
    const { result } = renderHook(() => useStaffSession());
    await act(() => result.current.logout());
    expect(getToken()).toBeNull();
    expect(relaunchedTo()).toContain('/pages/login/index');

    saveSession('staff-token-2', 3600, { kind: 'staff', staff: cashier });
    requestMock.mockRejectedValueOnce(new Error('offline'));
    await act(() => result.current.logout());
    expect(getToken()).toBeNull();
  });
});
