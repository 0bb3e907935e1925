// One file's part of the final move, forwards and backwards. Each step is idempotent and decides
// from what is on disk how far it got, so the same code runs the live commit, finishes a commit
// a killed run left, and undoes either. The invariants, at every instant:
//  - a replaced file's path always holds a whole file: the original is hard-linked (or copied)
//    to backup/<target> first, then the new file is renamed over it in one atomic step;
//  - a new file never clobbers one that appeared meanwhile: it is hard-linked into place, which
//    fails if the name is taken, and only then removed from staging;
//  - staged/<target> still present means "not moved yet"; gone means "moved".
import { copyFile, link, lstat, mkdir, rename, rm, rmdir, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { GumloopError } from '../errors';
import { shortName } from '../text';
import { backupPath, stagedPath } from './journal';
import { pathKind } from './pathKind';

export interface FileStep {
  scratch: string;
  destination: string;
  /** Relative, `/`-separated. */
  target: string;
  replace: boolean;
}

export function changedUnderfoot(relative: string, what: string): GumloopError {
  return new GumloopError('conflict', `“${shortName(relative)}” ${what} while the download was being extracted. Nothing was written; check the folder and try again.`, { paths: [relative] });
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([lstat(a).catch(() => undefined), lstat(b).catch(() => undefined)]);
  return !!x && !!y && x.ino === y.ino && x.dev === y.dev;
}

/** A hard link to the original; a copy (to a temporary name, then renamed) where links fail. */
async function keepOriginal(target: string, backup: string): Promise<void> {
  if ((await pathKind(backup)) === 'file') return;
  await mkdir(path.dirname(backup), { recursive: true });
  try {
    await link(target, backup);
  } catch (error) {
    if (code(error) === 'ENOENT') throw error;
    const partial = `${backup}.partial`;
    await copyFile(target, partial);
    await rename(partial, backup);
  }
}

/** Places the staged file at a free path without ever replacing something that appeared there. */
async function placeNew(staged: string, target: string, relative: string): Promise<void> {
  try {
    await link(staged, target);
  } catch (error) {
    if (code(error) === 'EEXIST') throw changedUnderfoot(relative, 'appeared');
    if (code(error) === 'EXDEV' || code(error) === 'ENOENT') throw error;
    // No hard links here (some network and FAT disks): check, then rename.
    if ((await pathKind(target)) !== 'missing') throw changedUnderfoot(relative, 'appeared');
    await rename(staged, target);
    return;
  }
  await unlink(staged);
}

/** A rename or link that would cross into another disk mounted inside the destination. */
function otherDisk(step: FileStep, error: unknown): unknown {
  if (code(error) !== 'EXDEV') return error;
  const folder = path.posix.dirname(step.target);
  const where = folder === '.' ? `“${shortName(step.target)}”` : `the folder “${shortName(folder)}”`;
  return new GumloopError('filesystem', `${where} is on another disk (a mount inside “${shortName(path.basename(step.destination))}”), and files cannot be moved across disks in one safe step. Nothing was written; download into a folder on a single disk.`, { cause: error });
}

export async function forwardFile(step: FileStep): Promise<void> {
  try {
    await moveIntoPlace(step);
  } catch (error) {
    throw otherDisk(step, error);
  }
}

async function moveIntoPlace(step: FileStep): Promise<void> {
  const staged = stagedPath(step.scratch, step.target);
  const target = path.join(step.destination, step.target);
  const stagedKind = await pathKind(staged);
  if (stagedKind === 'missing') return; // moved already
  const existing = await pathKind(target);
  if (existing === 'link') throw changedUnderfoot(step.target, 'became a symbolic link');
  if (existing === 'folder') throw changedUnderfoot(step.target, 'became a folder');
  if (existing === 'file' && (await sameFile(staged, target))) {
    await unlink(staged); // linked into place already
    return;
  }
  if (step.replace && existing === 'file') {
    await keepOriginal(target, backupPath(step.scratch, step.target));
    await rename(staged, target);
    return;
  }
  if (!step.replace && existing === 'file') throw changedUnderfoot(step.target, 'appeared');
  // A file to replace that the user removed meanwhile is simply new now.
  await placeNew(staged, target, step.target);
}

/** Puts the destination path back the way it was before `forwardFile` ran (fully or partly). */
export async function backwardFile(step: FileStep): Promise<void> {
  const staged = stagedPath(step.scratch, step.target);
  const backup = backupPath(step.scratch, step.target);
  const target = path.join(step.destination, step.target);
  const moved = (await pathKind(staged)) === 'missing';
  if (!moved) {
    // Not moved: the destination holds the original (or a link to our staged copy, to drop).
    if (await sameFile(staged, target)) await unlink(target);
    await rm(backup, { force: true });
    return;
  }
  if ((await pathKind(backup)) === 'file') {
    await rename(backup, target); // atomic: the new file is replaced by the original
  } else if ((await pathKind(target)) === 'file') {
    await unlink(target); // it was new
  }
}

/** Creates a planned folder; an existing one must be a real folder, not a link or a file. */
export async function forwardFolder(destination: string, relative: string): Promise<void> {
  const full = path.join(destination, relative);
  const kind = await pathKind(full);
  if (kind === 'folder') return;
  if (kind === 'link') throw changedUnderfoot(relative, 'became a symbolic link');
  if (kind === 'file') throw changedUnderfoot(relative, 'became a file');
  await mkdir(full);
}

/** Removes a planned folder if it is empty; anything inside (the user's) keeps it. */
export async function backwardFolder(destination: string, relative: string): Promise<void> {
  const full = path.join(destination, relative);
  if ((await pathKind(full)) !== 'folder') return;
  await rmdir(full).catch(() => undefined);
}
