// The one react-query client, handed to Refine (so its auth and access-control queries share it)
// and used by the screens' hooks. Cleared on login and logout: nothing of one operator's data or
// permissions survives into the next session.
import { QueryClient } from '@tanstack/react-query';
import { isApiError } from './api/errors';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refusal (4xx) will not change on a retry; a network failure or 5xx may.
      retry: (count, err) => count < 2 && !(isApiError(err) && err.status >= 400 && err.status < 500),
    },
  },
});
