import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ProgrammeView } from '@huiyuan/shared';
import { apiError, memberCard, ok } from '../../test/fixtures';
import { resetTaroMock } from '../../test/mocks/taro';
import ProgrammePage from '../packages/member/programme/index';
import { saveSession } from '../services/session';

const requestMock = Taro.request as unknown as jest.Mock;
const urls = () => requestMock.mock.calls.map(([o]) => (o as { url: string }).url);

const programme = (over: Partial<ProgrammeView> = {}): ProgrammeView => ({
  version: 3,
  currency: 'CNY',
  timezone: 'Asia/Shanghai',
  earning: { pointsPerYuan: 1, growthPerYuan: 1 },
  redemption: { pointsPerYuan: 100, unit: 100, minPoints: 0, maxShareBp: 5000 },
  expiry: { policy: 'end_of_next_year' },
  tiers: [
    {
      code: 'normal',
      name: '普通会员',
      growthThreshold: 0,
      keepGrowth: 0,
      pointsMultiplierBp: 10000,
      discountRateBp: 10000,
      benefits: [],
    },
    {
      code: 'silver',
      name: '银卡会员',
      growthThreshold: 1000,
      keepGrowth: 500,
      pointsMultiplierBp: 12000,
      discountRateBp: 9800,
      benefits: [{ code: 'points', title: '1.2 倍积分' }],
    },
    {
      code: 'gold',
      name: '金卡会员',
      growthThreshold: 5000,
      keepGrowth: 2500,
      pointsMultiplierBp: 15000,
      discountRateBp: 9500,
      benefits: [
        { code: 'points', title: '1.5 倍积分' },
        { code: 'birthday', title: '生日礼' },
      ],
    },
  ],
  ...over,
});

/** Answers by URL, since the page reads the programme and the card at once. */
function serve(routes: Record<string, { statusCode: number; data: unknown }>) {
  requestMock.mockImplementation(async (o: { url: string }) => {
    const path = o.url.replace(/\?.*$/, '');
    const r = routes[path];
    if (!r) throw new Error(`unexpected request ${o.url}`);
    return r;
  });
}

const tierByCode = (container: HTMLElement, code: string) =>
  container.querySelector(`#programme-tier[data-tier-code="${code}"]`)!;

beforeEach(() => {
  resetTaroMock();
  process.env.TARO_ENV = 'h5';
});

describe('会员权益与积分规则 (GET /programme)', () => {
  it('lists each tier with threshold and benefits (member price and multiplier once, from the numbers); highlights the member’s tier', async () => {
    saveSession('member-token', 3600, { kind: 'member' });
    serve({ '/api/v1/programme': ok(programme()), '/api/v1/me': ok(memberCard()) });
    const { container } = render(<ProgrammePage />);
    await waitFor(() => expect(container.querySelectorAll('#programme-tier')).toHaveLength(3));
    expect(urls()).toEqual(expect.arrayContaining(['/api/v1/programme', '/api/v1/me']));

    const normal = tierByCode(container, 'normal');
    expect(normal.querySelector('#programme-tier-threshold')?.textContent).toBe('注册即享');
    expect([...normal.querySelectorAll('#programme-tier-benefit')].map((b) => b.textContent)).toEqual(['· 消费积分']);

    const gold = tierByCode(container, 'gold');
    expect(gold.querySelector('#programme-tier-name')?.textContent).toBe('金卡会员');
    expect(gold.querySelector('#programme-tier-threshold')?.textContent).toBe('成长值满 5000');
    // Not "1.5 倍积分" twice (stored title + multiplier line), and the 95 折 member price the till charges.
    expect([...gold.querySelectorAll('#programme-tier-benefit')].map((b) => b.textContent)).toEqual([
      '· 1.5 倍积分',
      '· 95 折会员价',
      '· 生日礼',
    ]);

    // The fixture card is 银卡: that tier alone is highlighted.
    const current = container.querySelectorAll('.programme-tier--current');
    expect(current).toHaveLength(1);
    expect(current[0]!.getAttribute('data-tier-code')).toBe('silver');
    expect(tierByCode(container, 'silver').querySelector('#programme-tier-current')?.textContent).toBe('当前等级');
    expect(gold.querySelector('#programme-tier-current')).toBeNull();
  });

  it('states the earning, redemption and expiry rules', async () => {
    saveSession('member-token', 3600, { kind: 'member' });
    serve({
      '/api/v1/programme': ok(programme({ expiry: { policy: 'days', days: 365 } })),
      '/api/v1/me': ok(memberCard()),
    });
    const { container } = render(<ProgrammePage />);
    await waitFor(() => expect(container.querySelector('#programme-expiry')?.textContent).toBe('获得后 365 天过期'));
    expect([...container.querySelectorAll('#programme-earning')].map((e) => e.textContent)).toEqual([
      '实付每 ¥1 得 1 积分（再乘等级积分倍数）',
      '实付每 ¥1 得 1 成长值',
    ]);
    expect([...container.querySelectorAll('#programme-redemption')].map((e) => e.textContent)).toEqual([
      '100 积分抵 ¥1',
      '按 100 积分的整数倍使用',
      '最多抵用券后应付金额的 50%',
    ]);
  });

  it('shows the rules without a highlight when there is no member session, without asking for /me', async () => {
    serve({ '/api/v1/programme': ok(programme()) });
    const { container } = render(<ProgrammePage />);
    await waitFor(() => expect(container.querySelectorAll('#programme-tier')).toHaveLength(3));
    expect(container.querySelector('.programme-tier--current')).toBeNull();
    expect(urls()).toEqual(['/api/v1/programme']);
  });

  it('still shows the rules when the card cannot be read', async () => {
    saveSession('member-token', 3600, { kind: 'member' });
    serve({ '/api/v1/programme': ok(programme()), '/api/v1/me': apiError(500, 'INTERNAL') });
    const { container } = render(<ProgrammePage />);
    await waitFor(() => expect(container.querySelectorAll('#programme-tier')).toHaveLength(3));
    expect(container.querySelector('.programme-tier--current')).toBeNull();
    expect(container.querySelector('#programme-error')).toBeNull();
  });

  it('says when the programme cannot be loaded, and retries', async () => {
    serve({ '/api/v1/programme': apiError(500, 'INTERNAL', '服务暂不可用') });
    const { container } = render(<ProgrammePage />);
    await waitFor(() => expect(container.querySelector('#programme-error')).not.toBeNull());

    serve({ '/api/v1/programme': ok(programme()) });
    fireEvent.click(container.querySelector('#programme-retry')!);
    await waitFor(() => expect(container.querySelectorAll('#programme-tier')).toHaveLength(3));
  });
});
