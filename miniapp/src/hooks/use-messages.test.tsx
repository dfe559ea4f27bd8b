import { render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MemberNotification } from '@huiyuan/shared';
import { ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import MessagesPage from '../packages/member/messages/index';
import { saveSession } from '../services/session';
import { messageKindLabel } from './use-messages';

const requestMock = Taro.request as unknown as jest.Mock;
const calls = () => requestMock.mock.calls.map(([o]) => o as { url: string; method: string });

const note = (over: Partial<MemberNotification>): MemberNotification => ({
  id: 'n1',
  kind: 'campaign',
  title: '100 积分已到账',
  body: '「会员日回馈」赠送您 100 积分。',
  createdAt: '2026-12-02T02:00:00.000Z',
  readAt: null,
  ...over,
});

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

describe('消息中心', () => {
  it('lists campaign and automation messages, newest first as the server sends them, and marks the unread ones read', async () => {
    respond(
      ok({
        items: [
          note({ id: 'n1' }),
          note({ id: 'n2', kind: 'automation', title: '优惠券已到账', body: '「首单礼」送您一张优惠券，已放入您的券包。' }),
          note({ id: 'n3', kind: 'points_expiring', title: '积分即将过期', readAt: '2026-12-01T00:00:00.000Z' }),
        ],
      }),
      ok(undefined, 204),
      ok(undefined, 204),
    );
    const { container } = render(<MessagesPage />);
    await waitFor(() => expect(container.querySelectorAll('#message-item')).toHaveLength(3));
    const items = [...container.querySelectorAll('#message-item')];
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual(['campaign', 'automation', 'points_expiring']);
    expect(items.map((i) => i.getAttribute('data-unread'))).toEqual(['1', '1', '0']);
    expect(items[0]!.textContent).toContain('赠送您 100 积分');
    expect(items[1]!.textContent).toContain('会员礼遇');
    await waitFor(() =>
      expect(
        calls()
          .filter((c) => c.method === 'POST')
          .map((c) => c.url),
      ).toEqual([
        expect.stringContaining('/api/v1/me/notifications/n1/read'),
        expect.stringContaining('/api/v1/me/notifications/n2/read'),
      ]),
    );
  });

  it('says so when there is nothing, and names unknown kinds 通知', async () => {
    respond(ok({ items: [] }));
    const { container } = render(<MessagesPage />);
    await waitFor(() => expect(container.querySelector('#messages-empty')).not.toBeNull());
    expect(messageKindLabel('something_new')).toBe('通知');
    expect(messageKindLabel('campaign')).toBe('活动');
  });
});
