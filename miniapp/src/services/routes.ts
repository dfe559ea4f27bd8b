// Page paths and the few navigations more than one module performs.
import Taro from '@tarojs/taro';

export const ROUTES = {
  card: '/pages/card/index',
  login: '/pages/login/index',
  privacy: '/pages/privacy/index',
  profile: '/pages/profile/index',
  staff: '/packages/staff/staff/index',
  points: '/pages/points/index',
  refund: '/packages/staff/refund/index',
  center: '/pages/center/index',
  mall: '/pages/mall/index',
  wallet: '/pages/wallet/index',
  coupon: '/pages/coupon/index',
  redeem: '/packages/staff/redeem/index',
  checkin: '/pages/checkin/index',
  referral: '/packages/member/referral/index',
  privacyData: '/packages/member/privacy-data/index',
  orders: '/packages/member/orders/index',
  programme: '/packages/member/programme/index',
  lottery: '/packages/member/lottery/index',
  feedback: '/packages/member/feedback/index',
  myFeedback: '/packages/member/my-feedback/index',
  messages: '/packages/member/messages/index',
  storedValue: '/packages/member/stored-value/index',
  membership: '/packages/member/membership/index',
  // Subpackage `packages/staff` (members never download it).
  compass: '/packages/staff/compass/index',
} as const;

export type Route = (typeof ROUTES)[keyof typeof ROUTES];

function currentRoute(): string | undefined {
  const pages = Taro.getCurrentPages();
  const top = pages[pages.length - 1];
  return top?.route ? `/${top.route.replace(/^\//, '')}` : undefined;
}

/** Replace the whole page stack (used after login, logout and forced redirects). */
export function relaunch(route: Route): void {
  if (currentRoute() === route) return;
  void Taro.reLaunch({ url: route });
}

export function open(route: Route, query?: Record<string, string>): void {
  const qs = query
    ? Object.entries(query)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&')
    : '';
  void Taro.navigateTo({ url: qs ? `${route}?${qs}` : route });
}

/** A query parameter of the current page (`?id=…`), decoded; '' when absent. */
export function routeParam(name: string): string {
  const value = Taro.getCurrentInstance()?.router?.params?.[name];
  if (typeof value !== 'string') return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // already decoded and containing a bare '%'
  }
}
