// Personal data at rest: AES-256-GCM for values we must read back (phone), HMAC-SHA256 for
// values we only look up by (phone lookup). Both keys are derived from HUIYUAN_DATA_KEY with
// HKDF so one secret can be rotated as a unit.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

const VERSION = 1;

@Injectable()
export class CryptoService {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.encKey = Buffer.from(hkdfSync('sha256', config.dataKey, Buffer.alloc(0), 'huiyuan/enc/v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', config.dataKey, Buffer.alloc(0), 'huiyuan/mac/v1', 32));
  }

  /** version(1) | iv(12) | tag(16) | ciphertext; `context` (e.g. the member id) is bound as AAD. */
  encrypt(plaintext: string, context: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(blob: Buffer, context: string): string {
    if (blob[0] !== VERSION) throw new Error('unknown ciphertext version');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, blob.subarray(1, 13));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(blob.subarray(13, 29));
    return Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed digest for equality lookups (e.g. find a member by full phone). */
  lookupHash(value: string): string {
    return createHmac('sha256', this.macKey).update(value).digest('base64url');
  }
}
