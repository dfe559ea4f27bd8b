import { classifyAddress, webhookAddressProblem, webhookUrlProblem } from './webhook-url.js';

const strict = { strict: true };
const dev = { strict: false };

describe('webhook addresses', () => {
  it('classifies loopback, private, link-local, unique-local and mapped addresses', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.9.9.9', 'loopback'],
      ['::1', 'loopback'],
      ['[::1]', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'private'],
      ['100.64.0.1', 'private'],
      ['0.0.0.0', 'private'],
      ['224.0.0.1', 'private'],
      ['255.255.255.255', 'private'],
      ['::', 'private'],
      ['fe80::1', 'private'],
      ['fe80::1%eth0', 'private'],
      ['fd12:3456::1', 'private'],
      ['fc00::1', 'private'],
      ['ff02::1', 'private'],
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['64:ff9b::a00:1', 'private'],
      ['8.8.8.8', 'public'],
      ['172.32.0.1', 'public'],
      ['2606:4700::1111', 'public'],
      ['::ffff:8.8.8.8', 'public'],
      ['1.2.3', 'invalid'],
      ['256.1.1.1', 'invalid'],
      ['01.2.3.4', 'invalid'],
      ['1::2::3', 'invalid'],
      ['example.com', 'invalid'],
    ];
    for (const [ip, kind] of cases) expect([ip, classifyAddress(ip)]).toEqual([ip, kind]);
  });

  it('strict refuses every non-public address; development allows loopback only', () => {
    expect(webhookAddressProblem('127.0.0.1', strict)).toMatch(/loopback/);
    expect(webhookAddressProblem('127.0.0.1', dev)).toBeNull();
    expect(webhookAddressProblem('::1', dev)).toBeNull();
    expect(webhookAddressProblem('10.0.0.1', dev)).toMatch(/private/);
    expect(webhookAddressProblem('169.254.169.254', dev)).toMatch(/private/);
    expect(webhookAddressProblem('8.8.8.8', strict)).toBeNull();
  });
});

describe('webhook URLs', () => {
  it('strict: https only, no literal private or loopback host, no localhost', () => {
    expect(webhookUrlProblem('https://hooks.example.com/x', strict)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.com/x', strict)).toBe('must be https');
    expect(webhookUrlProblem('https://10.0.0.5/hook', strict)).toMatch(/private/);
    expect(webhookUrlProblem('https://[fd00::1]/hook', strict)).toMatch(/private/);
    expect(webhookUrlProblem('https://127.0.0.1/hook', strict)).toMatch(/loopback/);
    expect(webhookUrlProblem('https://localhost/hook', strict)).toMatch(/loopback/);
    expect(webhookUrlProblem('https://metadata.internal/x', strict)).toMatch(/public host/);
  });

  it('development: http to a loopback receiver is allowed, private ranges are not', () => {
    expect(webhookUrlProblem('http://127.0.0.1:4567/hook', dev)).toBeNull();
    expect(webhookUrlProblem('http://localhost:4567/hook', dev)).toBeNull();
    expect(webhookUrlProblem('http://192.168.0.10/hook', dev)).toMatch(/private/);
    expect(webhookUrlProblem('ftp://example.com/x', dev)).toBe('must be http or https');
  });

  it('refuses credentials, fragments and non-URLs', () => {
    expect(webhookUrlProblem('https://u:p@example.com/x', strict)).toMatch(/credentials/);
    expect(webhookUrlProblem('https://example.com/x#y', strict)).toMatch(/fragment/);
    expect(webhookUrlProblem('not a url', strict)).toBe('not a URL');
    expect(webhookUrlProblem('https://intranet/x', strict)).toMatch(/public host/);
  });
});

describe('webhook URL parsing', () => {
  it('refuses hosts that are numeric but not addresses (no octal or short forms)', () => {
    expect(webhookUrlProblem('https://0177.0.0.1/x', strict)).toMatch(/not an IP address/);
    expect(webhookUrlProblem('https://2130706433/x', strict)).toMatch(/not an IP address/);
    expect(webhookUrlProblem('https://example.com:99999/x', strict)).toBe('not a URL');
    expect(webhookUrlProblem('https://example.com:8443/x?y=1', strict)).toBeNull();
  });
});
