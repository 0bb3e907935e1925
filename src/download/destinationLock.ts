// One download per destination at a time, across processes (the CLI and every VS Code window).
// The lock is a small file beside the destination, in its parent folder, so it exists whether or
// not the destination does yet, and two paths to one folder (a link and its target) share it once
// the caller resolved the link. It names its owner, so a second download can say who holds it,
// and a lock whose owner died (same host, process gone) is taken over at once.
//
// Not proper-lockfile: loading it replaces process.emit/reallyExit (signal-exit) and fs.close
// (graceful-fs) for the whole process, which in the shared extension host is not ours to do; it
// records no owner, and it decides staleness by a timer-refreshed mtime, so a host stalled for
// its stale period loses the lock while still committing.
import { accessSync, closeSync, constants, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { GumloopError } from '../errors';

export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the download started. */
  started: string;
  /** What is downloading, e.g. "gumloop-files CLI" or "VS Code". */
  command: string;
  token: string;
}

export interface DestinationLock {
  readonly path: string;
  release(): void;
}

/** Hidden in the Explorer by the files.exclude default in package.json (test/unit/manifest.test.ts). */
export const LOCK_PREFIX = '.gumloop-lock.';

/** `<parent>/.gumloop-lock.<name>` (or inside, see lockFolderFor): hidden, and says whose it is. */
export function lockPathFor(destination: string): string {
  return path.join(lockFolderFor(destination), `${LOCK_PREFIX}${path.basename(destination)}`);
}

/**
 * The folder that holds a download's lock, and its scratch folder (scratch.ts): the destination's
 * parent, so that two downloads into a folder that does not exist yet meet at one lock. But when
 * the destination exists and its parent cannot be written (`--out ~`, a workspace mounted into a
 * read-only folder), the destination itself: nobody can create such a destination, so every
 * download into it decides the same way.
 */
export function lockFolderFor(destination: string): string {
  const parent = path.dirname(destination);
  if (canWrite(parent)) return parent;
  return isFolder(destination) ? destination : parent;
}

function canWrite(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** A lock file nobody could finish writing (killed between create and write) is stale after this. */
const UNREADABLE_GRACE_MS = 5_000;

/**
 * Takes the lock or throws a one-line error naming the running download. Synchronous on purpose:
 * create-and-write is one uninterrupted step of this process, so no other task of ours sees a
 * lock without its owner.
 */
export function acquireDestinationLock(destination: string, command: string): DestinationLock {
  const lockPath = lockPathFor(destination);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), started: new Date().toISOString(), command, token: randomUUID() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockPath, owner)) {
      return { path: lockPath, release: () => releaseIfOurs(lockPath, owner.token) };
    }
    const holder = readOwnerPatiently(lockPath);
    if (holder === 'gone') continue;
    if (!isAbandoned(lockPath, holder)) throw lockedError(destination, holder);
    breakLock(lockPath, holder);
  }
  throw new GumloopError('conflict', `Another download into “${path.basename(destination)}” keeps taking its lock (${lockPath}). Wait for it to finish and try again.`);
}

function tryCreate(lockPath: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A lock just created is empty for an instant, until its owner writes its name: look again briefly. */
function readOwnerPatiently(lockPath: string): LockOwner | 'unreadable' | 'gone' {
  let holder = readOwner(lockPath);
  for (let wait = 0; holder === 'unreadable' && wait < 20; wait++) {
    Atomics.wait(PAUSE, 0, 0, 10);
    holder = readOwner(lockPath);
  }
  return holder;
}
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function readOwner(lockPath: string): LockOwner | 'unreadable' | 'gone' {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') return parsed as LockOwner;
    return 'unreadable';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return 'unreadable';
  }
}

/** Is this process (on this host) still running? EPERM means it runs under another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The owner is gone for sure: same host and its process has ended (or never wrote its name). */
export function ownerIsGone(owner: { pid: number; host: string }): boolean {
  return owner.host === os.hostname() && owner.pid !== process.pid && !isProcessAlive(owner.pid);
}

function isAbandoned(lockPath: string, holder: LockOwner | 'unreadable'): boolean {
  if (holder !== 'unreadable') return ownerIsGone(holder);
  try {
    return Date.now() - statSync(lockPath).mtimeMs > UNREADABLE_GRACE_MS;
  } catch {
    return true;
  }
}

/**
 * Removes an abandoned lock. Two runs may find the same dead owner at once; a second, short-lived
 * "breaker" file lets only one of them remove it, and the lock is re-read under it, so a run never
 * removes the fresh lock another run has just taken.
 */
function breakLock(lockPath: string, holder: LockOwner | 'unreadable'): void {
  const breaker = `${lockPath}.break`;
  const breakerOwner: LockOwner = { pid: process.pid, host: os.hostname(), started: new Date().toISOString(), command: 'lock takeover', token: randomUUID() };
  if (!tryCreate(breaker, breakerOwner)) {
    const other = readOwner(breaker);
    // A breaker whose owner died mid-takeover would block the folder forever.
    if (other !== 'gone' && isAbandoned(breaker, other)) unlinkQuietly(breaker);
    return;
  }
  try {
    const now = readOwner(lockPath);
    const same = now === 'unreadable' ? holder === 'unreadable' : now !== 'gone' && holder !== 'unreadable' && now.token === holder.token;
    if (same) unlinkQuietly(lockPath);
  } finally {
    unlinkQuietly(breaker);
  }
}

function releaseIfOurs(lockPath: string, token: string): void {
  const holder = readOwner(lockPath);
  if (holder !== 'gone' && holder !== 'unreadable' && holder.token === token) unlinkQuietly(lockPath);
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function lockedError(destination: string, holder: LockOwner | 'unreadable'): GumloopError {
  const name = path.basename(destination);
  if (holder === 'unreadable') {
    return new GumloopError('conflict', `Another download into “${name}” is just starting. Wait for it to finish, or try again in a few seconds.`);
  }
  const where = holder.host === os.hostname() ? '' : ` on ${holder.host}`;
  const since = holder.started ? `, started ${holder.started.slice(11, 19)} UTC` : '';
  return new GumloopError(
    'conflict',
    `Another download into “${name}” is running (pid ${holder.pid}${where}${since}, ${holder.command}). Wait for it to finish, or stop it and try again.`,
  );
}
