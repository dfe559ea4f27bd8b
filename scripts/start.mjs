// `npm start` / `pnpm start`: install, build, then run the server on the embedded PostgreSQL
// with the demo programme (unless DATABASE_URL is set), serving the API and the H5 build.
// The console shows one line per setup step and then the banner, last: the build output and the
// server's structured logs go to `.data/logs/` (errors are shown as well). A failing step prints
// its own error.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ensureBuilt, ensureInstalled, log, LOG_DIR, ROOT, StepFailed } from './lib/setup.mjs';

const started = Date.now();
try {
  ensureInstalled();
  ensureBuilt();
} catch (err) {
  process.stderr.write(
    `\n\x1b[31m[huiyuan]\x1b[0m ${err instanceof StepFailed ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
}

const env = { ...process.env };
if (!env.DATABASE_URL && env.HUIYUAN_DEMO === undefined) env.HUIYUAN_DEMO = '1';
env.HUIYUAN_BANNER = '1';
// Two glibc malloc arenas instead of up to 8 per core: the server's RSS under till load is ~75 MiB
// lower at the same throughput (docs/performance.md "Server memory"). Read by glibc at process start.
env.MALLOC_ARENA_MAX ??= '2';
mkdirSync(LOG_DIR, { recursive: true });
const serverLog = path.join(LOG_DIR, 'server.log');
log(
  `ready to start after ${((Date.now() - started) / 1000).toFixed(1)} s of setup; server log: ${path.relative(process.cwd(), serverLog)}`,
);

const server = spawn(process.execPath, [path.join(ROOT, 'server', 'dist', 'main.js')], {
  cwd: ROOT,
  env,
  stdio: ['inherit', 'pipe', 'pipe'],
});
const logFile = createWriteStream(serverLog, { flags: 'a' });

/**
 * Every line goes to the log; the console gets the lines meant for a person (the banner, a failure
 * to start: not JSON) and pino's errors as one line each. Request and route logs stay in the file.
 */
function relay(stream, out) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    logFile.write(line + '\n');
    if (!line.startsWith('{')) return void out.write(line + '\n');
    try {
      const entry = JSON.parse(line);
      if (typeof entry.level === 'number' && entry.level >= 50) {
        out.write(`\x1b[31m[huiyuan] error\x1b[0m ${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}\n`);
      }
    } catch {
      out.write(line + '\n');
    }
  });
}
relay(server.stdout, process.stdout);
relay(server.stderr, process.stderr);

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => server.kill(signal));
// `npm start` killed with a signal exits without passing it on; stop the server when our parent goes.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) server.kill('SIGTERM');
}, 1000).unref();
server.on('exit', (code, signal) => {
  if (code)
    process.stderr.write(
      `[huiyuan] the server stopped (exit code ${code}); its log: ${path.relative(process.cwd(), serverLog)}\n`,
    );
  logFile.end(() => process.exit(code ?? (signal ? 1 : 0)));
});
