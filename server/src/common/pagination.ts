// Keyset pagination cursors: an opaque token holding the (created_at, id) of the last row seen.
import { DomainError } from './domain-error.js';

export interface KeysetCursor {
  t: string;
  id: string;
}

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify({ t: createdAt.toISOString(), id })).toString('base64url');
}

/** A cursor this API handed out, or 400 for anything else. */
export function decodeCursor(raw: string): KeysetCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as KeysetCursor;
    if (typeof c.t !== 'string' || Number.isNaN(Date.parse(c.t)) || typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id)) {
      throw new Error('bad cursor');
    }
    return c;
  } catch {
    throw DomainError.validation('cursor: not a cursor this API returned');
  }
}
