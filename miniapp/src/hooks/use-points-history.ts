// The member's points ledger, newest first, a page at a time by cursor.
import type { PointsHistoryItem } from '@huiyuan/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../services/api';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';

export const PAGE_SIZE = 20;

export function usePointsHistory() {
  const [items, setItems] = useState<PointsHistoryItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const loadMore = useCallback(async () => {
    if (inFlight.current || done) return; // scrolling fires reach-bottom repeatedly
    inFlight.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = await api.getPointsHistory({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      setItems((prev) => {
        const seen = new Set(prev.map((i) => i.id));
        return [...prev, ...page.items.filter((i) => !seen.has(i.id))];
      });
      setCursor(page.nextCursor);
      setDone(!page.nextCursor);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, [cursor, done]);

  useEffect(() => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    void loadMore();
  }, []); // the first page once; later pages on demand

  return { items, loading, done, error, loadMore };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-03-08 14:05` in the phone's local time. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Points expire at an instant (midnight starting the next day): the member reads the last day they are good for. */
export function lastValidDate(iso: string): string {
  return formatDateTime(new Date(Date.parse(iso) - 1).toISOString()).slice(0, 10);
}

/** `+600` / `-100`. */
export function formatDelta(delta: number): string {
  return delta > 0 ? `+${delta}` : String(delta);
}
