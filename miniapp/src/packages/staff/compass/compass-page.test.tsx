import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { KpiResponse, StaffView } from '@huiyuan/shared';
import { apiError, ok } from '../../../../test/fixtures';
import { resetTaroMock } from '../../../../test/mocks/taro';
import { saveSession } from '../../../services/session';
import StaffPage from '../../../packages/staff/staff/index';
import CompassPage from './index';

// The chart needs a canvas (jsdom has none); the browser test checks the real one draws.
jest.mock('../components/trend-chart', () => ({
  TrendChart: ({ id, series }: { id: string; series: { label: string; values: unknown[] } }) => (
    <div id={id} data-label={series.label} data-values={JSON.stringify(series.values)} />
  ),
}));

const requestMock = Taro.request as unknown as jest.Mock;
const urls = () => requestMock.mock.calls.map(([o]) => (o as { url: string }).url);

const manager: StaffView = { id: 'st-1', username: 'manager1', role: 'manager', storeId: 'store-1' };

const kpis = (from: string, to: string): KpiResponse => ({
  definitionVersion: 'metrics-v1',
  from,
  to,
  storeId: 'store-1',
  timezone: 'Asia/Shanghai',
  members: { total: 4, new: 4, growthRate: null },
  orders: 3,
  buyers: 2,
  gmv: 45000,
  refunds: 0,
  netGmv: 45000,
  repurchaseRate: 0.5,
  averageOrderValue: 15000,
  spendPerBuyer: 22500,
  churnRate: null,
  activityRate: 0.5,
  activeMembers: 2,
  checkIns: 0,
  lifecycle: { new: 4, active: 0, silent: 0, churned: 0 },
});

function serve(segments: ReturnType<typeof ok> = apiError(404, 'NOT_FOUND')) {
  requestMock.mockImplementation(async ({ url }: { url: string }) => {
    const q = new URL(url, 'http://x').searchParams;
    if (url.startsWith('/api/v1/programme')) return ok({ timezone: 'Asia/Shanghai' });
    if (url.startsWith('/api/v1/admin/stores'))
      return ok({ items: [{ id: 'store-1', name: '静安寺店', address: null, currency: null }] });
    if (url.startsWith('/api/v1/admin/segments')) return segments;
    if (url.startsWith('/api/v1/admin/analytics/kpis/series')) {
      return ok({
        definitionVersion: 'metrics-v1',
        granularity: 'day',
        storeId: 'store-1',
        items: [
          {
            period: '2026-03-06',
            newMembers: 0,
            orders: 0,
            buyers: 0,
            gmv: 0,
            refunds: 0,
            averageOrderValue: null,
            repurchaseRate: null,
            activityRate: null,
          },
          {
            period: '2026-03-07',
            newMembers: 4,
            orders: 3,
            buyers: 2,
            gmv: 45000,
            refunds: 0,
            averageOrderValue: 15000,
            repurchaseRate: 0.5,
            activityRate: 0.5,
          },
        ],
      });
    }
    if (url.startsWith('/api/v1/admin/analytics/kpis')) return ok(kpis(q.get('from')!, q.get('to')!));
    return apiError(404, 'NOT_FOUND');
  });
}

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  // Only the clock is fixed (04:00 UTC = 12:00 in Shanghai); timers stay real.
  jest.useFakeTimers({
    now: new Date('2026-03-07T04:00:00Z'),
    doNotFake: [
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'setImmediate',
      'clearImmediate',
      'queueMicrotask',
      'nextTick',
    ],
  });
});
afterEach(() => jest.useRealTimers());

