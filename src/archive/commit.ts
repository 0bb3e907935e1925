// Moves extracted files from the staging folder into the destination. Every step is recorded so
// that a failure part-way puts back exactly what was there before.
import { mkdir, rename, rmdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

export interface StagedFile {
  /** Path inside the staging folder. */
  staged: string;
  /** Relative path in the destination, `/`-separated. */
  target: string;
  overwrite: boolean;
}

type Step = { kind: 'mkdir'; dir: string } | { kind: 'move'; from: string; to: string };

/** Creates `dir` and its missing parents, recording each one created. */
async function makeDirs(dir: string, journal: Step[]): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      const stats = await stat(current);
      if (!stats.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(current) === current) throw error;
      missing.push(current);
    }
  }
  for (const created of missing.reverse()) {
    await mkdir(created);
    journal.push({ kind: 'mkdir', dir: created });
  }
}

async function move(from: string, to: string, journal: Step[]): Promise<void> {
  await rename(from, to);
  journal.push({ kind: 'move', from, to });
}

async function undo(journal: Step[]): Promise<void> {
  for (const step of journal.reverse()) {
    try {
      if (step.kind === 'move') await rename(step.to, step.from);
      else await rmdir(step.dir);
    } catch {
      // Best effort: keep undoing the rest.
    }
  }
}

/**
 * Fast path: a destination that does not exist yet receives the whole staging folder in one rename.
 * Otherwise each file moves on its own; replaced files are first moved aside into `backupDir`.
 */
export async function commitStaged(stagingDir: string, destination: string, files: readonly StagedFile[], backupDir: string): Promise<void> {
  const journal: Step[] = [];
  try {
    const destinationExists = await stat(destination).then(
      () => true,
      () => false,
    );
    if (!destinationExists) {
      await makeDirs(path.dirname(destination), journal);
      await move(stagingDir, destination, journal);
      return;
    }
    let backups = 0;
    const madeBackupDir: Step[] = [];
    for (const file of files) {
      const target = path.join(destination, file.target);
      await makeDirs(path.dirname(target), journal);
      if (file.overwrite) {
        if (backups === 0) await makeDirs(backupDir, madeBackupDir);
        await move(target, path.join(backupDir, String(backups++)), journal);
      }
      await move(file.staged, target, journal);
    }
  } catch (error) {
    await undo(journal);
    throw error;
  }
}
