// Where a NEW member registered from, for the referral abuse checks: the client address (as
// HUIYUAN_TRUST_PROXY resolves it), the `X-Device-Id` header and, for an invited sign-up,
// WeChat's own risk rank. Recorded by the login in the member's creating transaction, so a
// member never exists without their signals. Address and device id are kept only as keyed
// digests (HMAC, as for phone lookups): the checks need equality, never the values.
//
// The device id is a hint, not proof: the client chooses it, so it can only add suspicion
// (the same device as the inviter or as other friends); a missing, new or different id clears
// nothing — the address and risk-rank checks apply regardless.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CryptoService } from '../common/crypto.service.js';
import type { WechatClient } from '../wechat/wechat.client.js';
import { WechatApiError, WechatArgumentError, WechatUnavailableError } from '../wechat/wechat.errors.js';
import { WECHAT_CLIENT } from '../wechat/wechat.module.js';
import { SignupSignalRepository } from './signup-signal.repository.js';

const DEVICE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export interface SignupClient {
  /** Fastify's req.ip: the socket's peer, or the X-Forwarded-For hop HUIYUAN_TRUST_PROXY trusts. */
  ip: string | null;
  /** The raw X-Device-Id header; anything not 1–128 of A-Za-z0-9_.:- counts as none. */
  deviceId: string | null;
}

@Injectable()
export class SignupSignalsService {
  private readonly logger = new Logger('SignupSignals');

  constructor(
    private readonly crypto: CryptoService,
    @Inject(WECHAT_CLIENT) private readonly wechat: WechatClient,
    private readonly signals: SignupSignalRepository,
  ) {}

  /**
   * WeChat's risk rank (scene 1, marketing fraud) for an invited sign-up, asked BEFORE the
   * member's transaction (no network inside it). WeChat failing or refusing answers null: the
   * sign-up goes on, the other signals still apply, and the failure is logged.
   */
  async riskRank(openid: string, client: SignupClient): Promise<number | null> {
    if (!client.ip) return null;
    try {
      return (await this.wechat.getUserRiskRank({ openid, scene: 1, clientIp: client.ip })).riskRank;
    } catch (err) {
      if (!(err instanceof WechatApiError || err instanceof WechatUnavailableError || err instanceof WechatArgumentError)) {
        throw err;
      }
      this.logger.warn({ err: { message: err.message } }, 'risk rank unavailable; sign-up recorded without it');
      return null;
    }
  }

  /** Inside the member-creating transaction: one row per member. */
  async record(tx: EntityManager, memberId: string, client: SignupClient, riskRank: number | null): Promise<void> {
    const deviceId = client.deviceId && DEVICE_ID.test(client.deviceId) ? client.deviceId : null;
    await this.signals.insert(
      tx,
      memberId,
      client.ip ? this.crypto.lookupHash(`ip:${client.ip}`) : null,
      deviceId ? this.crypto.lookupHash(`device:${deviceId}`) : null,
      riskRank,
    );
  }
}
