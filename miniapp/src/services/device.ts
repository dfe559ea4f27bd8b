// A stable per-install id sent with the WeChat login (`X-Device-Id`): the server keeps it with a
// new member's sign-up so many invitees from one device put referral rewards on hold.
import Taro from '@tarojs/taro';

const KEY = 'huiyuan.device';
const VALID = /^[A-Za-z0-9_.:-]{1,128}$/;

function randomPart(): string {
  return Math.floor(Math.random() * 0x100000000)
    .toString(36)
    .padStart(7, '0');
}

export function deviceId(): string {
  const kept: unknown = Taro.getStorageSync(KEY);
  if (typeof kept === 'string' && VALID.test(kept)) return kept;
  const id = `d-${Date.now().toString(36)}-${randomPart()}${randomPart()}`;
  Taro.setStorageSync(KEY, id);
  return id;
}
