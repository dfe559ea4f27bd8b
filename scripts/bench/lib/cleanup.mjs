// Cleanup that runs however the bench ends: normal end, an exception, Ctrl-C or SIGTERM.
// Each task is registered by whoever started the thing it undoes (a child process, a temp dir).
const tasks = [];
let running = null;

/** Registers `fn` (sync or async); returns a function that unregisters it. */
export function onCleanup(fn) {
  tasks.push(fn);
  return () => {
    const i = tasks.indexOf(fn);
    if (i >= 0) tasks.splice(i, 1);
  };
}

/** Runs every registered task once, newest first. */
export function cleanupAll() {
  if (running) return running;
  running = (async () => {
    while (tasks.length > 0) {
      const fn = tasks.pop();
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`cleanup: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  })();
  return running;
}

let installed = false;
export function installSignalHandlers() {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping and cleaning up\n`);
      void cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}
