// Brings a fresh checkout to a runnable state with nothing but Node 20 and npm: pnpm, the
// locked dependencies, and the builds the product needs. Shared by start, test and bench.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PNPM_VERSION = '12.21.0';

export function log(message) {
  process.stdout.write(`\x1b[36m[huiyuan]\x1b[0m ${message}\n`);
}

/** Where setup steps and `npm start`'s server write their output (git-ignored with `.data/`). */
export const LOG_DIR = path.join(ROOT, '.data', 'logs');

/** A setup step that failed; its message already names the step, the log file and its last lines. */
export class StepFailed extends Error {}

// ANSI escapes and the carriage-return redraws of progress bars, for the tail shown on failure.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const PROGRESS = /█|building \(\d+%\)|即将开始启动编译|^\s*(\.\.\.|javascript\/|dencies|css-loader)/;

/** The last lines of a step's output that say something: no colours, no progress bars. */
export function tailOf(output, lines = 30) {
  const kept = output
    .replace(ANSI, '')
    .split(/\r?\n|\r/)
    .filter((line) => line.trim() !== '' && !PROGRESS.test(line));
  return kept.slice(-lines).join('\n');
}

/**
 * Runs a setup step with its output (webpack's progress, tsc, pnpm) in `.data/logs/<name>.log`
 * instead of the console: one line when it starts, one when it is done. When it fails, the step's
 * own last lines and the log's path — never just an exit status.
 */
export function runStep(name, title, command, args, options = {}) {
  mkdirSync(LOG_DIR, { recursive: true });
  const file = path.join(LOG_DIR, `${name}.log`);
  const started = Date.now();
  log(`${title} …`);
  const fd = openSync(file, 'w');
  let result;
  try {
    result = spawnSync(command, args, { cwd: ROOT, ...options, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const where = path.relative(process.cwd(), file) || file;
  if (result.error || result.status !== 0) {
    const why = result.error
      ? result.error.message
      : result.status !== null
        ? `exit code ${result.status}`
        : `killed by ${result.signal}`;
    const tail = tailOf(readFileSync(file, 'utf8'));
    throw new StepFailed(
      `${title} failed after ${seconds} s (${why}). Its output ends with:\n\n${tail}\n\nThe whole output: ${where}`,
    );
  }
  log(`${title}: done in ${seconds} s (log: ${where})`);
}

/** `runStep` through pnpm. */
export function runPnpmStep(name, title, args, options = {}) {
  const [cmd, ...pre] = pnpm();
  runStep(name, title, cmd, [...pre, ...args], options);
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
  runPnpmStep('install', 'installing dependencies (pnpm install --frozen-lockfile)', ['install', '--frozen-lockfile']);
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
    runPnpmStep('build-shared', 'building shared', ['--filter', '@huiyuan/shared', 'run', 'build']);
  }
  if (!upToDate(path.join(ROOT, 'server', 'dist', 'main.js'), ['server/src', 'shared/src'])) {
    runPnpmStep('build-server', 'building the server', ['--filter', '@huiyuan/server', 'run', 'build']);
  }
  if (!h5) return;
  if (!upToDate(path.join(ROOT, 'miniapp', 'dist', 'h5', 'index.html'), ['miniapp', 'shared/src'])) {
    runPnpmStep('build-h5', 'building the mini-program for H5', ['--filter', '@huiyuan/miniapp', 'run', 'build:h5']);
  }
  if (!upToDate(path.join(ROOT, 'admin', 'dist', 'index.html'), ['admin', 'shared/src'])) {
    runPnpmStep('build-console', 'building the operator console', ['--filter', '@huiyuan/admin', 'run', 'build']);
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
