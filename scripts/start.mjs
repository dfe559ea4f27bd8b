// `npm start` / `pnpm start`: install, build, then run the server on the embedded PostgreSQL
// with the demo programme (unless DATABASE_URL is set), serving the API and the H5 build.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt, ensureInstalled, log, ROOT } from './lib/setup.mjs';

const started = Date.now();
ensureInstalled();
ensureBuilt();

const env = { ...process.env };
if (!env.DATABASE_URL && env.HUIYUAN_DEMO === undefined) env.HUIYUAN_DEMO = '1';
env.HUIYUAN_BANNER = '1';
// Two glibc malloc arenas instead of up to 8 per core: the server's RSS under till load is ~75 MiB
// lower at the same throughput (docs/performance.md "Server memory"). Read by glibc at process start.
env.MALLOC_ARENA_MAX ??= '2';
log(`ready to start after ${((Date.now() - started) / 1000).toFixed(1)} s of setup`);

const server = spawn(process.execPath, [path.join(ROOT, 'server', 'dist', 'main.js')], { cwd: ROOT, env, stdio: 'inherit' });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => server.kill(signal));
// `npm start` killed with a signal exits without passing it on; stop the server when our parent goes.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) server.kill('SIGTERM');
}, 1000).unref();
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
