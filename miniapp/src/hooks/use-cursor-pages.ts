// A member's list read a page at a time by keyset cursor (points history, orders): the first page
// once, later pages on demand; a page that arrives twice adds nothing twice.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../services/errors';
import { relaunch, ROUTES } from '../services/routes';
import { getSession } from '../services/session';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export function useCursorPages<T>(
  fetchPage: (query: { limit: number; cursor?: string }) => Promise<CursorPage<T>>,
  keyOf: (item: T) => string,
  pageSize: number,
) {
  const [items, setItems] = useState<T[]>([]);
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
      const page = await fetchPage({ limit: pageSize, ...(cursor ? { cursor } : {}) });
      setItems((prev) => {
        const seen = new Set(prev.map(keyOf));
        return [...prev, ...page.items.filter((i) => !seen.has(keyOf(i)))];
      });
      setCursor(page.nextCursor);
      setDone(!page.nextCursor);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, [cursor, done, fetchPage, keyOf, pageSize]);

  useEffect(() => {
    if (getSession()?.kind !== 'member') return relaunch(ROUTES.login);
    void loadMore();
  }, []); // the first page once; later pages on demand

  return { items, loading, done, error, loadMore };
}
