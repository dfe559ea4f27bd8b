// The cryptography of WeChat Pay API v3, in one place so the client, the fake and the config
// check agree byte for byte:
// - requests: RSA-SHA256 (PKCS#1 v1.5) over `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` with the
//   merchant private key, sent as `Authorization: WECHATPAY2-SHA256-RSA2048 …`;
// - responses and notifications: the same signature over `TIMESTAMP\nNONCE\nBODY\n` with the
//   platform key (微信支付公钥), in the Wechatpay-Timestamp/-Nonce/-Signature/-Serial headers;
// - notification resources: AEAD_AES_256_GCM with the 32-byte API v3 key, the ciphertext being
//   base64(ciphertext ‖ 16-byte tag), the nonce 12 characters used as the IV as-is.
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  randomInt,
} from 'node:crypto';

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** Responses and notifications older or newer than this are refused (WeChat's own SDKs use 5 min). */
export const MAX_CLOCK_SKEW_S = 300;
const GCM_TAG_BYTES = 16;

/** An RSA private key from PEM (PKCS#8 or PKCS#1); throws a plain Error naming what is wrong. */
export function loadRsaPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`not an RSA private key (${key.asymmetricKeyType ?? 'unknown'})`);
  return key;
}

/** An RSA public key from PEM (SPKI or PKCS#1), or from a certificate. */
export function loadRsaPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error('not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`not an RSA public key (${key.asymmetricKeyType ?? 'unknown'})`);
  return key;
}

/** The API v3 key is used as the raw AES-256 key: exactly 32 bytes (WeChat makes it 32 ASCII characters). */
export function apiV3KeyBytes(key: string): Buffer {
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.length !== 32) throw new Error(`must be 32 bytes, got ${bytes.length}`);
  return bytes;
}

export interface RsaKeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A fresh RSA-2048 pair (the sandbox merchant key, the fake's platform key, tests). */
export function generateRsaKeyPair(): RsaKeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const NONCE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random [0-9A-Za-z] string, as WeChat's nonce_str (32) and resource nonces (12). */
export function nonceStr(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i++) out += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return out;
}

/** A random 32-character API v3 key (sandbox only). */
export function randomApiV3Key(): string {
  return randomBytes(24).toString('base64url').slice(0, 32);
}

export function requestMessage(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  return `${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** JSAPI 调起支付 paySign input. */
export function paySignMessage(appId: string, timeStamp: string, nonce: string, pkg: string): string {
  return `${appId}\n${timeStamp}\n${nonce}\n${pkg}\n`;
}

export function rsaSign(message: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

export function rsaVerify(message: string, signatureBase64: string, publicKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

export interface AuthorizationParts {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

export function authorizationHeader(parts: AuthorizationParts): string {
  const { mchid, nonce_str, signature, timestamp, serial_no } = parts;
  return `${AUTH_SCHEMA} mchid="${mchid}",nonce_str="${nonce_str}",signature="${signature}",timestamp="${timestamp}",serial_no="${serial_no}"`;
}

/** The parts of an Authorization header in any order, or null when it is not WeChat Pay's schema. */
export function parseAuthorization(header: string | undefined): AuthorizationParts | null {
  if (!header?.startsWith(`${AUTH_SCHEMA} `)) return null;
  const found: Record<string, string> = {};
  for (const match of header.slice(AUTH_SCHEMA.length + 1).matchAll(/([a-z_]+)="([^"]*)"/g)) found[match[1]!] = match[2]!;
  const { mchid, nonce_str, signature, timestamp, serial_no } = found;
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return null;
  return { mchid, nonce_str, signature, timestamp, serial_no };
}

/** AEAD_AES_256_GCM → base64(ciphertext ‖ tag). */
export function aesGcmEncrypt(plaintext: string, key: Buffer, nonce: string, associatedData: string): string {
  const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

/** Inverse of aesGcmEncrypt; throws when the tag does not authenticate (wrong key, nonce, AAD or bytes). */
export function aesGcmDecrypt(ciphertextBase64: string, key: Buffer, nonce: string, associatedData: string): string {
  const bytes = Buffer.from(ciphertextBase64, 'base64');
  if (bytes.length <= GCM_TAG_BYTES) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'utf8'), { authTagLength: GCM_TAG_BYTES });
  decipher.setAuthTag(bytes.subarray(bytes.length - GCM_TAG_BYTES));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - GCM_TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** The Wechatpay-* headers signing `body` (responses and notifications). */
export function signedHeaders(
  body: string,
  privateKey: KeyObject,
  serial: string,
  timestampS: number,
  nonce = nonceStr(32),
): Record<string, string> {
  const timestamp = String(timestampS);
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': rsaSign(responseMessage(timestamp, nonce, body), privateKey),
    'wechatpay-serial': serial,
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
  };
}
