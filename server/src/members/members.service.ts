// The member's own card and profile: read, edit, consent, phone binding.
import { Inject, Injectable } from '@nestjs/common';
import { decideBirthdayChange, maskPhone, type MemberCard, type UpdateMeRequest } from '@huiyuan/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CryptoService } from '../common/crypto.service.js';
import { DomainError } from '../common/domain-error.js';
import { inTransaction, pgConstraint, pgErrorCode } from '../common/transaction.js';
import { WechatPhoneService } from './wechat-phone.service.js';
import { ConsentRecord } from './consent-record.entity.js';
import { toMemberCard } from './member-card.js';
import { Member } from './member.entity.js';
import { CURRENT_PRIVACY_POLICY } from './privacy-policy.js';
import { TiersService } from './tiers.service.js';

@Injectable()
export class MembersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tiers: TiersService,
    private readonly crypto: CryptoService,
    private readonly wechatPhone: WechatPhoneService,
  ) {}

  async card(memberId: string, tx: EntityManager = this.db.manager): Promise<MemberCard> {
    const member = await tx.findOneBy(Member, { id: memberId });
    if (!member || member.status === 'deleted') throw DomainError.notFound('member');
    const [live]: { points: number }[] = await tx.query(
      `SELECT COALESCE(SUM(remaining), 0)::int AS points FROM points_lot
        WHERE member_id = $1 AND remaining > 0 AND (expires_at IS NULL OR expires_at > now())`,
      [memberId],
    );
    return toMemberCard(member, await this.tiers.all(), live!.points);
  }

  async update(memberId: string, patch: UpdateMeRequest, now = new Date()): Promise<MemberCard> {
    return inTransaction(this.db, async (tx) => {
      const member = await tx.findOne(Member, { where: { id: memberId }, lock: { mode: 'pessimistic_write' } });
      if (!member) throw DomainError.notFound('member');
      const changes: Partial<Member> = {};
      if (patch.nickname !== undefined) changes.nickname = patch.nickname.trim();
      if (patch.avatarUrl !== undefined) changes.avatarUrl = patch.avatarUrl;
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
            decision.code === 'BIRTHDAY_LOCKED' ? 422 : 400,
            decision.unlocksOn ? `${decision.message}; next change possible on ${decision.unlocksOn}` : decision.message,
          );
        }
        if (decision.changed) {
          changes.birthday = patch.birthday;
          changes.birthdayChangedAt = now;
        }
      }
      if (Object.keys(changes).length > 0) await tx.update(Member, { id: memberId }, changes);
      return this.card(memberId, tx);
    });
  }

  async acceptConsent(memberId: string, version: string): Promise<MemberCard> {
    if (version !== CURRENT_PRIVACY_POLICY.version) {
      throw new DomainError(
        'CONSENT_VERSION_OUTDATED',
        409,
        `the current privacy policy is version ${CURRENT_PRIVACY_POLICY.version}; reload and accept it`,
      );
    }
    return inTransaction(this.db, async (tx) => {
      // Idempotent: accepting the same version twice keeps the first acceptance time.
      await tx.createQueryBuilder().insert().into(ConsentRecord).values({ memberId, version }).orIgnore().execute();
      const record = await tx.findOneByOrFail(ConsentRecord, { memberId, version });
      await tx.update(Member, { id: memberId }, { consentVersion: version, consentAt: record.acceptedAt });
      return this.card(memberId, tx);
    });
  }

  /** Binds the phone WeChat vouches for. One phone, one member. */
  async bindPhone(memberId: string, code: string): Promise<MemberCard> {
    // Network first, outside any transaction.
    const phone = await this.wechatPhone.phoneForCode(code);
    const hmac = this.crypto.lookupHash(phone);
    try {
      return await inTransaction(this.db, async (tx) => {
        await tx.update(
          Member,
          { id: memberId },
          { phoneCipher: this.crypto.encrypt(phone, memberId), phoneHmac: hmac, phoneMasked: maskPhone(phone) },
        );
        return this.card(memberId, tx);
      });
    } catch (err) {
      if (pgErrorCode(err) === '23505' && pgConstraint(err) === 'member_phone_hmac_key') {
        throw new DomainError('PHONE_TAKEN', 409, 'this phone number is bound to another member');
      }
      throw err;
    }
  }
}
