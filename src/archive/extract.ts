// Safe extraction: index → plan (refuse unsafe archives) → decide conflicts → inflate into a
// staging folder → move into place. The destination changes only in the last step, and a failure
// there is rolled back.
import { mkdir, open } from 'node:fs/promises';
import * as path from 'node:path';
import { GumloopError, filesystemError, throwIfAborted } from '../errors';
import { commitStaged, type StagedFile } from './commit';
import { neededFolders } from './folders';
import { STAGING_FOLDER } from './journal';
import { resolveConflicts, type ConflictPolicy, type ConflictResolver } from './conflicts';
import type { EntryHelper } from './entryHelper';
import { DEFAULT_LIMITS, type ArchiveLimits } from './limits';
import { selectRequested } from './requested';
import { planArchive } from './safety';
import { helperFor, isSmallEntry, writeSmallEntries } from './smallEntries';
import { streamEntry } from './streamedEntry';
import { readZipIndex, type ZipEntry } from './zipIndex';

export interface ExtractProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface ExtractOptions {
  archivePath: string;
  destination: string;
  /** An empty scratch folder on the same file system as the destination. */
  workDir: string;
  onConflict: ConflictPolicy | ConflictResolver;
  limits?: Partial<ArchiveLimits>;
  signal?: AbortSignal;
  /**
   * The names asked for (see requested.ts): only entries they name are written. The whole archive
   * is checked first all the same. Without it, every entry is written.
   */
  requested?: readonly string[];
  /** Called once the plan is known, before any file is written: the files to write and the paths not asked for. */
  onPlan?: (files: readonly string[], notRequested: readonly string[]) => void;
  onProgress?: (progress: ExtractProgress) => void;
  /** Called once when files start moving one by one into an existing destination (cancellable from then on by putting them back). */
  onCommit?: () => void;
  platform?: NodeJS.Platform;
  /**
   * A helper thread started early (while the archive downloads: it takes 50-150 ms to start on a
   * busy machine). Used if the archive has enough small entries to repay it, and closed either way.
   */
  helper?: EntryHelper;
}

export interface ExtractResult {
  /** Written files, relative to the destination, `/`-separated (renamed ones under their new name). */
  written: string[];
  skipped: string[];
  overwritten: string[];
  /** Folders the archive lists (empty ones included) that were created, relative, `/`-separated. */
  folders: string[];
  /** Every file path the archive held that was asked for, relative, `/`-separated. */
  archiveFiles: string[];
  /** Paths the archive held that nobody asked for (folders end in `/`): skipped, never written. */
  notRequested: string[];
  /** Requested names the archive did not hold. */
  missing: string[];
}

/** A file to write: where it goes (relative) and whether it replaces one; staged under the same path. */
interface Job extends StagedFile {
  entry: ZipEntry;
}

/**
 * Large entries streamed at once. On two cores, four streams were ~20% faster than two on 200 × 5 MiB
 * but peaked ~25 MB higher; memory matters more in a shared extension host.
 */
const STREAMED_CONCURRENCY = 2;

