// Where a webhook may be sent (a pure rule; the server applies it when an endpoint is created or
// changed, and again to every address the host name resolves to at send time, which stops DNS
// rebinding). The switch is explicit: `strict` is on in production (NODE_ENV=production) and
// may be forced elsewhere; it never loosens.
//
// - strict: only https; never a loopback, private, link-local, unique-local, CGNAT, multicast,
//   unspecified or reserved address.
// - not strict (development, test): http too, and loopback (a local receiver) — the other
//   private ranges stay refused.

export interface WebhookUrlPolicy {
  strict: boolean;
}

export type AddressClass = 'public' | 'loopback' | 'private' | 'invalid';

function ipv4Bytes(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^(0|[1-9][0-9]{0,2})$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function classifyV4([a, b]: number[]): AddressClass {
  if (a === 127) return 'loopback';
  if (
    a === 0 || // this network
    a === 10 ||
    (a === 100 && b! >= 64 && b! <= 127) || // CGNAT
    (a === 169 && b === 254) || // link-local (cloud metadata)
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a! >= 224 // multicast, reserved, broadcast
  )
    return 'private';
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (with an embedded IPv4 tail), or null. */
function ipv6Groups(host: string): number[] | null {
  let h = host.toLowerCase();
  const zone = h.indexOf('%');
  if (zone >= 0) h = h.slice(0, zone);
  const lastColon = h.lastIndexOf(':');
  if (h.slice(lastColon + 1).includes('.')) {
    const v4 = ipv4Bytes(h.slice(lastColon + 1));
    if (!v4) return null;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    h = `${h.slice(0, lastColon + 1)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const halves = h.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':'));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const valid = (g: string) => /^[0-9a-f]{1,4}$/.test(g);
  if (![...head, ...rest].every(valid)) return null;
  const given = head.length + rest.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const zeros = Array.from({ length: 8 - given }, () => 0);
  return [...head.map((g) => parseInt(g, 16)), ...zeros, ...rest.map((g) => parseInt(g, 16))];
}

/** What kind of address `ip` (an IPv4 or IPv6 literal, brackets allowed) is. */
export function classifyAddress(ip: string): AddressClass {
  const host = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const v4 = ipv4Bytes(host);
  if (v4) return classifyV4(v4);
  if (!host.includes(':')) return 'invalid';
  const g = ipv6Groups(host);
  if (!g) return 'invalid';
  const [g0, , , , , g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const allZeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (allZeroTo(7) && g7 === 1) return 'loopback'; // ::1
  if (allZeroTo(8)) return 'private'; // ::
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms: judge the IPv4 address.
  if (allZeroTo(5) && (g5 === 0xffff || g5 === 0)) return classifyV4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]);
  if ((g0 & 0xffc0) === 0xfe80) return 'private'; // link-local fe80::/10
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique-local fc00::/7
  if ((g0 & 0xff00) === 0xff00) return 'private'; // multicast
  if (g0 === 0x64 && g[1] === 0xff9b) return classifyV4([g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff]); // NAT64
  if (g0 === 0x2001 && g[1] === 0xdb8) return 'private'; // documentation
  return 'public';
}

/** Why an address the URL's host resolved to may not receive webhooks, or null when it may. */
export function webhookAddressProblem(ip: string, policy: WebhookUrlPolicy): string | null {
  const kind = classifyAddress(ip);
  if (kind === 'public') return null;
  if (kind === 'loopback' && !policy.strict) return null;
  if (kind === 'invalid') return `${ip} is not an IP address`;
  return `${ip} is a ${kind} address`;
}

/** Is the host an IP literal (so no DNS lookup is needed)? */
export function isIpLiteral(host: string): boolean {
  return classifyAddress(host) !== 'invalid';
}

/**
 * Problems with an endpoint URL itself (before any DNS lookup): scheme, credentials, a literal
 * address the policy refuses, `localhost`. null when it may be used (the resolved addresses are
 * still checked at send time).
 */
export interface ParsedWebhookUrl {
  scheme: string;
  userinfo: string;
  /** Lower case; IPv6 without brackets. */
  host: string;
  port: number | null;
  hasFragment: boolean;
}

/** A strict http(s)-style URL split (shared has no WHATWG URL): null when it is not one. */
export function parseWebhookUrl(raw: string): ParsedWebhookUrl | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^#]*)(#.*)?$/.exec(raw);
  if (!m || /[\s\\]/.test(raw)) return null;
  let authority = m[2]!;
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : '';
  authority = at >= 0 ? authority.slice(at + 1) : authority;
  let host: string;
  let portText: string;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) return null;
    host = authority.slice(1, close);
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return null;
    portText = after.slice(1);
  } else {
    const colon = authority.lastIndexOf(':');
    host = colon >= 0 ? authority.slice(0, colon) : authority;
    portText = colon >= 0 ? authority.slice(colon + 1) : '';
  }
  if (portText !== '' && !/^[0-9]{1,5}$/.test(portText)) return null;
  const port = portText === '' ? null : Number(portText);
  if (port !== null && (port < 1 || port > 65535)) return null;
  if (!/^[a-zA-Z0-9.:%_-]*$/.test(host)) return null;
  return { scheme: m[1]!.toLowerCase(), userinfo, host: host.toLowerCase(), port, hasFragment: m[4] !== undefined };
}

/**
 * Problems with an endpoint URL itself (before any DNS lookup): scheme, credentials, a literal
 * address the policy refuses, `localhost`. null when it may be used (the resolved addresses are
 * still checked at send time).
 */
export function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy): string | null {
  if (raw.length > 2000) return 'longer than 2000 characters';
  const url = parseWebhookUrl(raw);
  if (!url) return 'not a URL';
  if (url.scheme !== 'https' && !(url.scheme === 'http' && !policy.strict))
    return policy.strict ? 'must be https' : 'must be http or https';
  if (url.userinfo) return 'must not carry credentials';
  if (url.hasFragment) return 'must not have a fragment';
  const host = url.host.endsWith('.') ? url.host.slice(0, -1) : url.host;
  if (host === '') return 'has no host';
  if (host.includes(':')) return isIpLiteral(host) ? webhookAddressProblem(host, policy) : 'not a URL';
  if (/^[0-9.]+$/.test(host)) return isIpLiteral(host) ? webhookAddressProblem(host, policy) : `${host} is not an IP address`;
  if (host === 'localhost' || host.endsWith('.localhost')) return policy.strict ? `${host} is a loopback address` : null;
  if (!host.includes('.')) return `${host} is not a public host name`;
  if (policy.strict && /\.(local|internal|lan|home\.arpa)$/.test(host)) return `${host} is not a public host name`;
  return null;
}
