import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { referralSummary } from '../../test/engagement-fixtures';
import { ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import ReferralPage from '../packages/member/referral/index';
import { saveSession } from '../services/session';

const q = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement | null;

beforeEach(() => {
  resetTaroMock();
  saveSession('member-token', 3600, { kind: 'member' });
});

describe('邀请有礼', () => {
  it('shows the invite code, rewards and each friend with a Chinese status label', async () => {
    process.env.TARO_ENV = 'weapp';
    respond(ok(referralSummary()));
    const { container: c } = render(<ReferralPage />);
    await waitFor(() => expect(q(c, '#referral-code')).not.toBeNull());
    expect(q(c, '#referral-code')!.textContent).toBe('AB12CD');
    const friends = Array.from(c.querySelectorAll('#referral-friend'));
    expect(friends.map((f) => [f.getAttribute('data-status'), f.querySelector('#referral-friend-status')!.textContent])).toEqual([
      ['registered', '已注册，待首单'],
      ['pending', '奖励待发放'],
      ['released', '奖励已发放'],
      ['on_hold', '奖励审核中'],
      ['cancelled', '奖励已取消'],
    ]);
    expect(friends[1]!.textContent).toContain('微信用户');
    expect(friends[1]!.className).toContain('referral-friend--pending');
    expect(q(c, '#referral-rewards-earned')!.textContent).toBe('100 积分');
    expect(q(c, '#referral-rewards-pending')!.textContent).toBe('100 积分');
  });

  it('on weapp downloads the QR code with the bearer token and shows the file', async () => {
    process.env.TARO_ENV = 'weapp';
    respond(ok(referralSummary()));
    const { container: c } = render(<ReferralPage />);
    await waitFor(() => expect(q(c, '#referral-qrcode')).not.toBeNull());
    expect(Taro.downloadFile).toHaveBeenCalledWith({
      url: '/api/v1/me/referral/qrcode',
      header: { Authorization: 'Bearer member-token' },
    });
    expect(q(c, '#referral-qrcode')!.getAttribute('src')).toBe('wxfile://tmp/qrcode.png');
  });

  it('on H5 copies the invite link built from the share path', async () => {
    process.env.TARO_ENV = 'h5';
    const fetchMock = jest.fn(async () => ({
      ok: false,
      status: 502,
      json: async () => ({ code: 'WECHAT_UNAVAILABLE', message: 'x' }),
    }));
    (globalThis as { fetch?: unknown }).fetch = fetchMock;
    respond(ok(referralSummary({ invited: [] })));
    const { container: c } = render(<ReferralPage />);
    await waitFor(() =>
      expect(q(c, '#referral-share-link')?.textContent).toBe('http://localhost/#/pages/login/index?inviteCode=AB12CD'),
    );
    expect(q(c, '#referral-friends-empty')).not.toBeNull();
    await waitFor(() => expect(q(c, '#referral-qrcode-status')!.textContent).toBe('微信服务暂时不可用，请稍后再试（点击重试）'));
    fireEvent.click(q(c, '#referral-share')!);
    await waitFor(() => expect(q(c, '#referral-share-notice')?.textContent).toBe('邀请链接已复制，发给好友即可'));
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'http://localhost/#/pages/login/index?inviteCode=AB12CD' });
  });
});