export async function extractArchive(options: ExtractOptions): Promise<ExtractResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const handle = await open(options.archivePath, 'r').catch(async (cause: unknown) => {
    await options.helper?.close();
    throw new GumloopError('filesystem', 'The downloaded archive could not be opened. Try again.', { cause });
  });
  let helper = options.helper;
  let closing: Promise<void> | undefined;
  try {
    const { size } = await handle.stat();
    const entries = await readZipIndex(handle, size, limits.maxEntries);
    // The whole archive is checked before the request narrows it: a hostile entry refuses it even if nobody asked for it.
    const checked = planArchive(entries, limits, options.platform);
    const { plan, notRequested, missing } = options.requested ? selectRequested(checked, options.requested) : { plan: checked, notRequested: [], missing: [] };
    const archiveFiles = plan.files.map((file) => file.path);
    options.onPlan?.(archiveFiles, notRequested);
    throwIfAborted(options.signal);

    const resolutions = await resolveConflicts(options.destination, archiveFiles, plan.folders, options.onConflict);
    throwIfAborted(options.signal);

    const stagingDir = path.join(options.workDir, STAGING_FOLDER);
    // One small object per file from here on: at the 100,000-entry limit every extra object or
    // absolute path per entry costs megabytes (see the tiny-100k bench shape).
    const jobs: Job[] = [];
    const result: ExtractResult = { written: [], skipped: [], overwritten: [], folders: [], archiveFiles, notRequested, missing };
    for (let index = 0; index < plan.files.length; index++) {
      const resolution = resolutions[index];
      if (resolution.action === 'skip') {
        result.skipped.push(plan.files[index].path);
        continue;
      }
      const job: Job = { entry: plan.files[index].entry, target: resolution.target, overwrite: resolution.action === 'overwrite' };
      jobs.push(job);
      result.written.push(job.target);
      if (job.overwrite) result.overwritten.push(job.target);
    }
    resolutions.length = 0;
    plan.files.length = 0;
    const small = jobs.filter((job) => isSmallEntry(job.entry));
    const large = jobs.filter((job) => !isSmallEntry(job.entry));
    // No helper thread when files are replaced: writing is a small part of an overwrite (the
    // commit is most of it), and the thread's memory stays in the process through the commit,
    // where an overwrite peaks (tiny-100k: 152 MB with it, 134 MB without, in the same bench).
    // Otherwise one when enough small files are to be written (not merely in the archive).
    helper = result.overwritten.length > 0 ? undefined : helperFor(small.length, options.helper);
    if (helper !== options.helper) await options.helper?.close();

    // Small entries' folders are made as their files are written (see writeItems), on both threads.
    await makeFolders(stagingDir, large.map((job) => job.target), plan.directories).catch((error: unknown) => {
      throw filesystemError(error, 'create the staging folders');
    });
    const bytesTotal = jobs.reduce((sum, job) => sum + job.entry.uncompressedSize, 0);
    const progress: ExtractProgress = { filesDone: 0, filesTotal: jobs.length, bytesDone: 0, bytesTotal };
    options.onProgress?.({ ...progress });
    const onWritten = (entry: ZipEntry) => {
      progress.filesDone++;
      progress.bytesDone += entry.uncompressedSize;
      options.onProgress?.({ ...progress });
    };
    // Small entries (in batches, on this thread) and large ones (streamed, on the thread pool)
    // proceed side by side; the first failure stops both.
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    let firstFailure: { error: unknown } | undefined;
    const stopOnFailure = (error: unknown) => {
      firstFailure ??= { error };
      stop.abort();
    };
    await Promise.all([
      writeSmallEntries(handle, small, stagingDir, (job) => onWritten(job.entry), signal, helper).catch(stopOnFailure),
      runPool(large, STREAMED_CONCURRENCY, async (job) => {
        throwIfAborted(signal);
        await streamEntry(handle, options.archivePath, job.entry, path.join(stagingDir, job.target), signal);
        onWritten(job.entry);
      }).catch(stopOnFailure),
    ]);
    // Idle now: ended while the files move (awaited below, before the archive is closed).
    closing = helper?.close();
    throwIfAborted(options.signal);
    if (firstFailure) throw firstFailure.error;

    if (jobs.length > 0 || plan.directories.length > 0) {
      const created = new Set(await commitStaged({ scratch: options.workDir, destination: options.destination, files: jobs, folders: plan.directories, signal: options.signal, onMoving: options.onCommit }));
      result.folders = plan.directories.filter((folder) => created.has(folder));
    }
    return result;
  } finally {
    await (closing ?? helper?.close());
    await handle.close();
  }
}

/**
 * Creates the staging folder, every folder the given files need and every folder the archive lists,
 * parents first, one mkdir each: a recursive mkdir reports a full disk (or inode table) as a
 * missing folder, which sent users looking for the wrong problem.
 */
async function makeFolders(stagingDir: string, targets: readonly string[], listed: readonly string[]): Promise<void> {
  await mkdir(stagingDir);
  for (const folder of neededFolders(targets, listed)) await mkdir(path.join(stagingDir, folder));
}

/** Runs `worker` over `items` with at most `limit` in flight; the first failure stops new work. */
export async function runPool<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await worker(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  const results = await Promise.allSettled(lanes);
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}
