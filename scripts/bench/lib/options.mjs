// `--name value`, `--name=value` and bare `--flag`; each option can also come from the
// environment as BENCH_NAME (e.g. BENCH_DURATION=5). Flags win over the environment.
/**
 * @param {string[]} argv
 * @returns {Record<string, string|boolean>}
 */
export function parseArgs(argv) {
  /** @type {Record<string, string|boolean>} */
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
    else out[a.slice(2)] = true;
  }
  return out;
}

/**
 * @param {Record<string, string|boolean>} args from parseArgs
 * @param {Record<string, { default: number|boolean|string, help: string }>} spec
 */
export function resolveOptions(args, spec) {
  const unknown = Object.keys(args).filter((k) => !(k in spec) && k !== 'help');
  if (unknown.length)
    throw new Error(`unknown option${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => `--${k}`).join(', ')}`);
  const out = {};
  for (const [name, { default: def }] of Object.entries(spec)) {
    const envName = `BENCH_${name.toUpperCase().replace(/-/g, '_')}`;
    const raw = args[name] ?? process.env[envName];
    if (raw === undefined) out[name] = def;
    else if (typeof def === 'boolean') out[name] = raw === true || !['0', 'false', 'no'].includes(String(raw));
    else if (typeof def === 'number') {
      const n = Number(raw);
      // 0 is allowed where the option says so ("0 to skip"); everything else must be positive.
      const zeroSkips = /\b0 to skip\b/.test(spec[name].help ?? '');
      if (!Number.isFinite(n) || n < 0 || (n === 0 && !zeroSkips))
        throw new Error(`--${name} must be a positive number (got ${raw})`);
      out[name] = n;
    } else out[name] = String(raw);
  }
  return out;
}

export function helpText(spec) {
  return Object.entries(spec)
    .map(
      ([name, { default: def, help }]) =>
        `  --${name.padEnd(20)} ${help} (default ${def}; env BENCH_${name.toUpperCase().replace(/-/g, '_')})`,
    )
    .join('\n');
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
