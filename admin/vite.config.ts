/// <reference types="vitest/config" />
// The console is served by the API server at /admin (its SPA fallback answers index.html for
// client routes). `pnpm --filter @huiyuan/admin dev` (and `preview`) proxy /api to the server:
// http://127.0.0.1:3000 unless HUIYUAN_API_PROXY names another.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const proxy = { '/api': { target: process.env.HUIYUAN_API_PROXY ?? 'http://127.0.0.1:3000' } };

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  server: { port: 5174, proxy },
  preview: { port: 4174, proxy },
  build: { outDir: 'dist', emptyOutDir: true },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
