// The setup steps of `npm start` / `npm test`: output to a log file, and on failure the step's own
// error rather than an exit status (issue 16 item 7).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LOG_DIR, runStep, StepFailed, tailOf } from './setup.mjs';

const node = process.execPath;
const script = (body) => ['-e', body];

test('a step that succeeds writes its output to its log, not the console', () => {
  const file = path.join(LOG_DIR, 'selftest-ok.log');
  runStep('selftest-ok', 'a quiet step', node, script('console.log("webpack progress █ 42%"); console.error("a warning")'));
  const logged = readFileSync(file, 'utf8');
  assert.match(logged, /webpack progress/);
  assert.match(logged, /a warning/);
  rmSync(file);
});

test('a step that fails throws its own last lines and names the log', () => {
  const body =
    'for (let i = 0; i < 50; i++) console.log("● Webpack █████ building (12%) " + i); ' +
    'console.error("src/pages/card/index.tsx(3,1): error TS2339: Property \'nope\' does not exist"); process.exit(2)';
  assert.throws(
    () => runStep('selftest-fail', 'building the mini-program for H5', node, script(body)),
    (err) => {
      assert.ok(err instanceof StepFailed);
      assert.match(err.message, /building the mini-program for H5 failed after [\d.]+ s \(exit code 2\)/);
      assert.match(err.message, /error TS2339: Property 'nope' does not exist/);
      assert.doesNotMatch(err.message, /building \(12%\)/);
      assert.match(err.message, /selftest-fail\.log/);
      return true;
    },
  );
  assert.ok(existsSync(path.join(LOG_DIR, 'selftest-fail.log')));
  rmSync(path.join(LOG_DIR, 'selftest-fail.log'));
});

test('a step killed by a signal says so', () => {
  assert.throws(
    () => runStep('selftest-killed', 'a killed step', node, script('process.kill(process.pid, "SIGKILL")')),
    /killed by SIGKILL/,
  );
  rmSync(path.join(LOG_DIR, 'selftest-killed.log'));
});

test('the tail drops colours, progress redraws and blank lines', () => {
  const out = '\x1b[36mhello\x1b[0m\r\n\n● Webpack █ building (50%)\rline two\n   \n';
  assert.equal(tailOf(out), 'hello\nline two');
  assert.equal(tailOf('a\nb\nc\n', 2), 'b\nc');
});
