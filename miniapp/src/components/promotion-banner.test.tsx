import { render } from '@testing-library/react';
import { PromotionBanner } from './promotion-banner';

describe('PromotionBanner', () => {
  it("shows each of today's member days", () => {
    const { container } = render(
      <PromotionBanner
        promotions={[
          { code: 'member_day', title: '今天是会员日，积分 2 倍' },
          { code: 'member_day', title: '今天是会员日，18:00–21:00 积分 3 倍' },
        ]}
      />,
    );
    const items = container.querySelectorAll('#card-promotions .promotion-banner__item');
    expect([...items].map((i) => i.querySelector('.promotion-banner__title')?.textContent)).toEqual([
      '今天是会员日，积分 2 倍',
      '今天是会员日，18:00–21:00 积分 3 倍',
    ]);
    expect(items[0]?.getAttribute('data-code')).toBe('member_day');
  });

  it('renders nothing on an ordinary day (or from a server without the field)', () => {
    expect(render(<PromotionBanner promotions={[]} />).container.querySelector('#card-promotions')).toBeNull();
    expect(render(<PromotionBanner promotions={undefined} />).container.querySelector('#card-promotions')).toBeNull();
  });
});
