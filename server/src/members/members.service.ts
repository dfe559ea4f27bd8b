// The member's own card and profile: read, edit, consent (accept, withdraw), phone binding, and
// the member row's part of the data rights (export, erasure, removal of a never-consented row).
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  decideBirthdayChange,
  isAllowedAvatarUrl,
  maskPhone,
  AVATAR_HOSTS,
  type ExportRow,
  type MemberCard,
  type UpdateMeRequest,
  liveBalance,
} from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CryptoService } from '../common/crypto.service.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { toExportRow } from '../common/export-rows.js';
import { inTransaction, pgConstraint, pgErrorCode } from '../common/transaction.js';
import { WechatPhoneService } from './wechat-phone.service.js';
import { toMemberCard } from './member-card.js';
import { StoredValueRepository } from '../stored-value/stored-value.repository.js';
import { MembershipRepository } from '../membership/membership.repository.js';
import { Member } from './member.entity.js';
import { CURRENT_PRIVACY_POLICY } from './privacy-policy.js';
import { TiersService } from './tiers.service.js';
import { PointsRepository } from '../loyalty/points.repository.js';
import { MemberRepository } from './member.repository.js';
import { ConsentRecordRepository } from './consent-record.repository.js';
import { WebhookEventsService } from '../webhooks/webhook-events.service.js';

/**
 * Work that must commit with a member's first consent, in its transaction (the welcome gifts).
 * Registered by the module that owns the work, so members need not import it (coupons imports
 * members, not the other way round).
 */
export type FirstConsentHook = (tx: EntityManager, memberId: string, now: Date) => Promise<unknown>;

/** The member row's share of `GET /me/export`. */
export interface MemberRowExport {
  profile: ExportRow & { phone: string | null };
  consentRecords: ExportRow[];
  tierChanges: ExportRow[];
  invitedBy: string | null;
  invitedCount: number;
}

/** Columns of the member row that are secrets or internal counters, never exported. */
const NOT_EXPORTED = ['session_key_cipher', 'phone_cipher', 'phone_hmac', 'code_secret', 'code_last_step', 'code_last_counter'];

