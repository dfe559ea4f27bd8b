import { act, renderHook, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, memberCard, ok, policy } from '../../test/fixtures';
import { relaunchedTo, resetTaroMock, respond } from '../../test/mocks/taro';
import { getToken, saveSession } from '../services/session';
import { usePrivacyData } from './use-privacy-data';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: unknown };

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

async function loaded() {
  const hook = renderHook(() => usePrivacyData());
  await waitFor(() => expect(hook.result.current.policy).toEqual(policy));
  return hook;
}

describe('usePrivacyData', () => {
  it('without a session goes to login and calls nothing', async () => {
    resetTaroMock();
    renderHook(() => usePrivacyData());
    await waitFor(() => expect(relaunchedTo()).toEqual(['/pages/login/index']));
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('exports my data as readable JSON and copies it', async () => {
    respond(ok(policy), ok({ profile: { nickname: '小明' } }));
    const { result } = await loaded();
    await act(() => result.current.exportData());
    expect(sent(1)).toMatchObject({ url: '/api/v1/me/export', method: 'GET' });
    expect(result.current.exportJson).toContain('"nickname": "小明"');
    await act(() => result.current.copyExport());
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: result.current.exportJson });
    expect(result.current.notice).toBe('已复制到剪贴板');
  });

  it('refuses to delete until 注销 is typed, then deletes, signs out and returns to login', async () => {
    respond(ok(policy));
    const { result } = await loaded();
    await act(() => result.current.deleteAccount());
    expect(result.current.deleteError).toBe('请输入“注销”确认注销');
    expect(requestMock).toHaveBeenCalledTimes(1);

    respond(ok({ status: 'deleted', deletedAt: '2026-12-01T00:00:00.000Z' }, 202));
    act(() => result.current.setConfirmText('注销'));
    await act(() => result.current.deleteAccount());
    expect(sent(1)).toMatchObject({ url: '/api/v1/me', method: 'DELETE', data: { confirm: '注销' } });
    expect(getToken()).toBeNull();
    expect(relaunchedTo()).toEqual(['/pages/login/index']);
  });

  it('withdrawing consent opens the policy page', async () => {
    respond(ok(policy), ok(memberCard({ consent: null })));
    const { result } = await loaded();
    await act(() => result.current.withdraw());
    expect(sent(1)).toMatchObject({ url: '/api/v1/me/consent/withdraw', method: 'POST' });
    expect(relaunchedTo()).toEqual(['/pages/privacy/index']);
  });

  it('logs out even while the server has no logout route yet (404), but not on other errors', async () => {
    respond(ok(policy), apiError(500, 'INTERNAL'));
    const { result } = await loaded();
    await act(() => result.current.logout());
    expect(result.current.logoutError).toBe('服务出错了，请稍后再试');
    expect(getToken()).toBe('member-token');

    respond(apiError(404, 'NOT_FOUND'));
    await act(() => result.current.logout());
    expect(sent(2)).toMatchObject({ url: '/api/v1/auth/logout', method: 'POST' });
    expect(getToken()).toBeNull();
    expect(relaunchedTo()).toEqual(['/pages/login/index']);
  });
});
