import fc from 'fast-check';
import type { CampaignStatus } from '../api/campaigns.js';
import { AUTOMATION_TRIGGER_CODES, automationProblems, automationTriggerProblems, describeAutomation } from './automations.js';
import {
  CAMPAIGN_ACTION_TYPES,
  campaignActionProblems,
  campaignLift,
  campaignRequestProblems,
  decideCampaignMove,
  fitsCampaignBudget,
  frequencyCapCutoff,
  groupReport,
  holdoutSize,
  type CampaignCommand,
} from './campaigns.js';

const TEMPLATE = '6f1c2a34-0000-4000-8000-000000000000';
const now = new Date('2026-12-02T02:00:00Z');
const base = { name: 'x', segmentId: TEMPLATE, action: { type: 'points' as const, points: 10 } };

describe('campaign actions', () => {
  it('accepts each valid action and names the field of each problem', () => {
    expect(campaignActionProblems({ type: 'coupon', templateId: TEMPLATE })).toEqual([]);
    expect(campaignActionProblems({ type: 'points', points: 100 })).toEqual([]);
    expect(
      campaignActionProblems({ type: 'message', templateId: 'tmpl_1', page: 'pages/coupon/index', data: { thing1: '会员日' } }),
    ).toEqual([]);
    expect(campaignActionProblems({ type: 'points', points: 0 })).toEqual(['action.points: must be an integer 1-100000']);
    expect(campaignActionProblems({ type: 'coupon', templateId: 'x', extra: 1 })).toEqual([
      'action.extra: unknown field',
      'action.templateId: must be a coupon template id',
    ]);
    expect(campaignActionProblems({ type: 'sms' })[0]).toMatch(/^action.type: must be one of coupon, points, message/);
    expect(campaignActionProblems(null)).toEqual(['action: must be an object']);
    expect(campaignActionProblems({ type: 'message', templateId: 'tmpl', data: { thing1: 'x'.repeat(21) } })).toEqual([
      'action.data.thing1: must be a non-empty string of at most 20 characters',
    ]);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (a) => {
        expect(Array.isArray(campaignActionProblems(a))).toBe(true);
        expect(Array.isArray(automationTriggerProblems(a))).toBe(true);
      }),
    );
    expect(CAMPAIGN_ACTION_TYPES).toEqual(['coupon', 'points', 'message']);
  });
});

describe('campaign requests', () => {
  it('checks holdout, budget, cap and schedule', () => {
    expect(campaignRequestProblems(base, now)).toEqual([]);
    expect(
      campaignRequestProblems(
        { ...base, holdoutBp: 5001, budget: { maxMembers: 0 }, frequencyCapDays: 0, scheduleAt: '2026-12-01T00:00:00Z' },
        now,
      ),
    ).toEqual([
      'holdoutBp: must be an integer 0-5000 (basis points of the segment)',
      'budget.maxMembers: must be a positive integer',
      'frequencyCapDays: must be an integer 1-365',
      'scheduleAt: must be in the future',
    ]);
    expect(
      campaignRequestProblems({ ...base, action: { type: 'coupon', templateId: TEMPLATE }, budget: { maxPoints: 5 } }, now),
    ).toEqual(['budget.maxPoints: only for a points action']);
  });
});

describe('campaign moves', () => {
  const statuses: CampaignStatus[] = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'];
  const commands: CampaignCommand[] = ['launch', 'pause', 'resume', 'cancel', 'start', 'complete'];

  it('ended campaigns never move; a scheduled launch waits', () => {
    for (const s of ['completed', 'cancelled'] as const)
      for (const c of commands)
        expect(decideCampaignMove(s, c)).toEqual({ ok: false, code: 'CAMPAIGN_STATE', reason: `cannot_${c}_${s}` });
    expect(decideCampaignMove('draft', 'launch', { scheduleAt: new Date(now.getTime() + 60_000), now })).toEqual({
      ok: true,
      to: 'scheduled',
    });
    expect(decideCampaignMove('draft', 'launch', { scheduleAt: new Date(now.getTime() - 60_000), now })).toEqual({
      ok: true,
      to: 'running',
    });
    expect(decideCampaignMove('running', 'launch')).toMatchObject({ ok: false });
    expect(decideCampaignMove('paused', 'resume')).toEqual({ ok: true, to: 'running' });
  });

  it('every move lands on a known status and only running campaigns complete', () => {
    for (const s of statuses)
      for (const c of commands) {
        const d = decideCampaignMove(s, c);
        if (d.ok) expect(statuses).toContain(d.to);
        if (c === 'complete') expect(d.ok).toBe(s === 'running');
      }
  });
});

