// Page paths and the few navigations more than one module performs.
import Taro from '@tarojs/taro';

export const ROUTES = {
  card: '/pages/card/index',
  login: '/pages/login/index',
  privacy: '/pages/privacy/index',
  profile: '/pages/profile/index',
  staff: '/pages/staff/index',
  points: '/pages/points/index',
  refund: '/pages/refund/index',
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
