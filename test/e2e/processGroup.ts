// Stops a detached child together with everything it spawned: code-server forks extension hosts,
// file watchers and pty hosts that survive if only the parent dies.

/** Sends `signal` to every process in the group led by `pid`; false when the group is already gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL whatever is left after `graceMs`. Resolves once the group is empty (or gave up). */
export async function stopGroup(pid: number, graceMs = 5000): Promise<void> {
  if (!signalGroup(pid, 'SIGTERM')) return;
  if (await groupGoneWithin(pid, graceMs)) return;
  signalGroup(pid, 'SIGKILL');
  await groupGoneWithin(pid, 2000);
}

async function groupGoneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!signalGroup(pid, 0)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !signalGroup(pid, 0);
}
