// Makes sure nothing the harness started outlives it: code-server keeps its whole process group
// (extension hosts, file watchers) running unless someone kills it, even after Ctrl-C on the runner.
type Cleanup = () => void | Promise<void>;
interface Entry {
  graceful: Cleanup;
  immediate?: () => void;
}

const cleanups = new Set<Entry>();
let installed = false;
let signalExitCode: ((signal: NodeJS.Signals) => number) | undefined;
let stopping = false;

/**
 * Registers `graceful` to run (awaited) on SIGINT/SIGTERM/SIGHUP or runCleanups(). At process exit
 * nothing can be awaited, so `immediate` runs instead (e.g. SIGKILL a process group), or else the
 * synchronous part of `graceful`. The returned function unregisters.
 */
export function registerCleanup(graceful: Cleanup, immediate?: () => void): () => void {
  installHandlers();
  const entry: Entry = { graceful, immediate };
  cleanups.add(entry);
  return () => {
    cleanups.delete(entry);
  };
}

/** The demo treats Ctrl-C as the normal way to stop, so it exits 0 instead of 128+signal. */
export function setSignalExitCode(code: (signal: NodeJS.Signals) => number): void {
  signalExitCode = code;
}

/** Runs every registered cleanup once, in reverse order of registration. */
export async function runCleanups(): Promise<void> {
  for (const entry of [...cleanups].reverse()) {
    try {
      await entry.graceful();
    } catch (err) {
      console.error('cleanup failed:', err instanceof Error ? err.message : err);
    }
    // Removed only once done: if the process exits meanwhile, the exit handler still sees it.
    cleanups.delete(entry);
  }
}

function installHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // A second Ctrl-C while cleaning up means "now": the exit handler still kills the groups.
      if (stopping) process.exit(130);
      stopping = true;
      const code = signalExitCode?.(signal) ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1);
      void runCleanups().finally(() => process.exit(code));
    });
  }
  // On exit only synchronous work happens; each cleanup's synchronous prefix (e.g. a kill) still runs.
  process.on('exit', () => {
    for (const { graceful, immediate } of cleanups) {
      try {
        if (immediate) immediate();
        else void Promise.resolve(graceful()).catch(() => undefined);
      } catch {
        // exiting anyway
      }
    }
  });
}
