// Idempotency keys for forms: a fresh key per submit, the same key when the operator retries the
// same submit (same values) after a failure, so a request whose answer was lost is replayed by
// the server instead of applied twice. Changing any value makes it a new submit.
import { useCallback, useRef } from 'react';
import { newIdempotencyKey } from '../api/client';

export interface SubmitKey {
  /** The key for submitting `values` now. */
  keyFor(values: unknown): string;
  /** Forget the key after a success: the next submit is a new one. */
  done(): void;
}

export function useSubmitKey(prefix = 'console'): SubmitKey {
  const last = useRef<{ fingerprint: string; key: string } | null>(null);
  const keyFor = useCallback(
    (values: unknown) => {
      const fingerprint = JSON.stringify(values ?? null);
      if (last.current?.fingerprint !== fingerprint) last.current = { fingerprint, key: newIdempotencyKey(prefix) };
      return last.current.key;
    },
    [prefix],
  );
  const done = useCallback(() => {
    last.current = null;
  }, []);
  return { keyFor, done };
}
