// Moves extracted files from the staging folder into the destination, as a journaled
// transaction: plan (checking again, right before the move, that no folder on the way became a
// link or a file), write the journal, apply it step by step, mark it committed. A failure, a
// cancel or a kill part-way is undone (or, after a kill, finished) from the journal alone; see
// commitSteps.ts for why no destination path is ever missing or half-written.
import { mkdir, rename, rmdir, stat, utimes } from 'node:fs/promises';
import * as path from 'node:path';
import { GumloopError, cancelledError, filesystemError } from '../errors';
import { shortName } from '../text';
import { backwardFile, backwardFolder, changedUnderfoot, forwardFile, forwardFolder, type FileStep, type MadeFolders } from './commitSteps';
import { neededFolders } from './folders';
import { BACKUP_FOLDER, STAGING_FOLDER, markCommitted, readJournal, removeJournal, writeJournal, type Journal } from './journal';
import { pathKind } from './pathKind';
import { TimeSlices } from './slices';

export interface StagedFile {
  /** Relative path in the destination, `/`-separated; staged at `<scratch>/files/<target>`. */
  target: string;
  overwrite: boolean;
}

export interface CommitOptions {
  /** The scratch folder whose `files/` holds the staged tree; the journal is written here. */
  scratch: string;
  destination: string;
  files: readonly StagedFile[];
  /** Folders the archive lists on their own (empty ones too), relative. */
  folders?: readonly string[];
  signal?: AbortSignal;
  /** Called when files start moving one by one (not for a new destination's single rename). */
  onMoving?: () => void;
}

/** How often (in files) the move looks at the cancel signal. */
const CANCEL_CHECK_EVERY = 64;

/** Returns the folders it created in the destination, relative. */
export async function commitStaged(options: CommitOptions): Promise<string[]> {
  const { scratch, destination } = options;
  const destinationKind = await pathKind(destination);
  if (destinationKind === 'missing') {
    await moveWholeTree(scratch, destination);
    return neededFolders(options.files.map((file) => file.target), options.folders ?? []);
  }
  if (destinationKind !== 'folder') throw changedUnderfoot(destination, 'is no longer a folder');

  const journal: Journal = {
    version: 1,
    destination,
    folders: await foldersToCreate(destination, options.files, options.folders ?? []),
    replace: options.files.filter((file) => file.overwrite).map((file) => file.target),
    add: options.files.filter((file) => !file.overwrite).map((file) => file.target),
  };
  const before = await stat(destination);
  await writeJournal(scratch, journal);
  options.onMoving?.();
  try {
    await applyJournal(scratch, journal, options.signal);
  } catch (error) {
    await rollBack(scratch, journal, error);
    // The destination's own entry list changed and changed back; its time should not say otherwise.
    await utimes(destination, before.atime, before.mtime).catch(() => undefined);
    throw options.signal?.aborted && !(error instanceof GumloopError && error.code !== 'cancelled')
      ? new GumloopError('cancelled', 'The download was cancelled while moving the files into place; every file already moved was put back. Nothing was written.')
      : filesystemError(error, 'move the files into place');
  }
  await markCommitted(scratch);
  return journal.folders;
}

/**
 * A destination that does not exist yet receives the whole staging folder in one rename: it
 * either appears complete or not at all. Parents are created first and removed again on failure.
 */
async function moveWholeTree(scratch: string, destination: string): Promise<void> {
  const created: string[] = [];
  for (let current = path.dirname(destination); (await pathKind(current)) === 'missing'; current = path.dirname(current)) {
    if (path.dirname(current) === current) break;
    created.unshift(current);
  }
  try {
    for (const folder of created) await mkdir(folder);
    await rename(path.join(scratch, STAGING_FOLDER), destination);
  } catch (error) {
    for (const folder of created.reverse()) await rmdir(folder).catch(() => undefined);
    throw filesystemError(error, 'move the files into place');
  }
}

/**
 * The folders the move must create, parents first. Every existing folder on the way is checked
 * to still be a real folder: extraction can take minutes, and a link swapped in meanwhile would
 * send files outside the destination.
 */
