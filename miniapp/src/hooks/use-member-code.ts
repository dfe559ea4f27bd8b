// The rotating member code on the card: from the server when online, computed from the cached seed
// when not; refreshed at the code's `refreshAt` (never later than 30 s) while the card is visible.
import type { MemberCodeSeedResponse } from '@huiyuan/shared';
import { memberCodeAt } from '@huiyuan/shared';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { ApiError } from '../services/http';
import { CODE_SEED_KEY } from '../services/session';

export const MAX_REFRESH_MS = 30_000;
const MIN_REFRESH_MS = 1_000;

export interface ShownCode {
  code: string;
  /** Device-clock milliseconds at which to show the next code. */
  refreshAt: number;
  /** True when computed on the phone from the cached seed (no connection). */
  offline: boolean;
}

interface CachedSeed {
  codeId: number;
  secret: string;
  /** Server clock minus device clock when the seed was fetched, in ms. */
  offsetMs: number;
}

/** `661234567890123456` → `6612 3456 7890 1234 56`, easy to read out at the till. */
export function groupDigits(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** How long to show a code: until its `refreshAt`, but at least 1 s and at most 30 s. */
export function refreshDelay(refreshAt: number, now: number): number {
  return Math.min(MAX_REFRESH_MS, Math.max(MIN_REFRESH_MS, refreshAt - now));
}

export function secondsLeft(refreshAt: number, now: number): number {
  return Math.max(0, Math.ceil((Math.min(refreshAt, now + MAX_REFRESH_MS) - now) / 1000));
}

function cachedSeed(): CachedSeed | null {
  const raw: unknown = Taro.getStorageSync(CODE_SEED_KEY);
  if (!raw || typeof raw !== 'object') return null;
  const seed = raw as Partial<CachedSeed>;
  return typeof seed.codeId === 'number' && typeof seed.secret === 'string' && typeof seed.offsetMs === 'number'
    ? (seed as CachedSeed)
    : null;
}

function cacheSeed(res: MemberCodeSeedResponse, deviceNow: number): void {
  const seed: CachedSeed = { codeId: res.codeId, secret: res.secret, offsetMs: Date.parse(res.serverTime) - deviceNow };
  Taro.setStorageSync(CODE_SEED_KEY, seed);
}

/** The code for this moment computed on the phone, on the server's clock. */
export function offlineCode(deviceNow: number): ShownCode | null {
  const seed = cachedSeed();
  if (!seed) return null;
  const code = memberCodeAt(seed, new Date(deviceNow + seed.offsetMs));
  return { code: code.code, refreshAt: code.refreshAt.getTime() - seed.offsetMs, offline: true };
}

/** No answer from the server (as opposed to an answer that says no). */
function unreachable(err: unknown): boolean {
  return err instanceof ApiError && (err.statusCode === 0 || err.statusCode >= 500);
}

export function useMemberCode(active: boolean) {
  const [shown, setShown] = useState<ShownCode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [failures, setFailures] = useState(0);
  const seedFetched = useRef(false);
  const mounted = useRef(true);

  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const refresh = useCallback(async () => {
    try {
      const res = await api.getMemberCode();
      if (!mounted.current) return;
      // refreshAt is on the server's clock: shift it onto the device's when the skew is known.
      const offsetMs = cachedSeed()?.offsetMs ?? 0;
      setShown({ code: res.code, refreshAt: Date.parse(res.refreshAt) - offsetMs, offline: false });
      setError(null);
      setFailures(0);
      if (!seedFetched.current || !cachedSeed()) {
        seedFetched.current = true;
        const requestedAt = Date.now();
        // Best effort: without a cached seed the code just is not available offline.
        api.getMemberCodeSeed().then(
          (seed) => cacheSeed(seed, requestedAt),
          () => undefined,
        );
      }
    } catch (err) {
      if (!mounted.current) return;
      const fallback = unreachable(err) ? offlineCode(Date.now()) : null;
      if (fallback) {
        setShown(fallback);
        setError(null);
      } else {
        setError(errorMessage(err));
        setFailures((n) => n + 1);
      }
    } finally {
      if (mounted.current) setNow(Date.now());
    }
  }, []);

  // First code as soon as the card is visible; the next one at refreshAt (30 s at most).
  useEffect(() => {
    if (!active) return;
    const delay = shown ? refreshDelay(shown.refreshAt, Date.now()) : 0;
    const timer = setTimeout(() => void refresh(), delay);
    return () => clearTimeout(timer);
  }, [active, shown, refresh]);

  // After a failure without a fallback, try again every 30 s.
  useEffect(() => {
    if (!active || failures === 0) return;
    const timer = setTimeout(() => void refresh(), MAX_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [active, failures, refresh]);

  // The countdown.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);

  return {
    code: shown?.code ?? null,
    grouped: shown ? groupDigits(shown.code) : null,
    offline: shown?.offline ?? false,
    secondsLeft: shown ? secondsLeft(shown.refreshAt, now) : null,
    error,
    refresh,
  };
}
