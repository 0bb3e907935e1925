// One file's part of the final move, forwards and backwards. Each step is idempotent and decides
// from what is on disk how far it got, so the same code runs the live commit, finishes a commit
// a killed run left, and undoes either. The invariants, at every instant:
//  - a replaced file's path always holds a whole file: the original is hard-linked (or copied)
//    to backup/<target> first, then the new file is renamed over it in one atomic step;
//  - a new file never clobbers one that appeared meanwhile: it is hard-linked into place, which
//    fails if the name is taken, and only then removed from staging;
//  - staged/<target> still present means "not moved yet"; gone means "moved".
//
// The steps are synchronous, and the caller runs them in time slices (see commit.ts): a step is
// a handful of metadata calls of microseconds each, and sending each through the thread pool cost
// more than the calls themselves (a wake-up per call, ~11 per file). A step makes at most two
// lstat calls and never looks up the same path twice; backup folders are created once each.
import { copyFileSync, linkSync, lstatSync, mkdirSync, renameSync, rmSync, rmdirSync, unlinkSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { GumloopError } from '../errors';
import { shortName } from '../text';
import { backupPath, stagedPath } from './journal';
import { kindOf, pathKindSync } from './pathKind';

export interface FileStep {
  scratch: string;
  destination: string;
  /** Relative, `/`-separated. */
  target: string;
  replace: boolean;
}

/** Backup folders known to exist, so each is created once per commit, not once per file. */
export type MadeFolders = Set<string>;

export function changedUnderfoot(relative: string, what: string): GumloopError {
  return new GumloopError('conflict', `“${shortName(relative)}” ${what} while the download was being extracted. Nothing was written; check the folder and try again.`, { paths: [relative] });
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function lstatOrUndefined(file: string): Stats | undefined {
  return lstatSync(file, { throwIfNoEntry: false });
}

function sameFile(x: Stats | undefined, y: Stats | undefined): boolean {
  return !!x && !!y && x.ino === y.ino && x.dev === y.dev;
}

/** A hard link to the original; a copy (to a temporary name, then renamed) where links fail. */
function keepOriginal(target: string, backup: string, made: MadeFolders): void {
  const folder = path.dirname(backup);
  if (!made.has(folder)) {
    mkdirSync(folder, { recursive: true });
    made.add(folder);
  }
  try {
    linkSync(target, backup);
  } catch (error) {
    if (code(error) === 'ENOENT') throw error;
    // Kept already by a run that was killed after this: the backup is the original.
    if (code(error) === 'EEXIST' && pathKindSync(backup) === 'file') return;
    const partial = `${backup}.partial`;
    copyFileSync(target, partial);
    renameSync(partial, backup);
  }
}

/** Places the staged file at a free path without ever replacing something that appeared there. */
function placeNew(staged: string, target: string, relative: string): void {
  try {
    linkSync(staged, target);
  } catch (error) {
    if (code(error) === 'EEXIST') throw changedUnderfoot(relative, 'appeared');
    if (code(error) === 'EXDEV' || code(error) === 'ENOENT') throw error;
    // No hard links here (some network and FAT disks): check, then rename.
    if (pathKindSync(target) !== 'missing') throw changedUnderfoot(relative, 'appeared');
    renameSync(staged, target);
    return;
  }
  unlinkSync(staged);
}

/** A rename or link that would cross into another disk mounted inside the destination. */
function otherDisk(step: FileStep, error: unknown): unknown {
  if (code(error) !== 'EXDEV') return error;
  const folder = path.posix.dirname(step.target);
  const where = folder === '.' ? `“${shortName(step.target)}”` : `the folder “${shortName(folder)}”`;
  return new GumloopError('filesystem', `${where} is on another disk (a mount inside “${shortName(path.basename(step.destination))}”), and files cannot be moved across disks in one safe step. Nothing was written; download into a folder on a single disk.`, { cause: error });
}

export function forwardFile(step: FileStep, made: MadeFolders = new Set()): void {
  try {
    moveIntoPlace(step, made);
  } catch (error) {
    throw otherDisk(step, error);
  }
}

function moveIntoPlace(step: FileStep, made: MadeFolders): void {
  const staged = stagedPath(step.scratch, step.target);
  const target = path.join(step.destination, step.target);
  const stagedStats = lstatOrUndefined(staged);
  if (!stagedStats) return; // moved already
  const targetStats = lstatOrUndefined(target);
  const existing = kindOf(targetStats);
  if (existing === 'link') throw changedUnderfoot(step.target, 'became a symbolic link');
  if (existing === 'folder') throw changedUnderfoot(step.target, 'became a folder');
  if (existing === 'file' && sameFile(stagedStats, targetStats)) {
    unlinkSync(staged); // linked into place already
    return;
  }
  if (step.replace && existing === 'file') {
    keepOriginal(target, backupPath(step.scratch, step.target), made);
    renameSync(staged, target);
    return;
  }
  if (!step.replace && existing === 'file') throw changedUnderfoot(step.target, 'appeared');
  // A file to replace that the user removed meanwhile is simply new now.
  placeNew(staged, target, step.target);
}

/** Puts the destination path back the way it was before `forwardFile` ran (fully or partly). */
export function backwardFile(step: FileStep): void {
  const staged = stagedPath(step.scratch, step.target);
  const backup = backupPath(step.scratch, step.target);
  const target = path.join(step.destination, step.target);
  const stagedStats = lstatOrUndefined(staged);
  if (stagedStats) {
    // Not moved: the destination holds the original (or a link to our staged copy, to drop).
    if (sameFile(stagedStats, lstatOrUndefined(target))) unlinkSync(target);
    rmSync(backup, { force: true });
    return;
  }
  if (pathKindSync(backup) === 'file') {
    renameSync(backup, target); // atomic: the new file is replaced by the original
  } else if (pathKindSync(target) === 'file') {
    unlinkSync(target); // it was new
  }
}

/** Creates a planned folder; an existing one must be a real folder, not a link or a file. */
export function forwardFolder(destination: string, relative: string): void {
  const full = path.join(destination, relative);
  const kind = pathKindSync(full);
  if (kind === 'folder') return;
  if (kind === 'link') throw changedUnderfoot(relative, 'became a symbolic link');
  if (kind === 'file') throw changedUnderfoot(relative, 'became a file');
  mkdirSync(full);
}

/** Removes a planned folder if it is empty; anything inside (the user's) keeps it. */
export function backwardFolder(destination: string, relative: string): void {
  const full = path.join(destination, relative);
  if (pathKindSync(full) !== 'folder') return;
  try {
    rmdirSync(full);
  } catch {
    // Not empty (the user's files), or gone: either way it stays as the user left it.
  }
}
