// The console's one HTTP module: the openapi-fetch client typed by the generated schema (paths as
// in the spec, `/api/v1/…`, same origin), the bearer token from the session, and error mapping —
// every failure becomes an ApiError carrying the server's stable `code`. A 401 on a request that
// carried a token means the session is dead: it is cleared and the listeners (the app's session
// watcher) send the operator to the login page.
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError } from './errors';
import type { paths } from './schema';
import { clearSession, getToken } from '../auth/session';

export const api = createClient<paths>({ baseUrl: '' });

type Listener = () => void;
const sessionEndedListeners = new Set<Listener>();

/** Called when the server refuses the stored token (401 on an authenticated request). */
export function onSessionEnded(listener: Listener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('Authorization')) {
      clearSession();
      for (const listener of sessionEndedListeners) listener();
    }
    return response;
  },
};
api.use(auth);

function isErrorBody(body: unknown): body is { code: string; message: string; details?: unknown[] } {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { code?: unknown }).code === 'string' &&
    typeof (body as { message?: unknown }).message === 'string'
  );
}

export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.code as ApiError['code'], body.message, body.details);
  return new ApiError(status, 'BAD_RESPONSE', `服务器返回异常（${status}）`);
}

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * Runs one request of the typed client and returns its body as `T` (a shared contract type, the
 * one the operation's generated schema describes: types.ts); throws ApiError otherwise.
 */
export async function call<T>(request: Promise<FetchResult>): Promise<T> {
  let result: FetchResult;
  try {
    result = await request;
  } catch (err) {
    throw new ApiError(0, 'NETWORK_ERROR', err instanceof Error ? err.message : 'network error');
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}

/** Saves a response body (a CSV export) under `filename`; the request carries the token like any other. */
export async function download(request: Promise<FetchResult>, filename: string): Promise<void> {
  const blob = await call<Blob>(request);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A fresh idempotency key: one per form submit, reused when that same submit is retried. */
export function newIdempotencyKey(prefix = 'console'): string {
  // getRandomValues, not randomUUID: the console may be served over plain http (no secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
