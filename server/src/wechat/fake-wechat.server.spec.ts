// The fake speaks WeChat's wire format: checked here with raw HTTP, without our client.
import { qrPng, startFakeWechat, type FakeWechat } from './fake-wechat.server.js';

const APP_ID = 'wxfake0000000001';
const APP_SECRET = 'fake-secret';

let fake: FakeWechat;
let clock = Date.UTC(2025, 4, 1);

beforeAll(async () => {
  fake = await startFakeWechat({ appId: APP_ID, appSecret: APP_SECRET, now: () => clock });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.state.reset();
  clock = Date.UTC(2025, 4, 1);
});

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(fake.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function get(path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(fake.url + path)).json()) as Record<string, unknown>;
}

async function token(force = false): Promise<{ access_token: string; expires_in: number }> {
  const { json } = await post('/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid: APP_ID,
    secret: APP_SECRET,
    force_refresh: force,
  });
  return json as { access_token: string; expires_in: number };
}

describe('/__fake endpoints', () => {
  it('POST /__fake/js-codes mints a code jscode2session accepts once', async () => {
    const { json } = await post('/__fake/js-codes', { openid: 'o_1' });
    const query = `appid=${APP_ID}&secret=${APP_SECRET}&grant_type=authorization_code&js_code=${String(json.code)}`;
    const first = await get(`/sns/jscode2session?${query}`);
    expect(first).toEqual({ openid: 'o_1', session_key: expect.any(String) as unknown });
    expect(await get(`/sns/jscode2session?${query}`)).toMatchObject({ errcode: 40163 });
    expect(fake.state.code2SessionCalls).toBe(2);
  });

  it('POST /__fake/js-codes without an openid → 400', async () => {
    expect((await post('/__fake/js-codes', {})).status).toBe(400);
  });

  it('GET /__fake/messages and /__fake/state, POST /__fake/reset', async () => {
    const { access_token } = await token();
    await post(`/cgi-bin/message/subscribe/send?access_token=${access_token}`, {
      touser: 'o_1',
      template_id: 'T',
      data: { thing1: { value: 'hello' } },
    });
    expect(await get('/__fake/messages')).toMatchObject({ messages: [{ touser: 'o_1', templateId: 'T' }] });
    expect(await get('/__fake/state')).toMatchObject({ tokenIssued: 1, subscribeSendCalls: 1 });
    await post('/__fake/reset', {});
    expect(await get('/__fake/state')).toMatchObject({ tokenIssued: 0, subscribeSendCalls: 0 });
    expect(fake.state.messages).toEqual([]);
  });

  it('POST /__fake/refuse-subscribe makes subscribe/send answer 43101', async () => {
    const { access_token } = await token();
    await post('/__fake/refuse-subscribe', { openid: 'o_2' });
    const { json } = await post(`/cgi-bin/message/subscribe/send?access_token=${access_token}`, {
      touser: 'o_2',
      template_id: 'T',
      data: {},
    });
    expect(json.errcode).toBe(43101);
  });
});

describe('stable_token', () => {
  it('normal mode hands back the same token with its remaining lifetime', async () => {
    const first = await token();
    expect(first.expires_in).toBe(7200);
    clock += 1000 * 1000;
    const second = await token();
    expect(second).toEqual({ access_token: first.access_token, expires_in: 6200 });
    expect(fake.state.tokenIssued).toBe(1);
    expect(fake.state.stableTokenCalls).toBe(2);
  });

  it('force_refresh mints a new token and the old one stops working (40001)', async () => {
    const old = await token();
    const fresh = await token(true);
    expect(fresh.access_token).not.toBe(old.access_token);
    const { json } = await post(`/wxa/business/getuserphonenumber?access_token=${old.access_token}`, { code: 'x' });
    expect(json.errcode).toBe(40001);
  });

  it('an expired token → 42001; no token → 41001', async () => {
    const { access_token } = await token();
    clock += 7200 * 1000;
    expect((await post(`/wxa/business/getuserphonenumber?access_token=${access_token}`, { code: 'x' })).json.errcode).toBe(42001);
    expect((await post('/wxa/business/getuserphonenumber', { code: 'x' })).json.errcode).toBe(41001);
  });

  it('wrong appid → 40013, wrong secret → 40125, wrong grant_type → 40002', async () => {
    const base = { grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET };
    expect((await post('/cgi-bin/stable_token', { ...base, appid: 'wx0' })).json.errcode).toBe(40013);
    expect((await post('/cgi-bin/stable_token', { ...base, secret: 'no' })).json.errcode).toBe(40125);
    expect((await post('/cgi-bin/stable_token', { ...base, grant_type: 'password' })).json.errcode).toBe(40002);
  });
});

