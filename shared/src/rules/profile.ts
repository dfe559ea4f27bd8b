// Profile rules. The birthday drives a yearly gift, so it may be changed only once a year
// (the abuse of re-entering a birthday to collect the gift again is a known pattern).
import { addDays, daysBetween, isLocalDate, toLocalDate, type LocalDate } from '../time.js';

export const BIRTHDAY_CHANGE_INTERVAL_DAYS = 365;

/**
 * The rule in the member's words, from the same constant the server decides with: a warning
 * before the first setting (it locks the birthday for a year), the rule afterwards.
 */
export function birthdayRuleText(alreadySet: boolean): string {
  return alreadySet
    ? `生日每 ${BIRTHDAY_CHANGE_INTERVAL_DAYS} 天可修改一次`
    : `生日用于发放生日礼，保存后 ${BIRTHDAY_CHANGE_INTERVAL_DAYS} 天内不能修改，请确认无误`;
}

export type BirthdayDecision =
  | { ok: true; changed: boolean }
  | { ok: false; code: 'VALIDATION_FAILED' | 'BIRTHDAY_LOCKED'; message: string; unlocksOn?: LocalDate };

/**
 * May a member set `requested` as their birthday? The first setting is free; a later change
 * needs 365 days since the last change. Re-sending the current value is not a change.
 */
export function decideBirthdayChange(input: {
  current: LocalDate | null;
  lastChangedAt: Date | null;
  requested: string;
  now: Date;
  timeZone: string;
}): BirthdayDecision {
  const { current, lastChangedAt, requested, now, timeZone } = input;
  if (!isLocalDate(requested)) return { ok: false, code: 'VALIDATION_FAILED', message: 'birthday must be a date YYYY-MM-DD' };
  const today = toLocalDate(now, timeZone);
  if (requested > today) return { ok: false, code: 'VALIDATION_FAILED', message: 'birthday cannot be in the future' };
  if (requested < '1900-01-01') return { ok: false, code: 'VALIDATION_FAILED', message: 'birthday is too far in the past' };
  if (current === requested) return { ok: true, changed: false };
  if (current === null || lastChangedAt === null) return { ok: true, changed: true };
  const lastChange = toLocalDate(lastChangedAt, timeZone);
  const elapsed = daysBetween(lastChange, today);
  if (elapsed < BIRTHDAY_CHANGE_INTERVAL_DAYS) {
    return {
      ok: false,
      code: 'BIRTHDAY_LOCKED',
      message: 'the birthday can be changed once a year',
      unlocksOn: addDays(lastChange, BIRTHDAY_CHANGE_INTERVAL_DAYS),
    };
  }
  return { ok: true, changed: true };
}

/**
 * Hosts WeChat serves user avatars from: `thirdwx.qlogo.cn` and `wx.qlogo.cn` (the avatarUrl of
 * wx.getUserProfile / 头像昵称填写 after upload), `mmbiz.qpic.cn` (images hosted by WeChat).
 * Anything else would let a member make our pages load an arbitrary third-party URL.
 */
export const AVATAR_HOSTS: readonly string[] = ['thirdwx.qlogo.cn', 'wx.qlogo.cn', 'mmbiz.qpic.cn'];

export const AVATAR_URL_MAX_LENGTH = 512;

// scheme://host, then a path/query/fragment of printable ASCII: no userinfo, no port, no
// backslash tricks (this package runs without the WHATWG URL global).
const AVATAR_URL = /^https:\/\/([A-Za-z0-9.-]+)([/?#][\x21-\x7e]*)?$/;

/** An avatar URL is `https` on an allow-listed WeChat host, with no credentials or port. */
export function isAllowedAvatarUrl(url: string): boolean {
  if (url.length > AVATAR_URL_MAX_LENGTH) return false;
  const m = AVATAR_URL.exec(url);
  return m !== null && AVATAR_HOSTS.includes(m[1]!.toLowerCase());
}
