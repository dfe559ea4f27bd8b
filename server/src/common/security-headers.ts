// Security headers on every response (helmet): a CSP the H5 build and the Swagger UI work under,
// nosniff, no framing, no referrer; HSTS in production only (there TLS ends at the proxy in front).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyHelmetOptions } from '@fastify/helmet';

/** 'sha256-…' sources for the inline <script>s of an HTML page (Taro's H5 index has one). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (m[1]!.trim()) hashes.push(`'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

export function helmetOptions({ production, h5Dir }: { production: boolean; h5Dir: string | null }): FastifyHelmetOptions {
  const index = h5Dir ? path.join(h5Dir, 'index.html') : null;
  const scriptHashes = index && existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : [];
  return {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        // Scripts only from our origin, plus the H5 page's own inline bootstrap script by hash.
        scriptSrc: ["'self'", ...scriptHashes],
        scriptSrcAttr: ["'none'"],
        // Taro components and the Swagger UI set inline styles; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // The member code and the Swagger UI icons are data: images.
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Only behind TLS: on plain-HTTP localhost it would break the demo's subresources.
        ...(production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Production runs behind a TLS-terminating proxy (README, Deployment); the demo is plain HTTP on localhost.
    hsts: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}
