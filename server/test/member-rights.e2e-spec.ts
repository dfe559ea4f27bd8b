// Members' data rights (PIPL art. 45–47): export, erasure, consent withdrawal and decline, the
// welcome gifts on first consent, the never-consented purge, and the avatar URL allow-list.
import { CURRENT_PRIVACY_POLICY } from '../src/members/privacy-policy.js';
import { ReferralRewardsService } from '../src/engagement/referral-rewards.service.js';
import { MemberRightsService } from '../src/member-rights/member-rights.service.js';
import { createTemplate } from './helpers/coupons.js';
import { loginMember, loginStaff, type LoggedInStaff } from './helpers/factories.js';
import { expectLedgerConsistent, placeOrder } from './helpers/loyalty.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const PHONE = '13912345678';
let phoneSeq = 0;

describe("members' data rights", () => {
  let t: TestApp;
  let admin: LoggedInStaff;
  let cashier: LoggedInStaff;
  let welcomeTemplateId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginStaff(t, 'admin');
    cashier = await loginStaff(t, 'cashier');
    welcomeTemplateId = (await createTemplate(t, admin, { title: '新人券', channels: ['welcome'], totalStock: 10_000 })).id;
  });
  afterEach(() => expectLedgerConsistent(t));
  afterAll(() => t.close());

  const consent = (auth: { Authorization: string }) =>
    t.http.post('/api/v1/me/consent').set(auth).send({ version: CURRENT_PRIVACY_POLICY.version });
  const welcomeCoupons = async (memberId: string): Promise<number> =>
    (await t.db.query("SELECT COUNT(*)::int AS n FROM coupon WHERE member_id = $1 AND channel = 'welcome'", [memberId]))[0]
      .n as number;

  /** A member with something in every category: profile, phone, order + refund, coupon, check-in, invitee, quota. */
  async function busyMember(phone = `139${String(10_000_000 + ++phoneSeq).slice(-8)}`) {
    const m = await loginMember(t);
    await t.http
      .patch('/api/v1/me')
      .set(m.auth)
      .send({ nickname: '导出测试', birthday: '1990-05-01', gender: 'female' })
      .expect(200);
    await t.http
      .post('/api/v1/me/phone')
      .set(m.auth)
      .send({ code: `dev:${phone}` })
      .expect(200);
    const order = await placeOrder(t, cashier, { memberId: m.id, amount: 20_000 }).expect(201);
    await t.http
      .post(`/api/v1/cashier/orders/${order.body.orderNo as string}/refunds`)
      .set(cashier.auth)
      .send({ refundNo: `R-${m.id.slice(0, 8)}`, amount: 5_000 })
      .expect(201);
    await t.http.post('/api/v1/me/checkins').set(m.auth).send({}).expect(201);
    await t.http.post('/api/v1/me/subscriptions').set(m.auth).send({ templateId: 'tpl_checkin', accepted: true }).expect(200);
    const card = await t.http.get('/api/v1/me').set(m.auth).expect(200);
    const invitee = await loginMember(t, { inviteCode: card.body.inviteCode as string });
    return { m, invitee, orderNo: order.body.orderNo as string };
  }

  describe('GET /me/export', () => {
    it('contains every category of data held on the caller, the full phone for its owner, and nobody else’s data', async () => {
      const { m, orderNo } = await busyMember(PHONE);
      const other = await busyMember();
      const res = await t.http.get('/api/v1/me/export').set(m.auth).expect(200);
      const x = res.body;
      expect(x.profile).toMatchObject({ id: m.id, nickname: '导出测试', birthday: '1990-05-01', gender: 'female', phone: PHONE });
      expect(x.profile).not.toHaveProperty('sessionKeyCipher');
      expect(x.profile).not.toHaveProperty('codeSecret');
      expect(x.consentRecords).toEqual([
        { version: CURRENT_PRIVACY_POLICY.version, action: 'accept', recordedAt: expect.any(String) },
      ]);
      expect(x.points.entries.length).toBeGreaterThan(0);
      expect(x.points.lots.length).toBeGreaterThan(0);
      expect(x.points.allocations.length).toBeGreaterThan(0); // the refund's reversal
      expect(x.orders).toEqual([expect.objectContaining({ orderNo, amount: 20_000, storeName: expect.any(String) })]);
      expect(x.refunds).toEqual([expect.objectContaining({ amount: 5_000 })]);
      expect(x.coupons).toEqual([
        expect.objectContaining({ templateId: welcomeTemplateId, channel: 'welcome', templateTitle: '新人券' }),
      ]);
      expect(x.checkIns).toHaveLength(1);
      // The rewards pipeline's record: the welcome coupon and the check-in's points, by business key.
      expect(x.rewardGrants).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'coupon', status: 'granted', businessKey: expect.stringMatching(/^welcome:/) }),
          expect.objectContaining({ kind: 'points', status: 'granted', businessKey: expect.stringMatching(/^checkin:/) }),
        ]),
      );
      expect(x.referrals).toEqual({ invitedBy: null, invitedCount: 1, rewards: expect.any(Array) });
      expect(x.notifications.map((n: { kind: string }) => n.kind)).toContain('coupon_welcome');
      expect(x.subscribeQuotas).toEqual([expect.objectContaining({ templateId: 'tpl_checkin' })]);
      expect(x.signupSignals).toEqual({ ipDigest: expect.any(String), deviceIdDigest: null, recordedAt: expect.any(String) });
      expect(Array.isArray(x.tierChanges)).toBe(true);
      // Nothing of the other member appears anywhere in the export.
      const text = JSON.stringify(x);
      expect(text).not.toContain(other.m.id);
      expect(text).not.toContain(other.orderNo);
      // The invitee's export names who invited them.
      const inv = await t.http.get('/api/v1/me/export').set(other.invitee.auth).expect(200);
      const [inviter] = await t.db.query('SELECT member_no FROM member WHERE id = $1', [other.m.id]);
      expect(inv.body.referrals.invitedBy).toBe(inviter.member_no);
      expect(JSON.stringify(inv.body)).not.toContain(PHONE);
    });
  });

  describe('DELETE /me', () => {
    it('400 without the typed confirmation, and nothing changes', async () => {
      const m = await loginMember(t);
      for (const body of [{}, { confirm: '删除' }, { confirm: 'yes' }]) {
        const res = await t.http.delete('/api/v1/me').set(m.auth).send(body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
      await t.http.get('/api/v1/me').set(m.auth).expect(200);
    });

    it('202: PII gone from the row, coupons voided, ledgers kept and reconciled, tokens 401, the same openid registers anew', async () => {
      const { m, orderNo } = await busyMember(PHONE.replace(/^139/, '137'));
      const before = (await t.db.query('SELECT points, growth, member_no, invite_code FROM member WHERE id = $1', [m.id]))[0];
      const res = await t.http.delete('/api/v1/me').set(m.auth).send({ confirm: '注销' }).expect(202);
      expect(res.body).toEqual({ status: 'deleted', deletedAt: expect.any(String) });

      const [row] = await t.db.query('SELECT * FROM member WHERE id = $1', [m.id]);
      expect(row).toMatchObject({
        status: 'deleted',
        nickname: null,
        avatar_url: null,
        birthday: null,
        birthday_changed_at: null,
        gender: 'unknown',
        phone_cipher: null,
        phone_hmac: null,
        phone_masked: null,
        unionid: null,
        session_key_cipher: null,
        consent_version: null,
        points: before.points,
        growth: before.growth,
        member_no: before.member_no,
      });
      expect(row.openid).not.toBe(m.openid);
      expect(row.invite_code).not.toBe(before.invite_code);
      expect(row.deleted_at).toBeInstanceOf(Date);
      expect(JSON.stringify(row)).not.toContain(PHONE.replace(/^139/, '137'));
      expect(await t.db.query('SELECT 1 FROM member_signup_signal WHERE member_id = $1', [m.id])).toEqual([]);
      expect(await t.db.query('SELECT 1 FROM subscribe_quota WHERE member_id = $1', [m.id])).toEqual([]);
      expect(await t.db.query('SELECT 1 FROM member_notification WHERE member_id = $1', [m.id])).toEqual([]);
      expect(await t.db.query("SELECT 1 FROM coupon WHERE member_id = $1 AND status = 'available'", [m.id])).toEqual([]);
      // Financial ledgers stay under the (now pseudonymous) member id.
      expect(
        (await t.db.query('SELECT order_no FROM member_order WHERE member_id = $1', [m.id])).map(
          (o: { order_no: string }) => o.order_no,
        ),
      ).toEqual([orderNo]);
      expect((await t.db.query('SELECT COUNT(*)::int AS n FROM points_entry WHERE member_id = $1', [m.id]))[0].n).toBeGreaterThan(
        0,
      );
      const audit = await t.db.query("SELECT actor_type FROM audit_log WHERE action = 'member.erase' AND target_id = $1", [m.id]);
      expect(audit).toEqual([{ actor_type: 'member' }]);

      for (const path of ['/api/v1/me', '/api/v1/me/export', '/api/v1/me/points']) {
        await t.http.get(path).set(m.auth).expect(401);
      }
      await t.http.delete('/api/v1/me').set(m.auth).send({ confirm: '注销' }).expect(401);

      const again = await loginMember(t, { openid: m.openid, consent: false });
      expect(again.id).not.toBe(m.id);
      const card = await t.http.get('/api/v1/me').set(again.auth).expect(200);
      expect(card.body).toMatchObject({ nickname: null, phoneMasked: null, points: 0 });
    });

    it('cancels referral rewards not yet released to the erased member; the friend keeps theirs', async () => {
      const inviter = await loginMember(t);
      const card = await t.http.get('/api/v1/me').set(inviter.auth).expect(200);
      const friend = await loginMember(t, { inviteCode: card.body.inviteCode as string });
      await placeOrder(t, cashier, { memberId: friend.id, amount: 5_000 }).expect(201);
      const job = t.app.get(ReferralRewardsService);
      await job.processReferralRewards();
      const rewards = () =>
        t.db.query('SELECT beneficiary, status, reason FROM referral_reward WHERE invitee_id = $1 ORDER BY beneficiary', [
          friend.id,
        ]);
      expect(await rewards()).toEqual([
        { beneficiary: 'invitee', status: 'pending', reason: null },
        { beneficiary: 'inviter', status: 'pending', reason: null },
      ]);
      await t.http.delete('/api/v1/me').set(inviter.auth).send({ confirm: '注销' }).expect(202);
      await job.processReferralRewards();
      expect(await rewards()).toEqual([
        { beneficiary: 'invitee', status: 'pending', reason: null },
        { beneficiary: 'inviter', status: 'cancelled', reason: 'member_erased' },
      ]);
    });

    it('is idempotent: a burst of deletes of one member erases once', async () => {
      const m = await loginMember(t);
      const statuses = await Promise.all(
        Array.from({ length: 12 }, () =>
          t.http
            .delete('/api/v1/me')
            .set(m.auth)
            .send({ confirm: '注销' })
            .then((r) => r.status),
        ),
      );
      expect(statuses.every((s) => s === 202 || s === 401)).toBe(true);
      expect(statuses).toContain(202);
      const audit = await t.db.query("SELECT 1 FROM audit_log WHERE action = 'member.erase' AND target_id = $1", [m.id]);
      expect(audit).toHaveLength(1);
    });
  });

  describe('consent lifecycle', () => {
    it('withdraw → 403 CONSENT_REQUIRED with a withdrawal on record; accepting again restores, without new gifts', async () => {
      const m = await loginMember(t);
      const res = await t.http.post('/api/v1/me/consent/withdraw').set(m.auth).send({}).expect(200);
      expect(res.body.consent).toBeNull();
      const refused = await t.http.get('/api/v1/me/points').set(m.auth).expect(403);
      expect(refused.body.code).toBe('CONSENT_REQUIRED');
      await t.http.patch('/api/v1/me').set(m.auth).send({ nickname: 'x' }).expect(403);
      // Rights stay open after withdrawal.
      await t.http.get('/api/v1/me/export').set(m.auth).expect(200);
      const records = await t.db.query('SELECT action FROM consent_record WHERE member_id = $1 ORDER BY recorded_at', [m.id]);
      expect(records).toEqual([{ action: 'accept' }, { action: 'withdraw' }]);

      await consent(m.auth).expect(200);
      await t.http.get('/api/v1/me/points').set(m.auth).expect(200);
      expect(await welcomeCoupons(m.id)).toBe(1);
      const after = await t.db.query('SELECT action FROM consent_record WHERE member_id = $1 ORDER BY recorded_at', [m.id]);
      expect(after).toEqual([{ action: 'accept' }, { action: 'withdraw' }, { action: 'accept' }]);
    });

    it('no welcome coupon before consent; granted once on the first consent, even under a burst of accepts', async () => {
      const m = await loginMember(t, { consent: false });
      expect(await welcomeCoupons(m.id)).toBe(0);
      expect((await t.db.query('SELECT 1 FROM member_notification WHERE member_id = $1', [m.id])).length).toBe(0);
      const statuses = await Promise.all(Array.from({ length: 10 }, () => consent(m.auth).then((r) => r.status)));
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(await welcomeCoupons(m.id)).toBe(1);
      await loginMember(t, { openid: m.openid });
      expect(await welcomeCoupons(m.id)).toBe(1);
    });

    it('decline removes a never-consented member entirely (204) and the token is refused', async () => {
      const m = await loginMember(t, { consent: false });
      await t.http.post('/api/v1/me/consent/decline').set(m.auth).send({}).expect(204);
      expect(await t.db.query('SELECT 1 FROM member WHERE id = $1', [m.id])).toEqual([]);
      expect(await t.db.query('SELECT 1 FROM member_signup_signal WHERE member_id = $1', [m.id])).toEqual([]);
      await t.http.get('/api/v1/me').set(m.auth).expect(401);
    });

    it('decline after a consent was given → 409 CONSENT_ALREADY_GIVEN', async () => {
      const m = await loginMember(t);
      await t.http.post('/api/v1/me/consent/withdraw').set(m.auth).send({}).expect(200);
      const res = await t.http.post('/api/v1/me/consent/decline').set(m.auth).send({}).expect(409);
      expect(res.body.code).toBe('CONSENT_ALREADY_GIVEN');
    });

    it('a never-consented member with a till order is erased instead of removed', async () => {
      const m = await loginMember(t, { consent: false });
      await t.http.patch('/api/v1/me').set(m.auth).send({ nickname: 'x' }).expect(403);
      await placeOrder(t, cashier, { memberId: m.id, amount: 1_000 }).expect(201);
      await t.http.post('/api/v1/me/consent/decline').set(m.auth).send({}).expect(204);
      const [row] = await t.db.query('SELECT status, openid FROM member WHERE id = $1', [m.id]);
      expect(row.status).toBe('deleted');
      expect(row.openid).not.toBe(m.openid);
      await t.http.get('/api/v1/me').set(m.auth).expect(401);
    });

    it('the purge job removes never-consented members older than 24 h and nobody else', async () => {
      const old = await loginMember(t, { consent: false });
      const fresh = await loginMember(t, { consent: false });
      const consented = await loginMember(t);
      const withdrawn = await loginMember(t);
      await t.http.post('/api/v1/me/consent/withdraw').set(withdrawn.auth).send({}).expect(200);
      const dayAgo = "now() - interval '25 hours'";
      for (const id of [old.id, consented.id, withdrawn.id]) {
        await t.db.query(`UPDATE member SET created_at = ${dayAgo} WHERE id = $1`, [id]);
      }
      const result = await t.app.get(MemberRightsService).purgeNeverConsented();
      expect(result.removed).toBeGreaterThanOrEqual(1);
      const left = await t.db.query('SELECT id FROM member WHERE id = ANY($1)', [[old.id, fresh.id, consented.id, withdrawn.id]]);
      expect(left.map((r: { id: string }) => r.id).sort()).toEqual([fresh.id, consented.id, withdrawn.id].sort());
      await t.http.get('/api/v1/me').set(old.auth).expect(401);
      // Running it again finds nothing more to do.
      expect(await t.app.get(MemberRightsService).purgeNeverConsented()).toEqual({ removed: 0, erased: 0 });
    });
  });

  describe('avatar URL', () => {
    it('accepts https on a WeChat avatar host, refuses anything else with 400', async () => {
      const m = await loginMember(t);
      const ok = 'https://thirdwx.qlogo.cn/mmopen/vi_32/Q0j4TwGTfTK/132';
      const res = await t.http.patch('/api/v1/me').set(m.auth).send({ avatarUrl: ok }).expect(200);
      expect(res.body.avatarUrl).toBe(ok);
      for (const avatarUrl of [
        'http://thirdwx.qlogo.cn/mmopen/a/132',
        'https://evil.example.com/a.png',
        'https://thirdwx.qlogo.cn.evil.com/a.png',
        'https://wx.qlogo.cn:8443/a',
        'javascript:alert(1)',
      ]) {
        const bad = await t.http.patch('/api/v1/me').set(m.auth).send({ avatarUrl });
        expect([avatarUrl, bad.status, bad.body.code]).toEqual([avatarUrl, 400, 'VALIDATION_FAILED']);
      }
      const card = await t.http.get('/api/v1/me').set(m.auth).expect(200);
      expect(card.body.avatarUrl).toBe(ok);
    });
  });
});
