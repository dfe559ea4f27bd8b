import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MyOrder } from '@huiyuan/shared';
import { ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import OrdersPage from '../packages/member/orders/index';
import { saveSession } from '../services/session';
import { refundLabel } from './use-my-orders';

const requestMock = Taro.request as unknown as jest.Mock;
const urls = () => requestMock.mock.calls.map(([o]) => (o as { url: string }).url);

const order = (over: Partial<MyOrder> = {}): MyOrder => ({
  orderNo: 'POS-20260308-140512-k3f',
  storeName: '静安店',
  amount: 10000,
  payable: 9800,
  pointsEarned: 117,
  createdAt: '2026-03-08T06:05:12.000Z',
  refunded: 0,
  items: [],
  ...over,
});

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

describe('消费记录 (GET /me/orders)', () => {
  it('lists the orders with store, payable, list price, items and refunds; loads the next page by cursor', async () => {
    respond(
      ok({
        items: [
          order({ items: [{ sku: 'LATTE', name: '拿铁', quantity: 2, unitPrice: 3000 }] }),
          order({ orderNo: 'POS-2', amount: 5000, payable: 5000, refunded: 1000 }),
        ],
        nextCursor: 'next-1',
      }),
    );
    const { container } = render(<OrdersPage />);
    await waitFor(() => expect(container.querySelectorAll('#order-item')).toHaveLength(2));
    expect(urls()[0]).toBe('/api/v1/me/orders?limit=20');
    const first = container.querySelectorAll('#order-item')[0]!;
    expect(first.textContent).toContain('静安店');
    expect(first.querySelector('#order-item-payable')?.textContent).toBe('¥98.00');
    expect(first.textContent).toContain('原价 ¥100.00');
    expect(first.querySelector('#order-item-line')?.textContent).toBe('拿铁 × 2');
    expect(container.querySelectorAll('#order-item')[1]!.querySelector('#order-item-refunded')?.textContent).toBe(
      '已退款 ¥10.00',
    );

    respond(ok({ items: [order({ orderNo: 'POS-3' })], nextCursor: null }));
    fireEvent.click(container.querySelector('#orders-more')!);
    await waitFor(() => expect(container.querySelectorAll('#order-item')).toHaveLength(3));
    expect(urls()[1]).toBe('/api/v1/me/orders?limit=20&cursor=next-1');
    expect(container.querySelector('#orders-end')).not.toBeNull();
  });

  it('says so when there are no orders', async () => {
    respond(ok({ items: [], nextCursor: null }));
    const { container } = render(<OrdersPage />);
    await waitFor(() => expect(container.querySelector('#orders-empty')?.textContent).toBe('暂无消费记录'));
  });

  it('labels refunds', () => {
    expect(refundLabel({ refunded: 0, payable: 9800 })).toBeNull();
    expect(refundLabel({ refunded: 9800, payable: 9800 })).toBe('已全额退款');
  });
});