describe('门店罗盘', () => {
  it("a manager sees the store's KPIs for today, formatted, with the reason a figure is missing", async () => {
    saveSession('t', 3600, { kind: 'staff', staff: manager });
    serve();
    const { container } = render(<CompassPage />);
    await waitFor(() => expect(container.querySelector('#compass-kpi-gmv-value')?.textContent).toBe('¥450.00'));
    expect(urls()).toContain('/api/v1/admin/analytics/kpis?from=2026-03-07&to=2026-03-07');
    expect(urls()).toContain('/api/v1/admin/analytics/kpis/series?from=2026-03-01&to=2026-03-07&granularity=day');
    expect(urls().some((u) => u.includes('storeId'))).toBe(false); // the server scopes a manager
    expect(container.querySelector('#compass-store')?.textContent).toBe('静安寺店');
    expect(container.querySelector('#compass-kpi-averageOrderValue-value')?.textContent).toBe('¥150.00');
    expect(container.querySelector('#compass-kpi-repurchaseRate-value')?.textContent).toBe('50.0%');
    expect(container.querySelector('#compass-kpi-growthRate-value')?.textContent).toBe('—');
    expect(container.querySelector('#compass-kpi-growthRate-hint')?.textContent).toBe('上期无会员');
    expect(container.querySelector('#compass-funnel-new-count')?.textContent).toBe('4');
    expect(container.querySelector('#compass-chart')?.getAttribute('data-values')).toBe('[0,450]');

    // The definition opens on a tap.
    expect(container.querySelector('#compass-kpi-churnRate-definition')).toBeNull();
    fireEvent.click(container.querySelector('#compass-kpi-churnRate')!);
    expect(container.querySelector('#compass-kpi-churnRate-definition')?.textContent).toContain('180');

    // Another trend, another period.
    fireEvent.click(container.querySelector('#compass-trend-repurchaseRate')!);
    expect(container.querySelector('#compass-chart')?.getAttribute('data-values')).toBe('[null,50]');
    fireEvent.click(container.querySelector('#compass-period-30d')!);
    await waitFor(() => expect(urls()).toContain('/api/v1/admin/analytics/kpis?from=2026-02-06&to=2026-03-07'));
    await waitFor(() => expect(container.querySelector('#compass-range')?.textContent).toContain('2026-02-06 至 2026-03-07'));
  });

  it('top segments show only when GET /admin/segments answers', async () => {
    saveSession('t', 3600, { kind: 'staff', staff: manager });
    serve();
    const first = render(<CompassPage />);
    await waitFor(() => expect(first.container.querySelector('#compass-kpi-gmv-value')).not.toBeNull());
    expect(first.container.querySelector('#compass-segments')).toBeNull();
    first.unmount();

    serve(
      ok({
        items: [
          { id: 'a', name: '沉默高价值', memberCount: 12 },
          { id: 'b', name: '新客', memberCount: 30 },
        ],
      }),
    );
    const { container } = render(<CompassPage />);
    await waitFor(() => expect(container.querySelector('#compass-segments')).not.toBeNull());
    expect([...container.querySelectorAll('#compass-segment')].map((n) => n.textContent)).toEqual([
      '新客30 人',
      '沉默高价值12 人',
    ]);
  });

  it('an admin picks a store; the query names it', async () => {
    saveSession('t', 3600, { kind: 'staff', staff: { id: 'a-1', username: 'admin', role: 'admin', storeId: null } });
    serve();
    const { container } = render(<CompassPage />);
    await waitFor(() => expect(container.querySelector('#compass-store-store-1')).not.toBeNull());
    expect(container.querySelector('#compass-store')?.textContent).toBe('全部门店');
    fireEvent.click(container.querySelector('#compass-store-store-1')!);
    await waitFor(() => expect(urls()).toContain('/api/v1/admin/analytics/kpis?from=2026-03-07&to=2026-03-07&storeId=store-1'));
  });

  it('a cashier is refused without calling the analytics API', async () => {
    saveSession('t', 3600, { kind: 'staff', staff: { ...manager, role: 'cashier' } });
    serve();
    const { container } = render(<CompassPage />);
    await waitFor(() => expect(container.querySelector('#compass-denied')).not.toBeNull());
    expect(urls().filter((u) => u.includes('/admin/'))).toEqual([]);
  });

  it('the staff page links managers and admins to the compass, not cashiers', async () => {
    saveSession('t', 3600, { kind: 'staff', staff: manager });
    const asManager = render(<StaffPage />);
    fireEvent.click(asManager.container.querySelector('#staff-compass-link')!);
    expect((Taro.navigateTo as unknown as jest.Mock).mock.calls[0]![0]).toEqual({ url: '/packages/staff/compass/index' });
    asManager.unmount();

    saveSession('t', 3600, { kind: 'staff', staff: { id: 'a-1', username: 'admin', role: 'admin', storeId: null } });
    const asAdmin = render(<StaffPage />);
    expect(asAdmin.container.querySelector('#staff-compass-link')).not.toBeNull();
    asAdmin.unmount();

    saveSession('t', 3600, { kind: 'staff', staff: { ...manager, role: 'cashier' } });
    const asCashier = render(<StaffPage />);
    expect(asCashier.container.querySelector('#cashier-page')).not.toBeNull();
    expect(asCashier.container.querySelector('#staff-compass-link')).toBeNull();
  });

  it('a failed load says why and 重新加载 asks again', async () => {
    saveSession('t', 3600, { kind: 'staff', staff: manager });
    serve();
    const working = requestMock.getMockImplementation()!;
    requestMock.mockImplementation(async (o: { url: string }) =>
      o.url.startsWith('/api/v1/admin/analytics/kpis?') ? apiError(503, 'DB_UNAVAILABLE') : working(o),
    );
    const { container } = render(<CompassPage />);
    await waitFor(() => expect(container.querySelector('#compass-error')?.textContent).toBe('服务暂时不可用，请稍后再试'));
    expect(container.querySelector('#compass-kpis')).toBeNull();
    requestMock.mockImplementation(working);
    fireEvent.click(container.querySelector('#compass-retry')!);
    await waitFor(() => expect(container.querySelector('#compass-kpi-gmv-value')?.textContent).toBe('¥450.00'));
    expect(container.querySelector('#compass-error')).toBeNull();
  });
});
