import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS, unlistedWebhookFields } from './webhook-events.js';

describe('webhook event catalogue', () => {
  it('names every event area.what with a version and no personal-data field', () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      expect(type).toMatch(/^[a-z][a-z_]*\.[a-z_]+$/);
      const def = WEBHOOK_EVENTS[type];
      expect(def.version).toBeGreaterThanOrEqual(1);
      for (const field of Object.keys(def.fields)) expect(field).not.toMatch(/phone|openid|unionid|name|birth|address/i);
    }
  });

  it('reports fields a producer sends that the catalogue does not list', () => {
    expect(unlistedWebhookFields('points.expiring', { memberId: 'm', points: 1, expiresOn: '2026-01-01' })).toEqual([]);
    expect(unlistedWebhookFields('points.expiring', { memberId: 'm', phone: '138' })).toEqual(['phone']);
  });
});
