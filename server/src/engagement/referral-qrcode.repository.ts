// The referral_qrcode table's SQL (engagement/ owns it): cached invite QR code images.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class ReferralQrCodeRepository {
  async png(db: Pick<EntityManager, 'query'>, inviteCode: string): Promise<Buffer | undefined> {
    const cached: { png: Buffer }[] = await db.query('SELECT png FROM referral_qrcode WHERE invite_code = $1', [inviteCode]);
    return cached[0]?.png;
  }

  /** Keeps the first image stored for a code. */
  async insert(db: Pick<EntityManager, 'query'>, inviteCode: string, png: Buffer): Promise<void> {
    await db.query('INSERT INTO referral_qrcode (invite_code, png) VALUES ($1, $2) ON CONFLICT (invite_code) DO NOTHING', [
      inviteCode,
      png,
    ]);
  }

  async delete(tx: Pick<EntityManager, 'query'>, inviteCode: string): Promise<void> {
    await tx.query('DELETE FROM referral_qrcode WHERE invite_code = $1', [inviteCode]);
  }
}
