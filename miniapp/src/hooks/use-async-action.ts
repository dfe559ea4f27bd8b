// Runs one user action at a time and keeps its busy flag and error text for the page.
import { useCallback, useRef, useState } from 'react';
import { errorMessage } from '../services/errors';

export function useAsyncAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);

  const run = useCallback(
    async (...args: A): Promise<void> => {
      if (running.current) return; // a double tap must not send the request twice
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        await action(...args);
      } catch (err) {
        setError(errorMessage(err));
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [action],
  );

  return { run, busy, error, setError };
}
