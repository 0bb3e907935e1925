// Small entries (most files of a typical archive) cost more per file than per byte: a thread-pool
// round trip for each read, inflate, open, write and close dominated extracting 10,000 files.
// Here they are read in large contiguous regions (one read for many entries, the next region read
// while this one is written) and each is inflated, checked and written with synchronous calls, in
// slices of a few milliseconds: the event loop (the extension host's, shared with every other
// extension) is never held longer than one slice plus one small entry. With many small entries a
// helper thread (entryHelper.ts) writes alternate regions, so inflating and creating files use
// both cores of a two-core machine where unzip uses one.
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { filesystemError, throwIfAborted } from '../errors';
import { shortName } from '../text';
import { readInto, readUpTo } from './archiveReads';
import { crc32 } from './crc32';
import { EntryHelper } from './entryHelper';
import { failureCause, writeItems, type EntryItem, type ItemFailure } from './entryWriter';
import { LOCAL_HEADER, checkResult, corruptEntry, dataOffset, lyingEntry } from './localHeader';
import { TimeSlices } from './slices';
import type { ZipEntry } from './zipIndex';

/** Entries up to this size (compressed and uncompressed) take this path; larger ones stream. */
export const SMALL_ENTRY_BYTES = 1024 * 1024;
/** One read covers consecutive small entries up to this many bytes. */
const REGION_BYTES = 4 * 1024 * 1024;
/** ...and at most this many entries, so that regions of tiny files still alternate between the threads. */
const REGION_ENTRIES = 512;
/**
 * With a helper thread, regions shrink near the end (an eighth of what is left, down to this many
 * entries): the main thread waits for the helper's last regions, and with full ones that wait was
 * 100-300 ms of small-10k's ~1 s (one thread idle at the end, as in guided loop scheduling).
 */
const LAST_REGION_ENTRIES = 32;
/** Room for a local extra field; a larger one costs that entry a read of its own. */
const EXTRA_FIELD_ALLOWANCE = 1024;
/** The helper thread (entryHelper.ts) starts from this many small entries: it costs 50-150 ms of a core and ~10 MB. */
const HELPER_MIN_ENTRIES = 2000;
/** Regions handed to the helper and not finished yet; past this, the main thread writes the next one itself. */
const HELPER_QUEUE = 2;

export interface SmallEntryJob {
  entry: ZipEntry;
  /** The file to create (it must not exist), relative to the folder passed along. */
  target: string;
}

export function isSmallEntry(entry: ZipEntry): boolean {
  return entry.compressedSize <= SMALL_ENTRY_BYTES && entry.uncompressedSize <= SMALL_ENTRY_BYTES;
}

export interface Region {
  start: number;
  end: number;
  jobs: SmallEntryJob[];
}

function spanEnd(entry: ZipEntry): number {
  return entry.localHeaderOffset + LOCAL_HEADER + entry.rawName.length + EXTRA_FIELD_ALLOWANCE + entry.compressedSize;
}

/** Groups the jobs, in archive order, into regions of at most REGION_BYTES (or one entry); `shrinking`: smaller towards the end. */
export function planRegions(jobs: readonly SmallEntryJob[], shrinking: boolean): Region[] {
  const sorted = [...jobs].sort((a, b) => a.entry.localHeaderOffset - b.entry.localHeaderOffset);
  const regions: Region[] = [];
  let current: Region | undefined;
  let entriesCap = 0;
  for (let index = 0; index < sorted.length; index++) {
    const job = sorted[index];
    const end = spanEnd(job.entry);
    if (current && current.jobs.length < entriesCap && Math.max(current.end, end) - current.start <= REGION_BYTES) {
      current.end = Math.max(current.end, end);
      current.jobs.push(job);
    } else {
      current = { start: job.entry.localHeaderOffset, end, jobs: [job] };
      regions.push(current);
      entriesCap = shrinking ? Math.min(REGION_ENTRIES, Math.max(LAST_REGION_ENTRIES, Math.ceil((sorted.length - index) / 8))) : REGION_ENTRIES;
    }
  }
  return regions;
}

/**
 * The helper thread for writing `smallFiles` small entries: `early` (started while the archive
 * downloaded), or one started now, as soon as the index is read (it takes 50-150 ms to start on a
 * busy machine); undefined when too few to repay it. The caller closes it (and `early`).
 */
export function helperFor(smallFiles: number, early?: EntryHelper): EntryHelper | undefined {
  if (smallFiles < HELPER_MIN_ENTRIES) return undefined;
  return early ?? EntryHelper.start();
}

