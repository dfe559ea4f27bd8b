import { act, fireEvent, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { apiError, coupon, ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import WalletPage from '../pages/wallet/index';
import { saveSession } from '../services/session';

const requestMock = Taro.request as unknown as jest.Mock;
const urls = () => requestMock.mock.calls.map(([o]) => (o as { url: string }).url);

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

describe('我的券包', () => {
  it('opens on 可用 and loads each tab by its status', async () => {
    respond(
      ok({ items: [coupon({ id: 'a1' }), coupon({ id: 'a2', title: '9折券', kind: 'percent', percentOff: 10, threshold: 0 })] }),
    );
    const { container } = render(<WalletPage />);
    await waitFor(() => expect(container.querySelectorAll('#wallet-item')).toHaveLength(2));
    expect(urls()).toEqual(['/api/v1/me/coupons?status=available']);
    expect(container.querySelector('#wallet-tab-available')?.classList.contains('coupon-tab--active')).toBe(true);
    expect(container.querySelector('#wallet-item')?.textContent).toContain('满100减20');
    expect(container.querySelector('#wallet-item')?.textContent).toContain('有效期 2026-03-01 至 2026-03-31');

    respond(ok({ items: [coupon({ id: 'u1', status: 'used', usedAt: '2026-03-05T04:00:00.000Z' })] }));
    fireEvent.click(container.querySelector('#wallet-tab-used')!);
    await waitFor(() => expect(container.querySelectorAll('#wallet-item')).toHaveLength(1));
    expect(urls()[1]).toBe('/api/v1/me/coupons?status=used');
    expect(container.querySelector('#wallet-tab-used')?.classList.contains('coupon-tab--active')).toBe(true);
    expect(container.querySelector('#wallet-item')?.classList.contains('coupon--used')).toBe(true);
    expect(container.querySelector('#wallet-item')?.textContent).toContain('已使用');

    respond(ok({ items: [] }));
    fireEvent.click(container.querySelector('#wallet-tab-expired')!);
    await waitFor(() => expect(container.querySelector('#wallet-empty')?.textContent).toContain('暂无已过期的优惠券'));
    expect(urls()[2]).toBe('/api/v1/me/coupons?status=expired');
    expect(container.querySelectorAll('#wallet-item')).toHaveLength(0);
  });

  it('a slow answer for a tab left behind does not replace the tab shown', async () => {
    let answerAvailable: (v: unknown) => void = () => undefined;
    requestMock.mockImplementationOnce(() => new Promise((r) => (answerAvailable = r)));
    const { container } = render(<WalletPage />);
    respond(ok({ items: [coupon({ id: 'u1', status: 'used' })] }));
    fireEvent.click(container.querySelector('#wallet-tab-used')!);
    await waitFor(() => expect(container.querySelectorAll('#wallet-item')).toHaveLength(1));
    // Every list the page shows from here on.
    const shown = () => [...container.querySelectorAll('#wallet-item')].map((e) => e.getAttribute('data-coupon'));
    const lists: (string | null)[][] = [];
    const observer = new MutationObserver(() => lists.push(shown()));
    observer.observe(container, { subtree: true, childList: true, attributes: true });
    act(() => answerAvailable(ok({ items: [coupon({ id: 'a1' }), coupon({ id: 'a2' })] })));
    // The positive signal that the late answer was handled: a reload of 已使用 asked after it
    // (and failing, which the page shows) has been answered, so the earlier one has been too.
    respond(apiError(503, 'SERVICE_UNAVAILABLE'));
    fireEvent.click(container.querySelector('#wallet-tab-used')!);
    await waitFor(() => expect(container.querySelector('#wallet-error')).not.toBeNull());
    lists.push(shown());
    observer.disconnect();
    expect(urls()).toHaveLength(3);
    expect(lists.every((list) => list.length === 1 && list[0] === 'u1')).toBe(true);
  });

  it('tapping a coupon opens its detail page', async () => {
    respond(ok({ items: [coupon({ id: 'a1' })] }));
    const { container } = render(<WalletPage />);
    await waitFor(() => expect(container.querySelector('#wallet-item')).not.toBeNull());
    fireEvent.click(container.querySelector('#wallet-item')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/coupon/index?id=a1' });
  });
});
