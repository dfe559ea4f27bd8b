// The webhook event catalogue: every event type an integrator can subscribe to, its schema
// version and the fields of its payload (`data`). The admin DTO's `events` enum, the OpenAPI
// schemas and the no-personal-data test all read this one table. Payloads carry ids, member
// numbers, amounts and codes — never a phone number, an openid or a name.

export type WebhookFieldType = 'string' | 'integer' | 'boolean' | 'string|null' | 'integer|null';

export interface WebhookEventDefinition {
  /** Schema version of `data`; bumped when a field changes meaning or goes away (adding one does not). */
  version: number;
  description: string;
  /** Every field `data` may carry, with its JSON type. Nothing else is ever sent. */
  fields: Record<string, WebhookFieldType>;
}

export const WEBHOOK_EVENTS = {
  'member.registered': {
    version: 1,
    description: 'A member was created by their first WeChat login.',
    fields: { memberId: 'string', memberNo: 'string', tier: 'string', registeredAt: 'string' },
  },
  'member.updated': {
    version: 1,
    description: 'A member changed their profile (which fields changed; not their values).',
    fields: { memberId: 'string', memberNo: 'string', changed: 'string' },
  },
  'member.erased': {
    version: 1,
    description: 'A member was erased (personal data removed; the member id stays a tombstone).',
    fields: { memberId: 'string', erasedAt: 'string' },
  },
  'order.recorded': {
    version: 1,
    description: 'The till recorded an order for a member (amounts in fen).',
    fields: {
      orderId: 'string',
      memberId: 'string',
      storeId: 'string',
      orderNo: 'string',
      amount: 'integer',
      paidAmount: 'integer',
      pointsEarned: 'integer',
      pointsRedeemed: 'integer',
    },
  },
  'order.refunded': {
    version: 1,
    description: 'The till refunded (part of) an order (amount in fen).',
    fields: {
      refundId: 'string',
      orderId: 'string',
      memberId: 'string',
      storeId: 'string',
      refundNo: 'string',
      amount: 'integer',
      pointsReversed: 'integer',
    },
  },
  'points.changed': {
    version: 1,
    description: 'One points ledger entry (earn, redeem, expire, adjustment, refund reversal …).',
    fields: {
      memberId: 'string',
      entryId: 'string',
      kind: 'string',
      delta: 'integer',
      balanceAfter: 'integer',
      orderId: 'string|null',
      refundId: 'string|null',
    },
  },
  'points.expiring': {
    version: 1,
    description: 'Points of a member will expire soon (the expiry reminder).',
    fields: { memberId: 'string', points: 'integer', expiresOn: 'string' },
  },
  'tier.changed': {
    version: 1,
    description: 'A member moved to another tier (growth, annual review or admin).',
    fields: { memberId: 'string', changeId: 'string', from: 'string', to: 'string', reason: 'string', direction: 'string' },
  },
  'coupon.issued': {
    version: 1,
    description: 'A coupon was issued to a member (claim, welcome gift, reward, lottery …).',
    fields: { couponId: 'string', memberId: 'string', templateId: 'string', channel: 'string', expiresAt: 'string' },
  },
  'coupon.redeemed': {
    version: 1,
    description: 'A coupon was used at the till (on an order, or a gift coupon on its own: orderId null).',
    fields: { couponId: 'string', memberId: 'string', templateId: 'string', orderId: 'string|null', storeId: 'string' },
  },
  'checkin.recorded': {
    version: 1,
    description: 'A member checked in for the day.',
    fields: { checkinId: 'string', memberId: 'string', localDate: 'string', streak: 'integer', points: 'integer' },
  },
  'referral.rewarded': {
    version: 1,
    description: 'A referral reward was released (to the inviter or the invited friend: memberId is who gets it).',
    fields: {
      referralRewardId: 'string',
      memberId: 'string',
      inviterId: 'string',
      inviteeId: 'string',
      beneficiary: 'string',
      points: 'integer',
    },
  },
  'lottery.drawn': {
    version: 1,
    description: 'A member drew in a lottery (what they won, if anything).',
    fields: {
      drawId: 'string',
      memberId: 'string',
      lotteryId: 'string',
      prizeId: 'string|null',
      prizeKind: 'string|null',
      costPoints: 'integer',
      points: 'integer|null',
      couponId: 'string|null',
    },
  },
  'member.lifecycle_changed': {
    version: 1,
    description:
      'The nightly member-scores job saw a member move to another lifecycle stage (new, active, silent, churned; docs/metrics.md).',
    fields: { memberId: 'string', changeId: 'string', from: 'string', to: 'string', on: 'string' },
  },
  'stored_value.changed': {
    version: 1,
    description:
      'A member’s stored value (储值) moved: a top-up credited, a payment at the till, an order refund returned, a top-up refunded (or its refund reverted), a bonus expired (fen; principal and bonus apart).',
    fields: {
      entryId: 'string',
      memberId: 'string',
      kind: 'string',
      principalDelta: 'integer',
      bonusDelta: 'integer',
      balanceAfter: 'integer',
      storeId: 'string|null',
      orderNo: 'string|null',
    },
  },
  'membership.changed': {
    version: 1,
    description: 'A paid-membership term started (trial or paid, stacked on the running one) or was refunded (付费会员).',
    fields: { memberId: 'string', purchaseId: 'string|null', change: 'string', planId: 'string', expiresAt: 'string' },
  },
} as const satisfies Record<string, WebhookEventDefinition>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

/** Sent by `POST /admin/webhooks/:id/test` to that endpoint only; not subscribable. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** The fields `data` of an event of this type may carry (for the producers' types). */
export type WebhookEventData<T extends WebhookEventType> = {
  [K in keyof (typeof WEBHOOK_EVENTS)[T]['fields']]?: string | number | boolean | null;
};

/** The names in `data` that the catalogue does not list for `type` (a producer's mistake; empty when fine). */
export function unlistedWebhookFields(type: WebhookEventType, data: Record<string, unknown>): string[] {
  const fields: Record<string, WebhookFieldType> = WEBHOOK_EVENTS[type].fields;
  return Object.keys(data).filter((k) => !(k in fields));
}
