// Moves extracted files from the staging folder into the destination. Every step is recorded so
// that a failure part-way puts back exactly what was there before. Extraction can take minutes,
// so what was checked before it is checked again here, right before each move: no folder on the
// way is a link (or a file), and no new file has appeared where one is about to be placed.
import { mkdir, rename, rmdir } from 'node:fs/promises';
import * as path from 'node:path';
import { GumloopError, filesystemError } from '../errors';
import { pathKind } from './pathKind';

export interface StagedFile {
  /** Path inside the staging folder. */
  staged: string;
  /** Relative path in the destination, `/`-separated. */
  target: string;
  overwrite: boolean;
}

type Step = { kind: 'mkdir'; dir: string } | { kind: 'move'; from: string; to: string };

function changedUnderfoot(relative: string, what: string): GumloopError {
  return new GumloopError('conflict', `“${relative}” ${what} while the download was being extracted. Nothing was written; check the folder and try again.`, { paths: [relative] });
}

/**
 * Creates `dir` (inside `root`) and its missing parents, recording each one created; every
 * existing folder on the way must be a real folder, not a link. `checked` caches verified folders.
 */
async function makeDirs(root: string, dir: string, journal: Step[], checked: Set<string>): Promise<void> {
  const relative = path.relative(root, dir);
  let current = root;
  for (const part of relative ? relative.split(path.sep) : []) {
    current = path.join(current, part);
    if (checked.has(current)) continue;
    const kind = await pathKind(current);
    if (kind === 'link') throw changedUnderfoot(path.relative(root, current), 'became a symbolic link');
    if (kind === 'file') throw changedUnderfoot(path.relative(root, current), 'became a file');
    if (kind === 'missing') {
      await mkdir(current);
      journal.push({ kind: 'mkdir', dir: current });
    }
    checked.add(current);
  }
}

/** Creates the folders above `dir` outside any root check (the parents of a new destination). */
async function makeParents(dir: string, journal: Step[]): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; (await pathKind(current)) === 'missing'; current = path.dirname(current)) {
    if (path.dirname(current) === current) break;
    missing.push(current);
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

/** Undoes the journal; returns what could not be undone. */
async function undo(journal: Step[]): Promise<string[]> {
  const failures: string[] = [];
  for (const step of journal.reverse()) {
    try {
      if (step.kind === 'move') await rename(step.to, step.from);
      else await rmdir(step.dir);
    } catch {
      failures.push(step.kind === 'move' ? step.to : step.dir);
    }
  }
  return failures;
}

/**
 * Fast path: a destination that does not exist yet receives the whole staging folder in one rename.
 * Otherwise each file moves on its own; replaced files are first moved aside into `backupDir`.
 * If undoing a failure fails too, the error says so and asks to keep `keepOnFailure` (which holds
 * `backupDir`), so the user's replaced files are never deleted with the scratch folder.
 */
export async function commitStaged(stagingDir: string, destination: string, files: readonly StagedFile[], backupDir: string, keepOnFailure: string): Promise<void> {
  const journal: Step[] = [];
  try {
    const destinationKind = await pathKind(destination);
    if (destinationKind === 'missing') {
      await makeParents(path.dirname(destination), journal);
      await move(stagingDir, destination, journal);
      return;
    }
    if (destinationKind !== 'folder') throw changedUnderfoot(destination, 'is no longer a folder');
    let backups = 0;
    const checked = new Set<string>();
    for (const file of files) {
      const target = path.join(destination, file.target);
      await makeDirs(destination, path.dirname(target), journal, checked);
      const existing = await pathKind(target);
      if (file.overwrite) {
        if (existing === 'missing') {
          // Gone since the question: nothing to back up.
        } else if (existing === 'file') {
          if (backups === 0) await makeParents(backupDir, []);
          await move(target, path.join(backupDir, String(backups++)), journal);
        } else {
          throw changedUnderfoot(file.target, existing === 'link' ? 'became a symbolic link' : 'became a folder');
        }
      } else if (existing !== 'missing') {
        throw changedUnderfoot(file.target, 'appeared');
      }
      await move(file.staged, target, journal);
    }
  } catch (error) {
    const failures = await undo(journal);
    if (failures.length > 0) {
      throw new GumloopError(
        'filesystem',
        `Moving the files into place failed, and ${failures.length} change${failures.length === 1 ? '' : 's'} could not be undone (first: ${failures[0]}). Replaced originals are kept in ${backupDir}. ${error instanceof Error ? error.message : ''}`,
        { cause: error, preserve: keepOnFailure },
      );
    }
    throw filesystemError(error, 'move the files into place');
  }
}
