// Referral parameters the mini-program was opened with (share path query or QR `scene`),
// remembered until the member logs in.
import Taro from '@tarojs/taro';

const KEY = 'huiyuan.launch';

export interface LaunchReferral {
  inviteCode?: string;
  scene?: string;
}

export function rememberLaunchQuery(query: Record<string, string | undefined> | undefined): void {
  if (!query) return;
  const referral: LaunchReferral = {};
  if (query.inviteCode) referral.inviteCode = query.inviteCode;
  // A mini-program code (wxacode.getUnlimited) delivers its payload URI-encoded in `scene`.
  if (query.scene) referral.scene = decodeURIComponent(query.scene);
  if (referral.inviteCode || referral.scene) Taro.setStorageSync(KEY, referral);
}

export function launchReferral(): LaunchReferral {
  const raw: unknown = Taro.getStorageSync(KEY);
  return raw && typeof raw === 'object' ? (raw as LaunchReferral) : {};
}

export function forgetLaunchReferral(): void {
  Taro.removeStorageSync(KEY);
}
