// The private scratch folder of one download: the archive, the staged tree, the replaced
// originals and the journal. It sits beside the destination (same file system, so the final move
// is a rename), never inside it, and carries a marker file naming its owner. Only folders with
// that marker are ever removed, and only once their owner is gone: a user's own folder that
// happens to look like ours is never touched.
import { lstatSync, mkdtempSync, readdirSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { lstat, readFile, readdir, rm, rmdir, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { recoverCommit, type RecoveryOutcome } from '../archive/commit';
import { removeJournal } from '../archive/journal';
import { TimeSlices } from '../archive/slices';
import { lockFolderFor, ownerIsGone } from './destinationLock';

export const SCRATCH_PREFIX = '.gumloop-download-';
export const SCRATCH_MARKER = '.gumloop-scratch.json';

interface ScratchOwner {
  pid: number;
  host: string;
  started: string;
  destination: string;
}

/**
 * Where the scratch folder goes: where the lock goes (the destination's parent, or the destination
 * itself when only it can be written: lockFolderFor), and inside the destination when it is a
 * mount point of its own (another disk than its parent), since a rename cannot cross disks. The
 * marker keeps even one inside from being mistaken for the user's files.
 */
export async function scratchParent(destination: string): Promise<string> {
  const parent = path.dirname(destination);
  const own = await stat(destination).catch(() => undefined);
  if (!own?.isDirectory()) return parent;
  return own.dev === (await stat(parent)).dev ? lockFolderFor(destination) : destination;
}

/** Creates the folder and its marker in one synchronous step, so no unmarked folder of ours is left. */
export function createScratch(parent: string, destination: string): string {
  const folder = mkdtempSync(path.join(parent, SCRATCH_PREFIX));
  const owner: ScratchOwner = { pid: process.pid, host: os.hostname(), started: new Date().toISOString(), destination };
  writeFileSync(path.join(folder, SCRATCH_MARKER), JSON.stringify(owner));
  return folder;
}

/**
 * The journal goes first (the rest then means nothing) and the marker last, so a removal cut
 * short by a kill leaves a folder the next run still recognises as ours.
 */
export async function removeScratch(folder: string): Promise<void> {
  try {
    await removeJournal(folder);
    for (const name of await readdir(folder)) {
      if (name !== SCRATCH_MARKER) await removeTree(path.join(folder, name));
    }
    await rm(path.join(folder, SCRATCH_MARKER), { force: true });
    await rmdir(folder);
  } catch {
    // Left for the next run into this folder; a failure here must not fail a finished download.
  }
}

/**
 * Removes a tree: one unlink per file, synchronous, in time slices (see archive/slices.ts). fs.rm's
 * recursive removal starts every unlink of a folder, and of all its subfolders, at once (for a
 * backup of 100,000 replaced files, ~100 MB of pending requests, the peak of an overwrite), and
 * an lstat and an unlink per file through the thread pool cost more than the unlink itself.
 */
async function removeTree(target: string, slices = new TimeSlices()): Promise<void> {
  const stats = lstatSync(target, { throwIfNoEntry: false });
  if (!stats) return;
  if (!stats.isDirectory()) {
    unlinkSync(target);
    return;
  }
  const folders: string[] = [];
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (slices.due()) await slices.next();
    if (entry.isDirectory()) folders.push(entry.name);
    else unlinkSync(path.join(target, entry.name));
  }
  for (const name of folders) await removeTree(path.join(target, name), slices);
  rmdirSync(target);
}

async function readOwner(folder: string): Promise<ScratchOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path.join(folder, SCRATCH_MARKER), 'utf8')) as Partial<ScratchOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.destination === 'string' ? (owner as ScratchOwner) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Called with the destination's lock held. Every marked scratch folder in `parent` whose owner is
 * gone is cleaned up; one that was moving files into `destination` is first finished or undone
 * from its journal. A scratch folder for `destination` is orphaned whoever wrote it: its owner
 * would hold the lock we hold. Scratch folders of other destinations that still have a journal are
 * left for their own next run, which holds their lock.
 */
export async function cleanUpScratch(parent: string, destination: string, keep?: string): Promise<RecoveryOutcome[]> {
  const outcomes: RecoveryOutcome[] = [];
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(SCRATCH_PREFIX))) {
    const folder = path.join(parent, name);
    if (folder === keep || !(await lstat(folder).catch(() => undefined))?.isDirectory()) continue;
    const owner = await readOwner(folder);
    if (!owner) {
      // Ours cut short before its marker was written (no marker, or a marker killed between its
      // creation and its one write, so empty), or the user's: removed only in those two shapes.
      await removeUnwrittenScratch(folder);
      continue;
    }
    const ours = path.resolve(owner.destination) === destination;
    if (!ours && !ownerIsGone(owner)) continue;
    if (ours) {
      const outcome = await recoverCommit(folder);
      if (outcome) outcomes.push(outcome);
    } else if (await hasPendingJournal(folder)) {
      continue;
    }
    await removeScratch(folder);
  }
  return outcomes;
}

async function removeUnwrittenScratch(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => undefined);
  if (names?.length === 1 && names[0] === SCRATCH_MARKER) {
    const marker = path.join(folder, SCRATCH_MARKER);
    const stats = await lstat(marker).catch(() => undefined);
    if (!stats?.isFile() || stats.size !== 0) return;
    await rm(marker, { force: true }).catch(() => undefined);
  }
  await rmdir(folder).catch(() => undefined);
}

async function hasPendingJournal(folder: string): Promise<boolean> {
  return readFile(path.join(folder, 'journal.json')).then(
    () => true,
    () => false,
  );
}
