// The committed response schemas (api-schemas.generated.ts) are what shared/src/api generates now:
// a shared type changed without `pnpm --filter @huiyuan/server run api-schemas` fails here.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'api-schemas.mjs');

describe('the generated API schemas', () => {
  it('equal a fresh generation from shared/src/api', () => {
    const run = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8', timeout: 120_000 });
    expect({ status: run.status, output: run.status === 0 ? '' : `${run.stdout}${run.stderr}` }).toEqual({
      status: 0,
      output: '',
    });
  });
});
