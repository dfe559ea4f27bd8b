// `pnpm dev`: the server (rebuilt on start) plus the H5 dev server and the console's Vite dev
// server, both with hot reload, both proxying /api to the server.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt, ensureInstalled, pnpm, ROOT } from './lib/setup.mjs';

ensureInstalled();
ensureBuilt({ h5: false });
const env = { ...process.env, HUIYUAN_DEMO: process.env.HUIYUAN_DEMO ?? '1', HUIYUAN_BANNER: '1' };
const [cmd, ...pre] = pnpm();
const children = [
  spawn(process.execPath, [path.join(ROOT, 'server', 'dist', 'main.js')], { cwd: ROOT, env, stdio: 'inherit' }),
  spawn(cmd, [...pre, '--filter', '@huiyuan/miniapp', 'run', 'dev:h5'], { cwd: ROOT, env, stdio: 'inherit' }),
  spawn(cmd, [...pre, '--filter', '@huiyuan/admin', 'run', 'dev'], { cwd: ROOT, env, stdio: 'inherit' }),
];
const stop = (signal) => children.forEach((c) => c.kill(signal));
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
children.forEach((c) => c.on('exit', () => stop('SIGTERM')));
