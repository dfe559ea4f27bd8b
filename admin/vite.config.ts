/// <reference types="vitest/config" />
// The console is served by the API server at /admin (its SPA fallback answers index.html for
// client routes). `pnpm --filter @huiyuan/admin dev` (and `preview`) proxy /api to the server:
// http://127.0.0.1:3000 unless HUIYUAN_API_PROXY names another.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes `.br` and `.gz` beside every built JS and CSS asset, which the server sends when the
 * browser accepts them (@fastify/static `preCompressed`): the entry chunk goes over the wire at
 * about a third of its size, with no compression work per request.
 */
function precompress(): Plugin {
  return {
    name: 'huiyuan-precompress',
    apply: 'build',
    closeBundle() {
      const dir = path.resolve(import.meta.dirname, 'dist', 'assets');
      for (const file of readdirSync(dir).filter((f) => /\.(js|css)$/.test(f))) {
        const body = readFileSync(path.join(dir, file));
        writeFileSync(path.join(dir, `${file}.gz`), gzipSync(body, { level: 9 }));
        writeFileSync(
          path.join(dir, `${file}.br`),
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

const proxy = { '/api': { target: process.env.HUIYUAN_API_PROXY ?? 'http://127.0.0.1:3000' } };

export default defineConfig({
  base: '/admin/',
  plugins: [react(), precompress()],
  server: { port: 5174, proxy },
  preview: { port: 4174, proxy },
  build: { outDir: 'dist', emptyOutDir: true },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
