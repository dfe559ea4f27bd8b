// One HTTP attempt of a webhook: POST, no redirects followed (a 3xx is a failure), a timeout,
// and the URL policy applied to the address actually connected to — the host name is resolved
// here, every address checked, and the socket connects to a checked address (a DNS answer that
// changes between the admin's check and the send — DNS rebinding — cannot reach a private one).
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIpLiteral, webhookAddressProblem, webhookUrlProblem, type WebhookUrlPolicy } from '@huiyuan/shared';

export interface SendResult {
  /** The response status, or null when none came (refused address, timeout, connection error). */
  status: number | null;
  latencyMs: number;
  error: string | null;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
};

/** dns.lookup, refusing the whole answer when any address is one the policy forbids. */
export function guardedLookup(policy: WebhookUrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const bad = addresses.map((a) => webhookAddressProblem(a.address, policy)).find((p) => p !== null);
      if (bad || addresses.length === 0) {
        const refusal = Object.assign(new Error(`refused: ${hostname} resolves to ${bad ?? 'nothing'}`), {
          code: 'EWEBHOOKADDRESS',
        });
        return callback(refusal, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export async function sendWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; policy: WebhookUrlPolicy },
): Promise<SendResult> {
  const started = performance.now();
  const done = (status: number | null, error: string | null): SendResult => ({
    status,
    latencyMs: Math.round(performance.now() - started),
    error,
  });
  const problem = webhookUrlProblem(url, opts.policy);
  if (problem) return done(null, `refused: ${problem}`);
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIpLiteral(host)) {
    const refused = webhookAddressProblem(host, opts.policy);
    if (refused) return done(null, `refused: ${refused}`);
  }
  const secure = target.protocol === 'https:';
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        lookup: guardedLookup(opts.policy),
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        // Read (and drop) at most 64 KiB of the answer so the socket can be reused.
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > 65_536) res.destroy();
        });
        const status = res.statusCode ?? null;
        const ok = status !== null && status >= 200 && status < 300;
        const error = ok
          ? null
          : status !== null && status >= 300 && status < 400
            ? `HTTP ${status} (redirects are not followed)`
            : `HTTP ${status}`;
        res.on('end', () => finish(done(status, error)));
        res.on('close', () => finish(done(status, error)));
        res.on('error', () => finish(done(status, error)));
      },
    );
    const timer = setTimeout(() => {
      finish(done(null, `timeout after ${opts.timeoutMs} ms`));
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err: Error) => finish(done(null, err.message)));
    req.end(body);
  });
}
