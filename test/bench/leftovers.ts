// Scratch folders are named after the benchmark's pid. An interrupted run (Ctrl+C, a crash) leaves
// its own behind: remove those whose process is gone, never those of a run still going.
import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { DATA_DIR } from './benchPaths';

const SCRATCH_NAME = /^(?:runs|emulator|extras)-(\d+)$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function removeLeftoverScratch(log: (line: string) => void): Promise<void> {
  const names = await readdir(DATA_DIR).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(SCRATCH_NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid || isRunning(pid)) continue;
    log(`removing ${name}, left by an interrupted run`);
    await rm(path.join(DATA_DIR, name), { recursive: true, force: true });
  }
}
