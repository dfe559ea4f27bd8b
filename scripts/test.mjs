// `npm test` / `pnpm test`: install, build, then every suite — shared rules, server (real
// PostgreSQL), mini-program components, and the browser tests (H5 build in Chromium against a
// real server). Ends with one line "N passed, N failed".
// `pnpm test -- --only=server` (shared|server|miniapp|admin|openapi|browser, comma-separated) runs a
// subset; `openapi` checks that the console's committed client matches the server's document.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ensureChromium, ensureInstalled, log, ROOT } from './lib/setup.mjs';

const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : null;
const wanted = (name) => !only || only.has(name);

const started = Date.now();
ensureInstalled();
ensureBuilt({ h5: wanted('browser') });
if (wanted('browser')) process.env.CHROMIUM_PATH = ensureChromium();

const reportDir = path.join(ROOT, '.test-artifacts', 'reports');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const jestBin = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
/** @type {{ name: string, cwd: string, kind: string, files?: string, pattern?: string }[]} */
const suites = [
  { name: 'shared', cwd: 'shared', kind: 'jest' },
  { name: 'server', cwd: 'server', kind: 'jest' },
  { name: 'miniapp', cwd: 'miniapp', kind: 'jest' },
  { name: 'admin', cwd: 'admin', kind: 'vitest' },
  { name: 'openapi', cwd: '.', kind: 'check', files: 'scripts/openapi.mjs' },
  { name: 'scripts', cwd: 'scripts', kind: 'node-test', files: 'lib', pattern: '*.test.mjs' },
  { name: 'browser', cwd: 'miniapp', kind: 'node-test', files: 'e2e' },
].filter((s) => wanted(s.name));

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const suite of suites) {
  const t0 = Date.now();
  log(`running ${suite.name} tests`);
  let passed, failed, skipped, status;
  if (suite.kind === 'jest') {
    const out = path.join(reportDir, `${suite.name}.json`);
    const args = ['--experimental-vm-modules', jestBin, '--json', `--outputFile=${out}`];
    if (process.env.CI) args.push('--ci');
    status = spawnSync(process.execPath, args, {
      cwd: path.join(ROOT, suite.cwd),
      stdio: 'inherit',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    }).status;
    if (existsSync(out)) {
      const report = JSON.parse(readFileSync(out, 'utf8'));
      passed = report.numPassedTests;
      failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
      skipped = report.numPendingTests + report.numTodoTests;
    } else failed = 1;
  } else if (suite.kind === 'vitest') {
    // Vitest's JSON report has Jest's shape.
    const out = path.join(reportDir, `${suite.name}.json`);
    const vitestBin = path.join(ROOT, suite.cwd, 'node_modules', 'vitest', 'vitest.mjs');
    status = spawnSync(
      process.execPath,
      [vitestBin, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
      {
        cwd: path.join(ROOT, suite.cwd),
        stdio: 'inherit',
      },
    ).status;
    if (existsSync(out)) {
      const report = JSON.parse(readFileSync(out, 'utf8'));
      passed = report.numPassedTests;
      failed = report.numFailedTests + (report.numFailedTestSuites ?? 0);
      skipped = report.numPendingTests + report.numTodoTests;
    } else failed = 1;
  } else if (suite.kind === 'check') {
    // One check, one test: a script that exits 0 or says what differs.
    status = spawnSync(process.execPath, [path.join(ROOT, suite.files ?? ''), '--check'], { cwd: ROOT, stdio: 'inherit' }).status;
    [passed, failed, skipped] = status === 0 ? [1, 0, 0] : [0, 1, 0];
  } else {
    const dir = path.join(ROOT, suite.cwd, suite.files ?? '');
    const files = existsSync(dir)
      ? spawnSync('sh', ['-c', `ls ${dir}/${suite.pattern ?? '*.e2e.mjs'}`], { encoding: 'utf8' })
          .stdout.trim()
          .split('\n')
          .filter(Boolean)
      : [];
    const res = spawnSync(
      process.execPath,
      [
        '--test',
        '--test-concurrency=1',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${path.join(reportDir, `${suite.name}.tap`)}`,
        ...files,
      ],
      {
        cwd: path.join(ROOT, suite.cwd),
        stdio: 'inherit',
      },
    );
    status = res.status;
    const tapFile = path.join(reportDir, `${suite.name}.tap`);
    const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
    const count = (key) => Number(new RegExp(`^# ${key} (\\d+)`, 'm').exec(tap)?.[1] ?? 0);
    passed = count('pass');
    failed = count('fail') + count('cancelled') + (status !== 0 && count('fail') === 0 ? 1 : 0);
    skipped = count('skipped') + count('todo');
  }
  if (status !== 0 && failed === 0) failed = 1;
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(
    `${suite.name.padEnd(8)} ${String(passed).padStart(4)} passed ${String(failed).padStart(3)} failed ${String(skipped).padStart(3)} skipped  ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

log(`test summary (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
for (const l of lines) process.stdout.write(`  ${l}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed > 0 ? 1 : 0);