describe('holdout, budget and cap', () => {
  it('holds out exactly floor(n × bp / 10000)', () => {
    expect(holdoutSize(1000, 1000)).toBe(100);
    expect(holdoutSize(999, 1000)).toBe(99);
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 0, max: 5000 }), (n, bp) => {
        const h = holdoutSize(n, bp);
        expect(h).toBeLessThanOrEqual(n / 2);
        expect(h * 10_000).toBeLessThanOrEqual(n * bp);
        expect((h + 1) * 10_000).toBeGreaterThan(n * bp);
      }),
    );
  });

  it('never lets deliveries or points pass the budget', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 80 }),
        (maxMembers, maxPoints, asks) => {
          const b = { maxMembers, maxPoints, delivered: 0, pointsGiven: 0 };
          for (const p of asks)
            if (fitsCampaignBudget(b, p)) {
              b.delivered++;
              b.pointsGiven += p;
            }
          if (maxMembers !== null) expect(b.delivered).toBeLessThanOrEqual(maxMembers);
          if (maxPoints !== null) expect(b.pointsGiven).toBeLessThanOrEqual(maxPoints);
          if (maxMembers === null && maxPoints === null) expect(b.delivered).toBe(asks.length);
        },
      ),
    );
  });

  it('caps from N days before now', () => {
    expect(frequencyCapCutoff(now, null)).toBeNull();
    expect(frequencyCapCutoff(now, 7)?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
  });
});

describe('report', () => {
  it('gives rates, GMV per member and the lift, null where undefined', () => {
    const target = groupReport({ members: 900, buyers: 90, repeatBuyers: 9, gmv: 900_000 });
    const holdout = groupReport({ members: 100, buyers: 5, repeatBuyers: 0, gmv: 50_000 });
    expect(target).toEqual({ members: 900, buyers: 90, buyerRate: 0.1, repurchaseRate: 0.1, gmv: 900_000, gmvPerMember: 1000 });
    expect(campaignLift(target, holdout)).toEqual({
      buyerRate: 0.05,
      repurchaseRate: 0.1,
      gmvPerMember: 500,
      gmvPerMemberRelative: 1,
    });
    const empty = groupReport({ members: 0, buyers: 0, repeatBuyers: 0, gmv: 0 });
    expect(empty).toMatchObject({ buyerRate: null, repurchaseRate: null, gmvPerMember: null });
    expect(campaignLift(target, empty)).toEqual({
      buyerRate: null,
      repurchaseRate: null,
      gmvPerMember: null,
      gmvPerMemberRelative: null,
    });
  });
});

describe('automations', () => {
  it('checks triggers, actions and delays', () => {
    expect(AUTOMATION_TRIGGER_CODES).toEqual([
      'registered',
      'first_order',
      'tier_upgraded',
      'became_silent',
      'birthday',
      'points_expiring',
    ]);
    expect(
      automationProblems({
        trigger: { code: 'points_expiring', args: { days: 7 } },
        action: { type: 'points', points: 5 },
        delayMinutes: 0,
      }),
    ).toEqual([]);
    expect(automationProblems({ trigger: { code: 'points_expiring', args: {} }, delayMinutes: -1 })).toEqual([
      'trigger.args.days: must be an integer 1-60',
      'delayMinutes: must be an integer 0-43200',
    ]);
    expect(automationProblems({ trigger: { code: 'nope', args: {} } })[0]).toMatch(/^trigger.code: must be one of/);
    expect(automationProblems({ trigger: { code: 'registered', args: { x: 1 } } })).toEqual(['trigger.args.x: unknown field']);
  });

  it('reads as one sentence', () => {
    expect(describeAutomation({ code: 'first_order', args: {} }, { type: 'points', points: 100 }, 1440)).toBe(
      '首次消费后 1 天：赠送 100 积分',
    );
    expect(describeAutomation({ code: 'registered', args: {} }, { type: 'builtin', code: 'welcome_coupons' }, 0)).toBe(
      '会员注册（首次同意隐私政策）后：发放全部新人礼券',
    );
    expect(
      describeAutomation({ code: 'points_expiring', args: { days: 7 } }, { type: 'builtin', code: 'expiry_reminder' }, 0),
    ).toBe('积分到期前 7 天：发送积分到期提醒');
  });
});