@Injectable()
export class MembersService {
  private readonly firstConsentHooks: FirstConsentHook[] = [];

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tiers: TiersService,
    private readonly crypto: CryptoService,
    private readonly wechatPhone: WechatPhoneService,
    private readonly audit: AuditService,
    private readonly points: PointsRepository,
    private readonly memberRows: MemberRepository,
    private readonly consents: ConsentRecordRepository,
    private readonly webhooks: WebhookEventsService,
    private readonly storedValue: StoredValueRepository,
    private readonly membership: MembershipRepository,
  ) {}

  onFirstConsent(hook: FirstConsentHook): void {
    this.firstConsentHooks.push(hook);
  }

  async card(memberId: string, tx: EntityManager = this.db.manager): Promise<MemberCard> {
    const member = await this.memberRows.findById(tx, memberId);
    if (!member || member.status === 'deleted') throw DomainError.notFound('member');
    const live = await this.points.livePoints(tx, memberId);
    const programme = await this.tiers.current();
    const now = new Date();
    const { lots } = await this.storedValue.lotsAndSettings(tx, memberId);
    const paid = await this.membership.membership(tx, memberId);
    return toMemberCard(member, programme.tiers, live, programme, now, {
      storedBalance: liveBalance(lots, now).total,
      paidMembership: paid && paid.expires_at > now ? { title: paid.title, expiresAt: paid.expires_at.toISOString() } : null,
    });
  }

  async update(memberId: string, patch: UpdateMeRequest, now = new Date()): Promise<MemberCard> {
    return inTransaction(this.db, async (tx) => {
      const member = await this.memberRows.lock(tx, memberId);
      if (!member) throw DomainError.notFound('member');
      const changes: Partial<Member> = {};
      if (patch.nickname !== undefined) changes.nickname = patch.nickname.trim();
      if (patch.avatarUrl !== undefined) {
        if (!isAllowedAvatarUrl(patch.avatarUrl)) {
          throw DomainError.validation(`avatarUrl must be an https URL on ${AVATAR_HOSTS.join(', ')}`);
        }
        changes.avatarUrl = patch.avatarUrl;
      }
      if (patch.gender !== undefined) changes.gender = patch.gender;
      if (patch.birthday !== undefined) {
        const decision = decideBirthdayChange({
          current: member.birthday,
          lastChangedAt: member.birthdayChangedAt,
          requested: patch.birthday,
          now,
          timeZone: this.config.timezone,
        });
        if (!decision.ok) {
          throw new DomainError(
            decision.code,
            decision.unlocksOn ? `${decision.message}; next change possible on ${decision.unlocksOn}` : decision.message,
          );
        }
        if (decision.changed) {
          changes.birthday = patch.birthday;
          changes.birthdayChangedAt = now;
        }
      }
      if (Object.keys(changes).length > 0) await this.memberRows.update(tx, memberId, changes);
      if (Object.keys(changes).length > 0)
        await this.webhooks.emit(tx, {
          type: 'member.updated',
          memberId,
          data: {
            memberId,
            memberNo: member.memberNo,
            changed: Object.keys(changes)
              .filter((k) => k !== 'birthdayChangedAt')
              .join(','),
          },
        });
      return this.card(memberId, tx);
    });
  }

  /**
   * Accepts the current policy. The first acceptance ever also runs the first-consent hooks
   * (welcome gifts) in the same transaction: exactly once, never for a member who did not agree.
   * The member row lock serialises concurrent accepts, so "first" is decided once.
   */
  async acceptConsent(memberId: string, version: string, now = new Date()): Promise<MemberCard> {
    if (version !== CURRENT_PRIVACY_POLICY.version) {
      throw new DomainError(
        'CONSENT_VERSION_OUTDATED',
        `the current privacy policy is version ${CURRENT_PRIVACY_POLICY.version}; reload and accept it`,
      );
    }
    return inTransaction(this.db, async (tx) => {
      const member = await this.lockLive(tx, memberId);
      // Idempotent: accepting the version in force again keeps the first acceptance time.
      if (member.consentVersion === version && member.consentAt) return this.card(memberId, tx);
      const first = !(await this.consents.everAccepted(tx, memberId));
      const record = await this.consents.recordAccept(tx, memberId, version);
      await this.memberRows.update(tx, memberId, { consentVersion: version, consentAt: record.recordedAt });
      if (first) for (const hook of this.firstConsentHooks) await hook(tx, memberId, now);
      return this.card(memberId, tx);
    });
  }

  /**
   * Withdraws consent (PIPL art. 15): a `withdraw` record is kept, and member routes answer
   * CONSENT_REQUIRED until the member accepts again. Withdrawing with nothing in force is a no-op.
   */
  async withdrawConsent(memberId: string): Promise<MemberCard> {
    return inTransaction(this.db, async (tx) => {
      const member = await this.lockLive(tx, memberId);
      if (member.consentVersion) {
        await this.consents.recordWithdraw(tx, memberId, member.consentVersion);
        await this.memberRows.update(tx, memberId, { consentVersion: null, consentAt: null });
        await this.audit.record(tx, {
          actorType: 'member',
          actorId: memberId,
          action: 'member.consent_withdraw',
          targetType: 'member',
          targetId: memberId,
          details: { version: member.consentVersion },
        });
      }
      return this.card(memberId, tx);
    });
  }

  /** Whether the member ever accepted a policy (a never-consented row may be removed outright). */
  async everConsented(tx: EntityManager, memberId: string): Promise<boolean> {
    return this.consents.everAccepted(tx, memberId);
  }

  /** Members who never accepted any policy and were created before `cutoff` (oldest first). */
  async neverConsentedBefore(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.memberRows.neverConsentedBefore(this.db, cutoff, limit);
    return rows.map((r) => r.id);
  }

  /** The WeChat openids of those of `ids` who are active members (erased or disabled ones are absent). */
  openidsOf(ids: readonly string[], tx: EntityManager = this.db.manager): Promise<Map<string, string>> {
    return this.memberRows.openidsOf(tx, ids);
  }

  /** Locks a member row that is not erased, for a use case of the member's own. */
  async lockLive(tx: EntityManager, memberId: string): Promise<Member> {
    const member = await this.memberRows.lock(tx, memberId);
    if (!member || member.status === 'deleted') throw DomainError.notFound('member');
    return member;
  }

  /** The member row, decrypted phone included (for its owner only), consent history and tier changes. */
  async exportFor(tx: EntityManager, memberId: string): Promise<MemberRowExport> {
    const found = await this.memberRows.exportRows(tx, memberId);
    if (!found) throw DomainError.notFound('member');
    const { row, referrer, invited } = found;
    const cipher = row.phone_cipher as Buffer | null;
    return {
      profile: { ...toExportRow(row, NOT_EXPORTED), phone: cipher ? this.crypto.decrypt(cipher, memberId) : null },
      consentRecords: await this.consents.exportFor(tx, memberId),
      tierChanges: await this.points.exportTierChanges(tx, memberId),
      invitedBy: referrer?.member_no ?? null,
      invitedCount: invited!.n,
    };
  }

  /**
   * Erases the member row's personal data at once (PIPL art. 47). The row itself stays, as the
   * pseudonym the financial ledgers (points, orders, refunds) are kept under: its id and member
   * number identify nobody once the rest is gone. The openid becomes a pseudonym so the same
   * WeChat user can register anew; the member-code secret and invite code are replaced by values
   * nobody knows. Returns the invite code it replaced, or null when the member was already
   * erased (idempotent).
   */
  async eraseRow(tx: EntityManager, memberId: string, now: Date): Promise<string | null> {
    const member = await this.memberRows.lock(tx, memberId);
    if (!member) throw DomainError.notFound('member');
    if (member.status === 'deleted') return null;
    const pseudonym = `erased:${memberId}`;
    await this.memberRows.update(tx, memberId, {
      status: 'deleted',
      deletedAt: now,
      openid: pseudonym,
      unionid: null,
      sessionKeyCipher: null,
      nickname: null,
      avatarUrl: null,
      birthday: null,
      birthdayChangedAt: null,
      gender: 'unknown',
      phoneCipher: null,
      phoneHmac: null,
      phoneMasked: null,
      inviteCode: pseudonym,
      codeSecret: randomBytes(20),
      consentVersion: null,
      consentAt: null,
    });
    return member.inviteCode;
  }

  /**
   * Removes a never-consented member row outright (consent declined, or never given within 24 h).
   * Returns false, removing nothing, when the member ever consented or other rows still point at
   * it (a till order by member number, an invitee): the database's RESTRICT foreign keys decide,
   * and such a member is erased instead by the caller.
   */
  async removeNeverConsented(tx: EntityManager, memberId: string): Promise<boolean> {
    // 23001 restrict_violation, 23503 foreign_key_violation: other rows still point at the member.
    return this.memberRows.removeNeverConsented(tx, memberId, (err) => {
      const code = pgErrorCode(err);
      return code === '23001' || code === '23503';
    });
  }

  /** Binds the phone WeChat vouches for. One phone, one member. */
  async bindPhone(memberId: string, code: string): Promise<MemberCard> {
    // Network first, outside any transaction.
    const phone = await this.wechatPhone.phoneForCode(code);
    const hmac = this.crypto.lookupHash(phone);
    try {
      return await inTransaction(this.db, async (tx) => {
        await this.memberRows.update(tx, memberId, {
          phoneCipher: this.crypto.encrypt(phone, memberId),
          phoneHmac: hmac,
          phoneMasked: maskPhone(phone),
        });
        return this.card(memberId, tx);
      });
    } catch (err) {
      if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'member_phone_hmac_key') {
        throw new DomainError('PHONE_TAKEN', 'this phone number is bound to another member');
      }
      throw err;
    }
  }
}
