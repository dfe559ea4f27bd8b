// `pnpm bench <scenario> [options]`: load benchmarks against a production-like server.
// Scenarios live in scripts/bench/<name>.mjs and export { description, options, run }.
// `pnpm bench` lists them; `pnpm bench <scenario> --help` lists a scenario's options.
import { cleanupAll, installSignalHandlers } from './bench/lib/cleanup.mjs';
import { helpText, parseArgs, resolveOptions } from './bench/lib/options.mjs';

const SCENARIOS = {
  analytics: () => import('./bench/analytics.mjs'),
  cashier: () => import('./bench/cashier.mjs'),
  campaigns: () => import('./bench/campaigns.mjs'),
  coupons: () => import('./bench/coupons.mjs'),
  lottery: () => import('./bench/lottery.mjs'),
  recommend: () => import('./bench/recommend.mjs'),
  webhooks: () => import('./bench/webhooks.mjs'),
};

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  if (!name || name === '--help' || name === 'help') {
    process.stdout.write('usage: pnpm bench <scenario> [options]\n\nscenarios:\n');
    for (const [n, load] of Object.entries(SCENARIOS)) {
      const mod = await load();
      process.stdout.write(`  ${n.padEnd(12)} ${mod.description}\n`);
    }
    process.stdout.write('\n`pnpm bench <scenario> --help` shows its options.\n');
    return 0;
  }
  const load = SCENARIOS[name];
  if (!load) {
    process.stderr.write(`unknown scenario "${name}"; known: ${Object.keys(SCENARIOS).join(', ')}\n`);
    return 2;
  }
  const scenario = await load();
  const args = parseArgs(rest);
  if (args.help) {
    process.stdout.write(`pnpm bench ${name}: ${scenario.description}\n\noptions:\n${helpText(scenario.options)}\n`);
    return 0;
  }
  const options = resolveOptions(args, scenario.options);
  installSignalHandlers();
  try {
    return (await scenario.run(options)) ?? 0;
  } finally {
    await cleanupAll();
  }
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    process.stderr.write(`\nbench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await cleanupAll();
    process.exit(1);
  },
);
