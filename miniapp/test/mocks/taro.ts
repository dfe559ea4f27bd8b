// A small stand-in for @tarojs/taro: in-memory storage, recorded navigation, a scriptable request.
import { useEffect } from 'react';

type RequestResult = { statusCode: number; data: unknown };

const storage = new Map<string, unknown>();

const Taro = {
  request: jest.fn(async (_opts: Record<string, unknown>): Promise<RequestResult> => ({ statusCode: 200, data: null })),
  login: jest.fn(async () => ({ code: 'wx-login-code', errMsg: 'login:ok' })),
  getStorageSync: (key: string): unknown => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown): void => {
    storage.set(key, value);
  },
  removeStorageSync: (key: string): void => {
    storage.delete(key);
  },
  reLaunch: jest.fn(async (_opts: { url: string }) => ({ errMsg: 'reLaunch:ok' })),
  navigateTo: jest.fn(async (_opts: { url: string }) => ({ errMsg: 'navigateTo:ok' })),
  getCurrentPages: jest.fn((): { route: string }[] => []),
  showToast: jest.fn(),
  scanCode: jest.fn(async (): Promise<{ result: string }> => ({ result: '' })),
  getScreenBrightness: jest.fn(async () => ({ value: 0.4 })),
  setScreenBrightness: jest.fn(async (_opts: { value: number }) => ({ errMsg: 'setScreenBrightness:ok' })),
  setKeepScreenOn: jest.fn(async (_opts: { keepScreenOn: boolean }) => ({ errMsg: 'setKeepScreenOn:ok' })),
  requestSubscribeMessage: jest.fn(async (_opts: { tmplIds: string[] }): Promise<Record<string, string>> => ({
    errMsg: 'requestSubscribeMessage:ok',
  })),
  downloadFile: jest.fn(async (_opts: { url: string; header?: Record<string, string> }) => ({
    statusCode: 200,
    tempFilePath: 'wxfile://tmp/qrcode.png',
  })),
  setClipboardData: jest.fn(async (_opts: { data: string }) => ({ errMsg: 'setClipboardData:ok' })),
  getCurrentInstance: jest.fn((): { router?: { params: Record<string, string> } } => ({ router: { params: {} } })),
};

export function resetTaroMock(): void {
  storage.clear();
  Taro.request.mockReset();
  Taro.login.mockClear();
  Taro.reLaunch.mockClear();
  Taro.navigateTo.mockClear();
  Taro.getCurrentPages.mockReset();
  Taro.getCurrentPages.mockReturnValue([]);
  Taro.scanCode.mockReset();
  Taro.getScreenBrightness.mockClear();
  Taro.setScreenBrightness.mockClear();
  Taro.requestSubscribeMessage.mockClear();
  Taro.downloadFile.mockClear();
  Taro.setClipboardData.mockClear();
  Taro.getCurrentInstance.mockReset();
  Taro.getCurrentInstance.mockReturnValue({ router: { params: {} } });
}

/** Queue responses for the next requests, in order. */
export function respond(...results: RequestResult[]): void {
  for (const r of results) Taro.request.mockResolvedValueOnce(r);
}

export function relaunchedTo(): string[] {
  return Taro.reLaunch.mock.calls.map(([opts]) => opts.url);
}

export function useDidShow(cb: () => void): void {
  useEffect(cb, []);
}

export function useDidHide(_cb: () => void): void {}

export function useShareAppMessage(_cb: () => { title?: string; path?: string }): void {}

export function useReachBottom(_cb: () => void): void {}

export function useLaunch(cb: (options: { query: Record<string, string> }) => void): void {
  useEffect(() => cb({ query: {} }), []);
}

export default Taro;