async function foldersToCreate(destination: string, files: readonly StagedFile[], listed: readonly string[]): Promise<string[]> {
  const sorted = neededFolders(files.map((file) => file.target), listed);
  const missing = new Set<string>();
  for (const folder of sorted) {
    const parent = path.posix.dirname(folder);
    if (missing.has(parent)) {
      missing.add(folder);
      continue;
    }
    const kind = await pathKind(path.join(destination, folder));
    if (kind === 'link') throw changedUnderfoot(folder, 'became a symbolic link');
    if (kind === 'file') throw changedUnderfoot(folder, 'became a file');
    if (kind === 'missing') missing.add(folder);
  }
  return sorted.filter((folder) => missing.has(folder));
}

/**
 * Runs the steps synchronously in time slices (see slices.ts). Iterates the journal's own arrays: no step list is materialised
 * (100,000 of them at the entry limit).
 */
async function applyJournal(scratch: string, journal: Journal, signal?: AbortSignal): Promise<void> {
  const slices = new TimeSlices();
  for (const folder of journal.folders) forwardFolder(journal.destination, folder);
  const made: MadeFolders = new Set();
  let done = 0;
  const step: FileStep = { scratch, destination: journal.destination, target: '', replace: true };
  for (const [targets, replace] of [[journal.replace, true], [journal.add, false]] as const) {
    step.replace = replace;
    for (const target of targets) {
      if (slices.due()) await slices.next();
      if (++done % CANCEL_CHECK_EVERY === 0 && signal?.aborted) throw cancelledError();
      step.target = target;
      forwardFile(step, made);
    }
  }
}

/** Undoes every step; if any cannot be undone, the scratch folder (with the originals) is kept. */
async function rollBack(scratch: string, journal: Journal, cause: unknown): Promise<void> {
  const failures: string[] = [];
  const slices = new TimeSlices();
  // Newest first.
  for (const [targets, replace] of [[journal.add, false], [journal.replace, true]] as const) {
    for (let index = targets.length - 1; index >= 0; index--) {
      if (slices.due()) await slices.next();
      try {
        backwardFile({ scratch, destination: journal.destination, target: targets[index], replace });
      } catch {
        failures.push(targets[index]);
      }
    }
  }
  for (const folder of [...journal.folders].reverse()) backwardFolder(journal.destination, folder);
  if (failures.length > 0) {
    throw new GumloopError(
      'filesystem',
      `Moving the files into place failed, and ${failures.length} file${failures.length === 1 ? '' : 's'} could not be put back (first: “${shortName(failures[0])}”). The originals are kept in ${path.join(scratch, BACKUP_FOLDER)}; the next download into this folder tries again. ${cause instanceof Error ? cause.message : ''}`.trim(),
      { cause, preserve: scratch },
    );
  }
  await removeJournal(scratch);
}

export type RecoveryOutcome = { outcome: 'finished' | 'rolled-back'; destination: string; files: number; reason?: string } | undefined;

/**
 * Finishes or undoes a commit a killed run left in `scratch`. The staged files were complete and
 * checked before the journal was written, so finishing is tried first; if a step cannot be done
 * (the folder changed since), everything is put back instead. Undefined when nothing was pending.
 */
export async function recoverCommit(scratch: string): Promise<RecoveryOutcome> {
  const found = await readJournal(scratch);
  if (found.state === 'none') return undefined;
  if (found.state === 'committed') {
    await removeJournal(scratch);
    return found.journal ? { outcome: 'finished', destination: found.journal.destination, files: found.journal.replace.length + found.journal.add.length } : undefined;
  }
  const { journal } = found;
  const files = journal.replace.length + journal.add.length;
  try {
    await applyJournal(scratch, journal);
  } catch (error) {
    await rollBack(scratch, journal, error);
    return { outcome: 'rolled-back', destination: journal.destination, files, reason: error instanceof Error ? error.message : String(error) };
  }
  await markCommitted(scratch);
  await removeJournal(scratch);
  return { outcome: 'finished', destination: journal.destination, files };
}
