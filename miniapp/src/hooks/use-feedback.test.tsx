import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MyFeedbackItem } from '@huiyuan/shared';
import { ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import FeedbackPage from '../packages/member/feedback/index';
import MyFeedbackPage from '../packages/member/my-feedback/index';
import OrdersPage from '../packages/member/orders/index';
import { saveSession } from '../services/session';
import { charactersLeft, feedbackFormProblem } from './use-feedback';

const requestMock = Taro.request as unknown as jest.Mock;
const calls = () => requestMock.mock.calls.map(([o]) => o as { url: string; method: string; data?: Record<string, unknown> });
const q = (c: HTMLElement, sel: string) => c.querySelector(sel) as HTMLElement | null;
const type = (c: HTMLElement, value: string) => fireEvent.change(q(c, '#feedback-content')!, { target: { value } });

const item = (over: Partial<MyFeedbackItem> = {}): MyFeedbackItem => ({
  id: 'f1',
  category: 'service',
  content: '拿铁有点凉',
  rating: 3,
  orderNo: 'POS-1',
  storeName: '静安店',
  status: 'open',
  reply: null,
  repliedAt: null,
  createdAt: '2026-03-08T06:05:12.000Z',
  ...over,
});

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

describe('意见反馈', () => {
  it('sends category, stars, text and the order of the page; a retry after a failure reuses the requestId', async () => {
    (Taro.getCurrentInstance as unknown as jest.Mock).mockReturnValue({ router: { params: { orderNo: 'POS-20260308-1' } } });
    const { container: c } = render(<FeedbackPage />);
    expect(q(c, '#feedback-order')!.textContent).toBe('关于订单 POS-20260308-1');

    fireEvent.click(q(c, '#feedback-submit')!);
    await waitFor(() => expect(q(c, '#feedback-status')!.textContent).toBe('请选择反馈类型'));
    fireEvent.click(q(c, '#feedback-category-service')!);
    type(c, '   ');
    fireEvent.click(q(c, '#feedback-submit')!);
    await waitFor(() => expect(q(c, '#feedback-status')!.textContent).toBe('请填写内容'));
    expect(requestMock).not.toHaveBeenCalled();

    fireEvent.click(q(c, '#feedback-star-4')!);
    type(c, '店员很热情，拿铁有点凉');
    expect(q(c, '#feedback-count')!.textContent).toBe('还可输入 489 字');
    respond({ statusCode: 503, data: { code: 'DB_UNAVAILABLE', message: 'down' } });
    fireEvent.click(q(c, '#feedback-submit')!);
    await waitFor(() => expect(q(c, '#feedback-status')!.className).toBe('error-text'));
    // What was typed stays after the failure.
    expect((q(c, '#feedback-content') as HTMLTextAreaElement).value).toBe('店员很热情，拿铁有点凉');

    respond(ok({ id: 'f1', status: 'open', createdAt: '2026-03-08T06:05:12.000Z' }, 201));
    fireEvent.click(q(c, '#feedback-submit')!);
    await waitFor(() => expect(q(c, '#feedback-status')!.textContent).toBe('感谢您的反馈，门店回复后会通知您'));
    const [first, second] = calls();
    expect(first!.url).toBe('/api/v1/me/feedback');
    expect(first!.data).toMatchObject({
      category: 'service',
      content: '店员很热情，拿铁有点凉',
      rating: 4,
      orderNo: 'POS-20260308-1',
    });
    expect(second!.data!.requestId).toBe(first!.data!.requestId);
    expect((q(c, '#feedback-content') as HTMLTextAreaElement).value).toBe('');
  });

  it('a second tap on a star takes the rating away; no rating is sent then', async () => {
    const { container: c } = render(<FeedbackPage />);
    fireEvent.click(q(c, '#feedback-category-environment')!);
    fireEvent.click(q(c, '#feedback-star-2')!);
    expect(c.querySelectorAll('.feedback-star--on')).toHaveLength(2);
    fireEvent.click(q(c, '#feedback-star-2')!);
    expect(c.querySelectorAll('.feedback-star--on')).toHaveLength(0);
    type(c, '灯光太暗');
    respond(ok({ id: 'f2', status: 'open', createdAt: '2026-03-08T06:05:12.000Z' }, 201));
    fireEvent.click(q(c, '#feedback-submit')!);
    await waitFor(() => expect(calls()).toHaveLength(1));
    expect(calls()[0]!.data).not.toHaveProperty('rating');
    expect(calls()[0]!.data).not.toHaveProperty('orderNo');
  });

  it('shows the server’s refusal of an order in Chinese', async () => {
    (Taro.getCurrentInstance as unknown as jest.Mock).mockReturnValue({ router: { params: { orderNo: 'POS-X' } } });
    const { container: c } = render(<FeedbackPage />);
    fireEvent.click(q(c, '#feedback-category-product')!);
    type(c, '面包');
    respond({ statusCode: 422, data: { code: 'FEEDBACK_ORDER_NOT_FOUND', message: 'no order' } });
    fireEvent.click(q(c, '#feedback-submit')!);
    await waitFor(() => expect(q(c, '#feedback-status')!.textContent).toBe('没有找到您的这笔订单，请检查订单号'));
  });

  it('checks the text as the server does', () => {
    expect(feedbackFormProblem({ category: 'other', rating: 0, content: '好\u0007' })).toBe(
      '内容含有无法显示的字符，请删除后再提交',
    );
    expect(feedbackFormProblem({ category: 'other', rating: 0, content: '好'.repeat(501) })).toBe('请不要超过 500 个字');
    expect(feedbackFormProblem({ category: 'other', rating: 0, content: ' 好 ' })).toBeNull();
    expect(charactersLeft('  😀😀 ')).toBe(498);
  });
});

describe('我的反馈', () => {
  it('lists the feedback with its status and the store’s reply', async () => {
    respond(
      ok({
        items: [
          item({ status: 'replied', reply: '已提醒店员注意饮品温度', repliedAt: '2026-03-08T08:00:00.000Z' }),
          item({ id: 'f2', rating: null }),
        ],
        nextCursor: null,
      }),
    );
    const { container: c } = render(<MyFeedbackPage />);
    await waitFor(() => expect(c.querySelectorAll('#my-feedback-item')).toHaveLength(2));
    expect(calls()[0]!.url).toBe('/api/v1/me/feedback?limit=20');
    const [replied, open] = Array.from(c.querySelectorAll('#my-feedback-item'));
    expect(replied!.querySelector('#my-feedback-status')!.textContent).toBe('已回复');
    expect(replied!.querySelector('#my-feedback-reply')!.textContent).toBe('门店回复：已提醒店员注意饮品温度');
    expect(replied!.textContent).toContain('服务 · ★★★');
    expect(open!.querySelector('#my-feedback-status')!.textContent).toBe('待回复');
    expect(open!.querySelector('#my-feedback-reply')).toBeNull();
    expect(q(c, '#my-feedback-end')).not.toBeNull();
  });

  it('says so when there is none', async () => {
    respond(ok({ items: [], nextCursor: null }));
    const { container: c } = render(<MyFeedbackPage />);
    await waitFor(() => expect(q(c, '#my-feedback-empty')!.textContent).toBe('您还没有提交过反馈'));
  });
});

describe('评价/反馈 from an order', () => {
  it('opens the feedback page with the order number', async () => {
    respond(
      ok({
        items: [
          {
            orderNo: 'POS-7',
            storeName: '静安店',
            amount: 100,
            payable: 100,
            pointsEarned: 1,
            createdAt: '2026-03-08T06:05:12.000Z',
            refunded: 0,
            items: [],
          },
        ],
        nextCursor: null,
      }),
    );
    const { container: c } = render(<OrdersPage />);
    await waitFor(() => expect(q(c, '#order-item-feedback')).not.toBeNull());
    fireEvent.click(q(c, '#order-item-feedback')!);
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/member/feedback/index?orderNo=POS-7' });
  });
});
