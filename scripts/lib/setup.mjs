// Brings a fresh checkout to a runnable state with nothing but Node 20 and npm: pnpm, the
// locked dependencies, and the builds the product needs. Shared by start, test and bench.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PNPM_VERSION = '12.21.0';

export function log(message) {
  process.stdout.write(`\x1b[36m[huiyuan]\x1b[0m ${message}\n`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

let pnpmCommand = null;
/** pnpm, installed through npm when missing (globally if allowed, else run through npx). */
export function pnpm() {
  if (pnpmCommand) return pnpmCommand;
  const has = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (has.status === 0) return (pnpmCommand = ['pnpm']);
  log(`installing pnpm ${PNPM_VERSION} with npm`);
  const global = spawnSync('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`], { stdio: 'inherit' });
  if (global.status === 0 && spawnSync('pnpm', ['--version']).status === 0) return (pnpmCommand = ['pnpm']);
  log('global install not possible here; using npx');
  return (pnpmCommand = ['npx', '--yes', `pnpm@${PNPM_VERSION}`]);
}

export function runPnpm(args, options = {}) {
  const [cmd, ...pre] = pnpm();
  run(cmd, [...pre, ...args], options);
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Install when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  const marker = path.join(ROOT, 'node_modules', '.modules.yaml');
  const lock = path.join(ROOT, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (pnpm install --frozen-lockfile)');
  runPnpm(['install', '--frozen-lockfile']);
}

/** True when `output` exists and is newer than every file under `sourceDirs`. */
function upToDate(output, sourceDirs) {
  if (!existsSync(output)) return false;
  const newest = Math.max(...sourceDirs.map((d) => newestMtime(path.join(ROOT, d))));
  return statSync(output).mtimeMs >= newest;
}

/**
 * Compile shared, server and (unless h5 is false) the H5 build and the console — each only when
 * its sources changed.
 */
export function ensureBuilt({ h5 = true } = {}) {
  if (!upToDate(path.join(ROOT, 'shared', 'dist', 'index.js'), ['shared/src'])) {
    log('building shared');
    runPnpm(['--filter', '@huiyuan/shared', 'run', 'build']);
  }
  if (!upToDate(path.join(ROOT, 'server', 'dist', 'main.js'), ['server/src', 'shared/src'])) {
    log('building server');
    runPnpm(['--filter', '@huiyuan/server', 'run', 'build']);
  }
  if (!h5) return;
  if (!upToDate(path.join(ROOT, 'miniapp', 'dist', 'h5', 'index.html'), ['miniapp', 'shared/src'])) {
    log('building the mini-program for H5');
    runPnpm(['--filter', '@huiyuan/miniapp', 'run', 'build:h5']);
  }
  if (!upToDate(path.join(ROOT, 'admin', 'dist', 'index.html'), ['admin', 'shared/src'])) {
    log('building the operator console');
    runPnpm(['--filter', '@huiyuan/admin', 'run', 'build']);
  }
}

/** The browser tests drive Debian's Chromium; install it (and CJK fonts) when we can. */
export function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const fonts = spawnSync('dpkg', ['-s', 'fonts-noto-cjk'], { stdio: 'ignore' }).status === 0;
  if (existsSync(chromium) && fonts) return chromium;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    log('installing Debian chromium and fonts-noto-cjk for the browser tests');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return chromium;
  }
  if (existsSync(chromium)) return chromium;
  throw new Error(
    `browser tests need Chromium at ${chromium}: install Debian's chromium and fonts-noto-cjk (sudo apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH`,
  );
}