describe('protocol details', () => {
  it('GET on a POST endpoint → 43002; POST on jscode2session → 43001', async () => {
    expect(await get('/cgi-bin/stable_token')).toMatchObject({ errcode: 43002 });
    expect((await post('/sns/jscode2session', {})).json.errcode).toBe(43001);
  });

  it('a body that is not JSON → 47001', async () => {
    expect((await post('/cgi-bin/stable_token', 'grant_type=client_credential')).json.errcode).toBe(47001);
  });

  it('getwxacodeunlimit: scene over 32 → 40169, bad characters → 40129, bad page → 41030, bad width → 40097', async () => {
    const { access_token } = await token();
    const qr = (body: unknown) => post(`/wxa/getwxacodeunlimit?access_token=${access_token}`, body);
    expect((await qr({ scene: 'a'.repeat(33) })).json.errcode).toBe(40169);
    expect((await qr({ scene: '中文' })).json.errcode).toBe(40129);
    expect((await qr({ scene: 'a', page: '/pages/index/index' })).json.errcode).toBe(41030);
    expect((await qr({ scene: 'a', width: 100 })).json.errcode).toBe(40097);
  });

  it('getwxacodeunlimit success is an image/png body', async () => {
    const { access_token } = await token();
    const response = await fetch(`${fake.url}/wxa/getwxacodeunlimit?access_token=${access_token}`, {
      method: 'POST',
      body: JSON.stringify({ scene: 'r=1', width: 280 }),
    });
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(1, 4)
        .toString('ascii'),
    ).toBe('PNG');
  });

  it('failNext answers the injected errcode the given number of times, then recovers', async () => {
    fake.state.failNext('stable_token', { errcode: 45011, errmsg: 'api minute-quota reach limit', times: 2 });
    expect(await token()).toMatchObject({ errcode: 45011 });
    expect(await token()).toMatchObject({ errcode: 45011 });
    expect(await token()).toMatchObject({ access_token: expect.any(String) as unknown });
  });

  it('prunes codes: a used phone code at once, used or unused login codes once expired', async () => {
    const login = fake.state.issueJsCode('o_1');
    fake.state.issueJsCode('o_2');
    const phone = fake.state.issuePhoneCode('13800001234');
    expect(fake.state.codesHeld()).toBe(3);
    const { access_token } = await token();
    await post(`/wxa/business/getuserphonenumber?access_token=${access_token}`, { code: phone });
    expect(fake.state.codesHeld()).toBe(2);
    const query = `appid=${APP_ID}&secret=${APP_SECRET}&grant_type=authorization_code&js_code=${login}`;
    await get(`/sns/jscode2session?${query}`);
    // A used login code is kept while it could be replayed, to answer 40163.
    expect(await get(`/sns/jscode2session?${query}`)).toMatchObject({ errcode: 40163 });
    clock += 5 * 60_000;
    fake.state.issueJsCode('o_3');
    expect(fake.state.codesHeld()).toBe(1);
    expect(await get(`/sns/jscode2session?${query}`)).toMatchObject({ errcode: 40029 });
  });

  it('getuserriskrank answers the rank a test set (default 0) and checks its arguments', async () => {
    const { access_token } = await token();
    const ask = (body: Record<string, unknown>) => post(`/wxa/getuserriskrank?access_token=${access_token}`, body);
    const valid = { appid: APP_ID, openid: 'o_r', scene: 1, client_ip: '203.0.113.5' };
    expect((await ask(valid)).json).toMatchObject({ errcode: 0, risk_rank: 0, unoin_id: expect.any(Number) as unknown });
    expect((await post('/__fake/risk-rank', { openid: 'o_r', riskRank: 4 })).status).toBe(200);
    expect((await ask(valid)).json).toMatchObject({ errcode: 0, risk_rank: 4 });
    expect((await ask({ ...valid, appid: 'wx0' })).json).toMatchObject({ errcode: 40013 });
    expect((await ask({ ...valid, scene: 7 })).json).toMatchObject({ errcode: 40097 });
    expect((await ask({ ...valid, client_ip: undefined })).json).toMatchObject({ errcode: 40097 });
    expect((await post('/wxa/getuserriskrank?access_token=nope', valid)).json).toMatchObject({ errcode: 40001 });
    expect((await post('/__fake/risk-rank', { openid: 'o_r', riskRank: 9 })).status).toBe(400);
    expect(fake.state.riskRankCalls).toBe(6);
  });

  it('starts on an ephemeral port by default and on 127.0.0.1', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('qrPng', () => {
  it('encodes the QR matrix of the text as a width×width grayscale PNG', async () => {
    const { inflateSync } = await import('node:zlib');
    const QRCode = (await import('qrcode')).default;
    const text = 'https://fake.weixin/pages/index/index?scene=r%3D1';
    const png = qrPng(text, 430);
    expect(png.readUInt32BE(16)).toBe(430); // IHDR width
    expect(png.readUInt32BE(20)).toBe(430); // IHDR height
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
    const pixels = inflateSync(png.subarray(41, 41 + idatLength));
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const cells = modules.size + 4;
    const dark = (row: number, col: number) => {
      const y = Math.floor(((row + 2 + 0.5) * 430) / cells);
      const x = Math.floor(((col + 2 + 0.5) * 430) / cells);
      return pixels[y * 431 + 1 + x] === 0;
    };
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) expect(dark(row, col)).toBe(Boolean(modules.get(row, col)));
    }
  });
});
