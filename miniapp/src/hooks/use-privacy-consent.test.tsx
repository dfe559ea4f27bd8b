import { act, renderHook, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, memberCard, ok, policy } from '../../test/fixtures';
import { relaunchedTo, resetTaroMock, respond } from '../../test/mocks/taro';
import { getToken, saveSession } from '../services/session';
import { needsConsent } from './consent';
import { useMemberCard } from './use-member-card';
import { usePrivacyConsent } from './use-privacy-consent';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: unknown };

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
});

describe('needsConsent', () => {
  it('is true with no consent or an older version, false for the current one', () => {
    expect(needsConsent({ consent: null }, policy)).toBe(true);
    expect(needsConsent({ consent: { version: 'old', acceptedAt: '' } }, policy)).toBe(true);
    expect(needsConsent({ consent: { version: policy.version, acceptedAt: '' } }, policy)).toBe(false);
  });
});

describe('usePrivacyConsent', () => {
  it('loads the policy, accepts its version and opens the card', async () => {
    saveSession('member-token', 3600, { kind: 'member' });
    respond(ok(policy), ok(memberCard()));
    const { result } = renderHook(() => usePrivacyConsent());
    await waitFor(() => expect(result.current.policy).toEqual(policy));

    await act(() => result.current.accept());
    expect(sent(1)).toMatchObject({ url: '/api/v1/me/consent', method: 'POST', data: { version: policy.version } });
    expect(relaunchedTo()).toEqual(['/pages/card/index']);
  });

  it('shows the error and stays when accepting fails', async () => {
    saveSession('member-token', 3600, { kind: 'member' });
    respond(ok(policy), apiError(409, 'CONSENT_VERSION_OUTDATED'));
    const { result } = renderHook(() => usePrivacyConsent());
    await waitFor(() => expect(result.current.policy).not.toBeNull());
    await act(() => result.current.accept());
    expect(result.current.acceptError).toBe('隐私政策已更新，请重新阅读');
    expect(relaunchedTo()).toEqual([]);
  });

  it('sends a visitor without a member session to login instead of posting consent', async () => {
    respond(ok(policy));
    const { result } = renderHook(() => usePrivacyConsent());
    await waitFor(() => expect(result.current.policy).not.toBeNull());
    await act(() => result.current.accept());
    expect(requestMock).toHaveBeenCalledTimes(1);
    expect(relaunchedTo()).toEqual(['/pages/login/index']);
  });

  it('declining signs out and returns to login', async () => {
    saveSession('member-token', 3600, { kind: 'member' });
    respond(ok(policy));
    const { result } = renderHook(() => usePrivacyConsent());
    await waitFor(() => expect(result.current.policy).not.toBeNull());
    respond(ok(undefined, 204));
    await act(() => result.current.decline());
    expect(sent(1)).toMatchObject({ url: '/api/v1/me/consent/decline', method: 'POST' });
    expect(getToken()).toBeNull();
    expect(relaunchedTo()).toEqual(['/pages/login/index']);
  });

  it('declining still signs out when the server refuses (consent given before)', async () => {
    saveSession('member-token', 3600, { kind: 'member' });
    respond(ok(policy), apiError(409, 'CONSENT_ALREADY_GIVEN'));
    const { result } = renderHook(() => usePrivacyConsent());
    await waitFor(() => expect(result.current.policy).not.toBeNull());
    await act(() => result.current.decline());
    expect(getToken()).toBeNull();
    expect(relaunchedTo()).toEqual(['/pages/login/index']);
  });

  it('reports a policy that cannot be loaded', async () => {
    requestMock.mockRejectedValueOnce(new Error('offline'));
    const { result } = renderHook(() => usePrivacyConsent());
    await waitFor(() => expect(result.current.loadError).toBe('网络连接失败，请检查网络后重试'));
  });
});

describe('useMemberCard', () => {
  it('without a session goes to login and calls nothing', async () => {
    renderHook(() => useMemberCard());
    await waitFor(() => expect(relaunchedTo()).toEqual(['/pages/login/index']));
    expect(requestMock).not.toHaveBeenCalled();
  });

  it('a staff session goes to the staff home', async () => {
    saveSession('staff-token', 3600, { kind: 'staff', staff: { id: 's', username: 'u', role: 'manager', storeId: null } });
    renderHook(() => useMemberCard());
    await waitFor(() => expect(relaunchedTo()).toEqual(['/packages/staff/staff/index']));
  });

  it('loads the card when consent is current', async () => {
    saveSession('member-token', 3600, { kind: 'member' });
    const card = memberCard();
    respond(ok(card), ok(policy));
    const { result } = renderHook(() => useMemberCard());
    await waitFor(() => expect(result.current.card).toEqual(card));
    expect(relaunchedTo()).toEqual([]);
  });

  it('routes to the privacy page when the policy changed since the member accepted', async () => {
    saveSession('member-token', 3600, { kind: 'member' });
    respond(ok(memberCard()), ok({ ...policy, version: '2026-01' }));
    const { result } = renderHook(() => useMemberCard());
    await waitFor(() => expect(relaunchedTo()).toEqual(['/pages/privacy/index']));
    expect(result.current.card).toBeNull();
  });
});
