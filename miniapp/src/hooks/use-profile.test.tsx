import { act, renderHook, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, memberCard, ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import { saveSession } from '../services/session';
import { profileFormOf, profilePatch, useProfile } from './use-profile';

const requestMock = Taro.request as unknown as jest.Mock;
const sent = (i: number) => requestMock.mock.calls[i][0] as { url: string; method: string; data?: unknown };

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

describe('profilePatch', () => {
  it('contains only what changed', () => {
    const card = memberCard({ nickname: '小满', birthday: null, gender: 'unknown' });
    expect(profilePatch(card, profileFormOf(card))).toEqual({});
    expect(profilePatch(card, { nickname: ' 阿满 ', birthday: '1990-05-01', gender: 'female' })).toEqual({
      nickname: '阿满',
      birthday: '1990-05-01',
      gender: 'female',
    });
  });
});

describe('useProfile', () => {
  it('saves a changed profile with PATCH /me and shows the updated card', async () => {
    respond(ok(memberCard()), ok(memberCard({ nickname: '阿满' })));
    const { result } = renderHook(() => useProfile());
    await waitFor(() => expect(result.current.card).not.toBeNull());
    await act(() => result.current.save({ nickname: '阿满' }));
    expect(sent(1)).toMatchObject({ url: '/api/v1/me', method: 'PATCH', data: { nickname: '阿满' } });
    expect(result.current.card?.nickname).toBe('阿满');
    expect(result.current.saveNotice).toBe('资料已保存');
  });

  it('rejects an impossible birthday before calling the API', async () => {
    respond(ok(memberCard()));
    const { result } = renderHook(() => useProfile());
    await waitFor(() => expect(result.current.card).not.toBeNull());
    await act(() => result.current.save({ birthday: '1990-02-30' }));
    expect(result.current.saveError).toBe('请选择正确的生日');
    expect(requestMock).toHaveBeenCalledTimes(1);
  });

  it('on H5 binds a sandbox phone as dev:<phone> and shows the masked number', async () => {
    respond(ok(memberCard()), ok(memberCard({ phoneMasked: '138****8000' })));
    const { result } = renderHook(() => useProfile());
    await waitFor(() => expect(result.current.card).not.toBeNull());
    await act(() => result.current.bindPhone('13800138000'));
    expect(sent(1)).toMatchObject({ url: '/api/v1/me/phone', method: 'POST', data: { code: 'dev:13800138000' } });
    expect(result.current.card?.phoneMasked).toBe('138****8000');
  });

  it('on H5 refuses a number that is not 11 digits', async () => {
    respond(ok(memberCard()));
    const { result } = renderHook(() => useProfile());
    await waitFor(() => expect(result.current.card).not.toBeNull());
    await act(() => result.current.bindPhone('12345'));
    expect(result.current.bindError).toBe('请输入 11 位手机号');
  });

  it('on weapp passes the getPhoneNumber code through and reports a taken phone', async () => {
    process.env.TARO_ENV = 'weapp';
    respond(ok(memberCard()), apiError(409, 'PHONE_TAKEN'));
    const { result } = renderHook(() => useProfile());
    await waitFor(() => expect(result.current.card).not.toBeNull());
    await act(() => result.current.bindPhone('wx-phone-code'));
    expect(sent(1).data).toEqual({ code: 'wx-phone-code' });
    expect(result.current.bindError).toBe('该手机号已绑定其他会员');
  });
});
