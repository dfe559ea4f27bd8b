import fc from 'fast-check';
import {
  AVATAR_HOSTS,
  AVATAR_URL_MAX_LENGTH,
  BIRTHDAY_CHANGE_INTERVAL_DAYS,
  birthdayRuleText,
  decideBirthdayChange,
  isAllowedAvatarUrl,
} from './profile.js';

const tz = 'Asia/Shanghai';
const now = new Date('2026-11-23T04:00:00Z');

describe('birthdayRuleText', () => {
  it('warns before the first setting and states the interval the server enforces', () => {
    expect(birthdayRuleText(false)).toContain(`${BIRTHDAY_CHANGE_INTERVAL_DAYS} 天内不能修改`);
    expect(birthdayRuleText(true)).toBe(`生日每 ${BIRTHDAY_CHANGE_INTERVAL_DAYS} 天可修改一次`);
  });
});

describe('birthday changes', () => {
  it('lets a member set a first birthday', () => {
    expect(decideBirthdayChange({ current: null, lastChangedAt: null, requested: '1990-05-01', now, timeZone: tz })).toEqual({
      ok: true,
      changed: true,
    });
  });

  it('refuses a second change within a year and says when it unlocks', () => {
    const d = decideBirthdayChange({
      current: '1990-05-01',
      lastChangedAt: new Date('2026-03-01T02:00:00Z'),
      requested: '1990-06-01',
      now,
      timeZone: tz,
    });
    expect(d).toEqual({ ok: false, code: 'BIRTHDAY_LOCKED', message: expect.any(String), unlocksOn: '2027-03-01' });
  });

  it('allows a change a year after the last one', () => {
    const d = decideBirthdayChange({
      current: '1990-05-01',
      lastChangedAt: new Date('2025-11-20T02:00:00Z'),
      requested: '1990-06-01',
      now,
      timeZone: tz,
    });
    expect(d).toEqual({ ok: true, changed: true });
  });

  it('treats re-sending the same birthday as no change, even when locked', () => {
    const d = decideBirthdayChange({ current: '1990-05-01', lastChangedAt: now, requested: '1990-05-01', now, timeZone: tz });
    expect(d).toEqual({ ok: true, changed: false });
  });

  it('refuses dates in the future of the programme timezone', () => {
    // 2026-11-23 04:00Z is 12:00 in Shanghai; tomorrow there is 2026-11-24.
    expect(decideBirthdayChange({ current: null, lastChangedAt: null, requested: '2026-11-24', now, timeZone: tz }).ok).toBe(
      false,
    );
  });

  it('refuses impossible calendar dates', () => {
    expect(decideBirthdayChange({ current: null, lastChangedAt: null, requested: '1990-02-30', now, timeZone: tz }).ok).toBe(
      false,
    );
  });

  it('never allows two different changes within 365 days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), (daysAgo) => {
        const last = new Date(now.getTime() - daysAgo * 86_400_000);
        const d = decideBirthdayChange({
          current: '1990-05-01',
          lastChangedAt: last,
          requested: '1991-05-01',
          now,
          timeZone: tz,
        });
        return !d.ok && d.code === 'BIRTHDAY_LOCKED';
      }),
    );
  });
});

describe('avatar URLs', () => {
  it('accepts https on a WeChat avatar host', () => {
    for (const url of [
      'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132',
      'https://wx.qlogo.cn/mmhead/xyz/0',
      'https://mmbiz.qpic.cn/mmbiz_png/abc/0?wx_fmt=png',
    ]) {
      expect(isAllowedAvatarUrl(url)).toBe(true);
    }
  });

  it('refuses http, other hosts, look-alike hosts, credentials, ports and non-URLs', () => {
    for (const url of [
      'http://thirdwx.qlogo.cn/mmopen/a/132',
      'https://evil.example.com/a.png',
      'https://thirdwx.qlogo.cn.evil.com/a.png',
      'https://evilqlogo.cn/a.png',
      'https://user:pw@wx.qlogo.cn/a',
      'https://wx.qlogo.cn:8443/a',
      'javascript:alert(1)',
      'not a url',
      `https://wx.qlogo.cn/${'a'.repeat(AVATAR_URL_MAX_LENGTH)}`,
    ]) {
      expect(isAllowedAvatarUrl(url)).toBe(false);
    }
  });

  it('refuses every host outside the allow-list', () => {
    fc.assert(
      fc.property(fc.domain(), (host) => {
        fc.pre(!AVATAR_HOSTS.includes(host));
        return !isAllowedAvatarUrl(`https://${host}/avatar.png`);
      }),
    );
  });
});
