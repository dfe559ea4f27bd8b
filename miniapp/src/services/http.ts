// The one caller of Taro.request: base URL, auth header, error mapping and session expiry.
import Taro from '@tarojs/taro';
import type { ApiErrorBody, ErrorCode } from '@huiyuan/shared';
import { clearSession, getToken } from './session';
import { relaunch, ROUTES } from './routes';

/** API codes plus the two failures that never reach the server's error filter. */
export type ClientErrorCode = ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
}

/** H5 is served by the API's own origin; the weapp build calls the configured API host. */
export function apiBase(): string {
  if (process.env.TARO_ENV === 'h5') return '';
  return (process.env.TARO_APP_API_BASE ?? '').replace(/\/+$/, '');
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as ApiErrorBody).code === 'string' &&
    typeof (data as ApiErrorBody).message === 'string'
  );
}

export function toApiError(statusCode: number, data: unknown): ApiError {
  if (isErrorBody(data)) return new ApiError(statusCode, data.code, data.message, data.details);
  return new ApiError(statusCode, 'BAD_RESPONSE', `服务器返回异常（${statusCode}）`);
}

/**
 * Session-level reactions, decided once here:
 * - 401 on a request that carried a token: the token is dead → forget it, go to login.
 *   (A 401 without a token is a failed login and is left to the caller.)
 * - 403 CONSENT_REQUIRED: the member must accept the current privacy policy first.
 */
function reactToSessionErrors(err: ApiError, hadToken: boolean): void {
  if (err.statusCode === 401 && hadToken) {
    clearSession();
    relaunch(ROUTES.login);
  } else if (err.statusCode === 403 && err.code === 'CONSENT_REQUIRED') {
    relaunch(ROUTES.privacy);
  }
}

export async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  const token = getToken();
  const header: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) header['Content-Type'] = 'application/json';
  if (token) header.Authorization = `Bearer ${token}`;

  // wx.request has no PATCH: endpoints that take one also have a POST alias (api.ts picks it).
  if (method === 'PATCH' && process.env.TARO_ENV !== 'h5') {
    throw new Error(`PATCH ${path}: wx.request has no PATCH, call the POST alias on weapp`);
  }

  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.request({
      url: apiBase() + withQuery(path, options.query),
      method,
      header,
      dataType: 'json',
      ...(options.body === undefined ? {} : { data: options.body as Taro.request.Option['data'] }),
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试');
  }

  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T;

  const err = toApiError(res.statusCode, res.data);
  reactToSessionErrors(err, token !== null);
  throw err;
}

/**
 * An authorized GET of an image (the invite QR code): H5 fetches it with the bearer header and
 * returns an object URL of the blob (revoke it when done); weapp downloads it with
 * `Taro.downloadFile` (the API host must also be a downloadFile domain) and returns the temp path.
 */
export async function downloadImage(path: string): Promise<string> {
  const token = getToken();
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const url = apiBase() + path;
  if (process.env.TARO_ENV === 'h5') {
    let res: Response;
    try {
      res = await fetch(url, { headers: header });
    } catch {
      throw new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试');
    }
    if (!res.ok) {
      const err = toApiError(res.status, await res.json().catch(() => null));
      reactToSessionErrors(err, token !== null);
      throw err;
    }
    return URL.createObjectURL(await res.blob());
  }
  let res: { statusCode: number; tempFilePath: string };
  try {
    res = await Taro.downloadFile({ url, header });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试');
  }
  if (res.statusCode !== 200) {
    const err = new ApiError(res.statusCode, 'BAD_RESPONSE', `图片加载失败（${res.statusCode}）`);
    reactToSessionErrors(err, token !== null);
    throw err;
  }
  return res.tempFilePath;
}