/** Writes the small entries, on this thread in time slices and, when given one, on the helper thread. */
export async function writeSmallEntries(handle: FileHandle, jobs: readonly SmallEntryJob[], folder: string, onWritten: (job: SmallEntryJob) => void, signal?: AbortSignal, helper?: EntryHelper): Promise<void> {
  const regions = planRegions(jobs, helper !== undefined);
  // Buffers are reused (fresh ones per region would leave tens of MB of garbage for the GC to
  // notice late): one being written here, one being read, and up to HELPER_QUEUE at the helper.
  // Each is as large as the largest region (a few small files need no 4 MiB buffers).
  let size = 0;
  for (const region of regions) size = Math.max(size, region.end - region.start);
  const free: ArrayBuffer[] = [];
  const read = async (region: Region) => {
    const buffer = free.pop() ?? new ArrayBuffer(size);
    return { buffer, data: await readInto(handle, Buffer.from(buffer), region.start, region.end - region.start) };
  };
  const atHelper = new Set<Promise<void>>();
  let helperFailure: { error: unknown } | undefined;
  let next = regions.length > 0 ? read(regions[0]) : undefined;
  const slices = new TimeSlices();
  try {
    for (let i = 0; i < regions.length; i++) {
      const { buffer, data } = await next!;
      next = i + 1 < regions.length ? read(regions[i + 1]) : undefined;
      if (helperFailure) throw helperFailure.error;
      throwIfAborted(signal);
      const region = regions[i];
      const segments = await segmentsOf(handle, region, data, folder);
      if (helper && segments.length === 1 && helper.pending < HELPER_QUEUE) {
        const sent: Promise<void> = helper
          .write(buffer, data.length, segments[0].items, folder)
          .then((reply) => {
            free.push(reply.buffer);
            for (let k = 0; k < reply.outcome.next; k++) onWritten(region.jobs[k]);
            if (reply.outcome.failure) throw itemError(region.jobs[reply.outcome.next], reply.outcome.failure);
          })
          .catch((error: unknown) => {
            helperFailure ??= { error };
          })
          .finally(() => atHelper.delete(sent));
        atHelper.add(sent);
        continue;
      }
      let done = 0;
      for (const segment of segments) {
        for (let from = 0; from < segment.items.length; ) {
          if (slices.due()) await slices.next();
          throwIfAborted(signal);
          const outcome = writeItems(segment.data, segment.items, from, () => slices.due(), crc32, folder);
          for (; from < outcome.next; from++) onWritten(region.jobs[done++]);
          if (outcome.failure) throw itemError(region.jobs[done], outcome.failure);
        }
      }
      free.push(buffer);
    }
    await Promise.all(atHelper);
    if (helperFailure) throw helperFailure.error;
  } finally {
    // A failure leaves at most one read in flight; its outcome no longer matters.
    next?.catch(() => undefined);
    // Nothing of the helper's may still be writing when the caller goes on (to remove scratch).
    if (atHelper.size > 0) await helper?.close();
  }
}

/** A buffer and the items whose data it holds. */
interface Segment {
  data: Buffer;
  items: EntryItem[];
}

/**
 * The region's items, checking each local header; usually one segment over the region's buffer.
 * An entry whose data the region does not hold (an unusually large extra field, or a file that
 * ends early: then this read says so) gets a read and a segment of its own.
 */
async function segmentsOf(handle: FileHandle, region: Region, data: Buffer, folder: string): Promise<Segment[]> {
  const segments: Segment[] = [{ data, items: [] }];
  for (const job of region.jobs) {
    const at = job.entry.localHeaderOffset - region.start;
    let start = at + dataOffset(job.entry, data.subarray(at));
    let own: Buffer | undefined;
    if (start + job.entry.compressedSize > data.length) {
      own = await readUpTo(handle, job.entry.localHeaderOffset, start - at + job.entry.compressedSize);
      start -= at;
      if (start + job.entry.compressedSize > own.length) throw corruptEntry(job.entry, 'the file ends inside it');
    }
    const item: EntryItem = { start, compressedSize: job.entry.compressedSize, method: job.entry.method, size: job.entry.uncompressedSize, crc: job.entry.crc32, file: path.join(folder, job.target) };
    if (own) segments.push({ data: own, items: [item] }, { data, items: [] });
    else segments[segments.length - 1].items.push(item);
  }
  return segments.filter((segment) => segment.items.length > 0);
}

/** The error a failed item means, said about its entry. */
function itemError(job: SmallEntryJob, failure: ItemFailure): unknown {
  switch (failure.kind) {
    case 'too-large':
      return lyingEntry(job.entry);
    case 'corrupt':
      return corruptEntry(job.entry, failure.message);
    case 'result':
      try {
        checkResult(job.entry, failure.size, failure.crc);
      } catch (error) {
        return error;
      }
      return corruptEntry(job.entry, 'checksum mismatch');
    case 'filesystem':
      return filesystemError(failureCause(failure), `write “${shortName(job.entry.name)}”`);
  }
}
