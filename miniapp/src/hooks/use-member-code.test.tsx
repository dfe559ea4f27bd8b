import { act, render, renderHook } from '@testing-library/react';
import { memberCodeAt } from '@huiyuan/shared';
import Taro from '@tarojs/taro';
import { ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import { MemberCodePanel } from '../components/member-code-panel';
import { saveSession } from '../services/session';
import { groupDigits, MAX_REFRESH_MS, refreshDelay, useMemberCode } from './use-member-code';

const requestMock = Taro.request as unknown as jest.Mock;
const urls = () => requestMock.mock.calls.map(([opts]) => (opts as { url: string }).url);
const codeCalls = () => urls().filter((u) => u === '/api/v1/me/code').length;

const T0 = Date.parse('2026-03-08T06:00:10.000Z');
const SECRET = '3132333435363738393031323334353637383930';

function codeResponse(code: string, refreshAt: number) {
  return ok({ code, refreshAt: new Date(refreshAt).toISOString(), expiresAt: new Date(refreshAt + 30_000).toISOString() });
}
const seed = (serverTime = T0) =>
  ok({ codeId: 4242, secret: SECRET, stepSeconds: 30, serverTime: new Date(serverTime).toISOString() });

async function advance(ms: number) {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
  jest.useFakeTimers({ now: T0 });
});
afterEach(() => jest.useRealTimers());

describe('groupDigits', () => {
  it('groups the 18 digits in fours for reading out', () => {
    expect(groupDigits('661234567890123456')).toBe('6612 3456 7890 1234 56');
  });
});

describe('refreshDelay', () => {
  it('waits until refreshAt, at least 1 s, at most 30 s', () => {
    expect(refreshDelay(T0 + 12_000, T0)).toBe(12_000);
    expect(refreshDelay(T0 - 5_000, T0)).toBe(1_000);
    expect(refreshDelay(T0 + 120_000, T0)).toBe(MAX_REFRESH_MS);
  });
});

describe('MemberCodePanel', () => {
  it('shows the digits grouped, the countdown and both symbols', () => {
    const { container } = render(
      <MemberCodePanel
        code="661234567890123456"
        grouped="6612 3456 7890 1234 56"
        secondsLeft={17}
        offline={false}
        error={null}
        onEnlarge={() => undefined}
      />,
    );
    expect(container.querySelector('#card-member-code')?.textContent).toBe('6612 3456 7890 1234 56');
    expect(container.querySelector('#card-code-countdown')?.textContent).toBe('17 秒后自动刷新');
    expect(container.querySelectorAll('#card-qr .qr__row')).toHaveLength(25);
    expect(container.querySelector('.barcode .sym-dark')).not.toBeNull();
  });
});

describe('useMemberCode', () => {
  it('shows the server code, then fetches the next one exactly at refreshAt', async () => {
    respond(codeResponse('661234567890123456', T0 + 20_000), seed(), codeResponse('661234567891654321', T0 + 50_000));
    const { result } = renderHook(() => useMemberCode(true));
    await advance(0);
    expect(result.current.grouped).toBe('6612 3456 7890 1234 56');
    expect(result.current.secondsLeft).toBe(20);
    expect(result.current.offline).toBe(false);
    expect(urls()).toEqual(['/api/v1/me/code', '/api/v1/me/code-seed']);

    await advance(5_000);
    expect(result.current.secondsLeft).toBe(15);
    await advance(14_999);
    expect(codeCalls()).toBe(1);
    await advance(1);
    expect(codeCalls()).toBe(2);
    expect(result.current.code).toBe('661234567891654321');
  });

  it('asks again after 30 s even when refreshAt is later', async () => {
    respond(codeResponse('661234567890123456', T0 + 120_000), seed(), codeResponse('661234567890123456', T0 + 120_000));
    renderHook(() => useMemberCode(true));
    await advance(0);
    await advance(MAX_REFRESH_MS - 1);
    expect(codeCalls()).toBe(1);
    await advance(1);
    expect(codeCalls()).toBe(2);
  });

  it('does nothing while inactive (page hidden)', async () => {
    renderHook(() => useMemberCode(false));
    await advance(60_000);
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('offline, computes the code from the cached seed on the server clock', async () => {
    const skew = 7_000; // the server's clock is 7 s ahead of the phone's
    respond(codeResponse('661234567890123456', T0 + 20_000), seed(T0 + skew));
    const { result } = renderHook(() => useMemberCode(true));
    await advance(0);
    expect(result.current.offline).toBe(false);

    requestMock.mockRejectedValue(new Error('request:fail'));
    await act(() => result.current.refresh());
    const expected = memberCodeAt({ codeId: 4242, secret: SECRET }, new Date(Date.now() + skew));
    expect(result.current.code).toBe(expected.code);
    expect(result.current.offline).toBe(true);
  });

  it('shows an error when offline without a cached seed', async () => {
    requestMock.mockRejectedValue(new Error('request:fail'));
    const { result } = renderHook(() => useMemberCode(true));
    await advance(0);
    expect(result.current.code).toBeNull();
    expect(result.current.error).toBe('网络连接失败，请检查网络后重试');
  });
});
