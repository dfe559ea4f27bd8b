import { render, screen } from '@testing-library/react';
import type { TierCode } from '@huiyuan/shared';
import { memberCard } from '../../test/fixtures';
import { progressPercent, progressText, TierCard } from './tier-card';

describe('TierCard', () => {
  it.each<[TierCode, string]>([
    ['normal', '普通会员'],
    ['silver', '银卡会员'],
    ['gold', '金卡会员'],
    ['platinum', '白金会员'],
  ])('styles a %s card with its tier face and shows the tier name', (code, name) => {
    const { container } = render(<TierCard {...memberCard({ tier: { code, name } })} />);
    const card = container.querySelector('#tier-card');
    expect(card?.classList.contains('tier-card')).toBe(true);
    expect(card?.classList.contains(`tier-card--${code}`)).toBe(true);
    expect(screen.getByText(name).id).toBe('card-tier');
  });

  it('shows member number, points and growth under stable ids', () => {
    const { container } = render(<TierCard {...memberCard({ points: 356, growth: 1200 })} />);
    expect(container.querySelector('#card-member-no')?.textContent).toBe('100000000042');
    expect(container.querySelector('#card-points')?.textContent).toBe('356');
    expect(container.querySelector('#card-growth')?.textContent).toBe('1200');
  });

  it('tells how much growth the next tier needs and fills the bar by the share reached', () => {
    const { container } = render(
      <TierCard {...memberCard({ growth: 1200, nextTier: { code: 'gold', name: '金卡会员', growthNeeded: 800 } })} />,
    );
    expect(container.querySelector('#card-progress-text')?.textContent).toBe('再获得 800 成长值可升级为金卡会员');
    const fill = container.querySelector('#card-progress-bar > div') as HTMLElement;
    expect(fill.style.width).toBe('60%');
  });

  it('at the top tier says so and shows a full bar', () => {
    const { container } = render(<TierCard {...memberCard({ tier: { code: 'platinum', name: '白金会员' }, nextTier: null })} />);
    expect(container.querySelector('#card-progress-text')?.textContent).toBe('您已是最高等级会员');
    expect((container.querySelector('#card-progress-bar > div') as HTMLElement).style.width).toBe('100%');
  });

  it('falls back to a greeting when the member has no nickname', () => {
    const { container } = render(<TierCard {...memberCard({ nickname: null })} />);
    expect(container.querySelector('#card-nickname')?.textContent).toBe('尊敬的会员');
  });
});

describe('progress helpers', () => {
  it('progressText names the next tier and the growth still needed', () => {
    expect(progressText({ code: 'silver', name: '银卡会员', growthNeeded: 38 })).toBe('再获得 38 成长值可升级为银卡会员');
  });

  it('progressPercent is 0 with no growth, capped at 100, and rounds', () => {
    expect(progressPercent(0, { code: 'silver', name: '银卡会员', growthNeeded: 500 })).toBe(0);
    expect(progressPercent(1, { code: 'silver', name: '银卡会员', growthNeeded: 2 })).toBe(33);
    expect(progressPercent(500, { code: 'gold', name: '金卡会员', growthNeeded: 0 })).toBe(100);
  });
});
