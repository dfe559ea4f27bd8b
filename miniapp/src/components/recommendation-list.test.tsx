import { render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { RecommendedItem } from '@huiyuan/shared';
import { ok } from '../../test/fixtures';
import { resetTaroMock, respond } from '../../test/mocks/taro';
import { useRecommendations } from '../hooks/use-recommendations';
import { saveSession } from '../services/session';
import { RecommendationList } from './recommendation-list';

const requestMock = Taro.request as unknown as jest.Mock;

const rec = (over: Partial<RecommendedItem> = {}): RecommendedItem => ({
  sku: 'CROISSANT',
  name: '可颂',
  category: '烘焙',
  reason: '买过「拿铁」的会员也买了',
  basis: 'co_purchase',
  because: 'LATTE',
  score: 0.31,
  ...over,
});

function Section() {
  const { items } = useRecommendations();
  return <RecommendationList items={items} />;
}

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
  saveSession('member-token', 3600, { kind: 'member' });
});

describe('为您推荐 (RecommendationList)', () => {
  it('shows each item’s name, category and reason', () => {
    const { container } = render(
      <RecommendationList
        items={[
          rec(),
          rec({ sku: 'WATER', name: '矿泉水', category: null, reason: '会员热购商品', basis: 'global_popular', because: null }),
        ]}
      />,
    );
    expect(container.querySelector('#card-recommendations .panel-title')?.textContent).toBe('为您推荐');
    const rows = container.querySelectorAll('#recommendation-item');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.querySelector('#recommendation-name')?.textContent).toBe('可颂');
    expect(rows[0]!.querySelector('#recommendation-category')?.textContent).toBe('烘焙');
    expect(rows[0]!.querySelector('#recommendation-reason')?.textContent).toBe('买过「拿铁」的会员也买了');
    expect(rows[1]!.querySelector('#recommendation-category')).toBeNull();
    expect(rows[1]!.querySelector('#recommendation-reason')?.textContent).toBe('会员热购商品');
  });

  it('is hidden while loading and when there is nothing to recommend', () => {
    expect(render(<RecommendationList items={null} />).container.querySelector('#card-recommendations')).toBeNull();
    expect(render(<RecommendationList items={[]} />).container.querySelector('#card-recommendations')).toBeNull();
  });

  it('loads GET /me/recommendations when the page shows; an error leaves the section hidden', async () => {
    respond(ok({ items: [rec()] }));
    const { container } = render(<Section />);
    await waitFor(() => expect(container.querySelectorAll('#recommendation-item')).toHaveLength(1));
    expect((requestMock.mock.calls[0]![0] as { url: string }).url).toBe('/api/v1/me/recommendations');

    resetTaroMock();
    saveSession('member-token', 3600, { kind: 'member' });
    respond(ok({ code: 'INTERNAL', message: 'boom' }, 500));
    const failed = render(<Section />);
    await waitFor(() => expect(requestMock).toHaveBeenCalledTimes(1));
    expect(failed.container.querySelector('#card-recommendations')).toBeNull();
  });
});
