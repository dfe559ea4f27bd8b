// Browser-test harness: a real server (compiled, on its own embedded PostgreSQL with the demo
// programme and the in-process fake WeChat) and Debian's Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, '.test-artifacts', 'screenshots');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/** Starts `node server/dist/main.js` exactly as `pnpm start` would, on fresh data. */
export async function startServer(extraEnv = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'huiyuan-e2e-'));
  const port = await freePort();
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    HUIYUAN_PG_PORT: String(await freePort()),
    HUIYUAN_DATA_DIR: dataDir,
    HUIYUAN_DEMO: '1',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(ROOT, 'server', 'dist', 'main.js')], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} during start`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('server did not become healthy within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A phone-sized page, as the H5 build is meant to be seen. */
export async function newPhonePage(browser) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    isMobile: true,
    hasTouch: true,
  });
  return context.newPage();
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Taro H5 renders <Input> as a custom element wrapping a real <input>. */
export async function fill(page, id, value) {
  const input = page.locator(`#${id} input, input#${id}, #${id} textarea`).first();
  await input.fill(value);
}

export async function staffLogin(baseUrl, username, password) {
  const res = await fetch(`${baseUrl}/api/v1/auth/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`staff login failed: ${res.status}`);
  return res.json();
}

/** One API call with an optional bearer token; throws (with `status`) on a non-2xx answer. */
export async function call(baseUrl, token, method, path, body) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw Object.assign(new Error(`${method} ${path} → ${res.status} ${text}`), { status: res.status });
  return data;
}

/**
 * The demo programme without its member day (Wednesdays 积分 2 倍), saved as a new version by the
 * demo admin: for suites whose expected points are written out for the base rate, whatever day
 * they run on.
 */
export async function withoutMemberDays(baseUrl) {
  const { token } = await staffLogin(baseUrl, 'admin', 'admin1234');
  const { version, ...programme } = await call(baseUrl, token, 'GET', '/api/v1/admin/programme');
  const rules = (programme.earning.rules ?? []).filter((/** @type {{ code: string }} */ r) => r.code !== 'member_day');
  await call(baseUrl, token, 'PUT', '/api/v1/admin/programme', {
    ...programme,
    earning: { ...programme.earning, rules },
    expectedVersion: version,
  });
}

/** A member signed up through the sandbox WeChat login, with the privacy policy accepted. */
export async function signUpMember(baseUrl, openid) {
  const { token } = await call(baseUrl, null, 'POST', '/api/v1/auth/wechat/login', { code: `dev:${openid}` });
  const { version } = await call(baseUrl, null, 'GET', '/api/v1/privacy-policy');
  await call(baseUrl, token, 'POST', '/api/v1/me/consent', { version });
  const me = await call(baseUrl, token, 'GET', '/api/v1/me');
  return { token, me };
}

/** A till order for the member, identified by their live member code, as a cashier records it. */
export async function buy(baseUrl, cashierToken, memberToken, amount) {
  const { code } = await call(baseUrl, memberToken, 'GET', '/api/v1/me/code');
  const { member: m } = await call(baseUrl, cashierToken, 'POST', '/api/v1/cashier/identify', { memberCode: code });
  return call(baseUrl, cashierToken, 'POST', '/api/v1/cashier/orders', {
    memberId: m.id,
    orderNo: `POS-E2E-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
    amount,
  });
}

// Figures as the staff screens show them, written out again from the brief (the tests' oracle,
// not the code under test): ¥ with thousands and two decimals from fen, one-decimal
// percentages, thousands in counts, "—" for null.
export const group = (/** @type {string} */ digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
export const fen = (/** @type {number | null} */ v) =>
  v === null ? '—' : `¥${group(String(Math.floor(v / 100)))}.${String(v % 100).padStart(2, '0')}`;
export const pct = (/** @type {number | null} */ v) => (v === null ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
export const count = (/** @type {number | null} */ n) => (n === null ? '—' : group(String(n)));

/** Today's local date in `timeZone`. */
export function localToday(/** @type {string} */ timeZone) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    new Date(),
  );
  const get = (/** @type {string} */ t) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function addDays(/** @type {string} */ date, /** @type {number} */ days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
