// Small entries (most files of a typical archive) cost more per file than per byte: a thread-pool
// round trip for each read, inflate, open, write and close dominated extracting 10,000 files.
// Here they are read in large contiguous regions (one read for many entries, the next region read
// while this one is written) and each is inflated, checked and written with synchronous calls, in
// slices of a few milliseconds: the event loop (the extension host's, shared with every other
// extension) is never held longer than one slice plus one small entry.
import { writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { filesystemError, throwIfAborted } from '../errors';
import { shortName } from '../text';
import { readInto, readUpTo } from './archiveReads';
import { crc32 } from './crc32';
import { LOCAL_HEADER, checkResult, corruptEntry, dataOffset, lyingEntry } from './localHeader';
import { TimeSlices } from './slices';
import type { ZipEntry } from './zipIndex';

/** Entries up to this size (compressed and uncompressed) take this path; larger ones stream. */
export const SMALL_ENTRY_BYTES = 1024 * 1024;
/** One read covers consecutive small entries up to this many bytes. */
const REGION_BYTES = 4 * 1024 * 1024;
/** Room for a local extra field; a larger one costs that entry a read of its own. */
const EXTRA_FIELD_ALLOWANCE = 1024;

export interface SmallEntryJob {
  entry: ZipEntry;
  /** The file to create (it must not exist), relative to the folder passed along. */
  target: string;
}

export function isSmallEntry(entry: ZipEntry): boolean {
  return entry.compressedSize <= SMALL_ENTRY_BYTES && entry.uncompressedSize <= SMALL_ENTRY_BYTES;
}

interface Region {
  start: number;
  end: number;
  jobs: SmallEntryJob[];
}

function spanEnd(entry: ZipEntry): number {
  return entry.localHeaderOffset + LOCAL_HEADER + entry.rawName.length + EXTRA_FIELD_ALLOWANCE + entry.compressedSize;
}

/** Groups the jobs, in archive order, into regions of at most REGION_BYTES (or one entry). */
function planRegions(jobs: readonly SmallEntryJob[]): Region[] {
  const sorted = [...jobs].sort((a, b) => a.entry.localHeaderOffset - b.entry.localHeaderOffset);
  const regions: Region[] = [];
  let current: Region | undefined;
  for (const job of sorted) {
    const end = spanEnd(job.entry);
    if (current && Math.max(current.end, end) - current.start <= REGION_BYTES) {
      current.end = Math.max(current.end, end);
      current.jobs.push(job);
    } else {
      current = { start: job.entry.localHeaderOffset, end, jobs: [job] };
      regions.push(current);
    }
  }
  return regions;
}

export async function writeSmallEntries(handle: FileHandle, jobs: readonly SmallEntryJob[], folder: string, onWritten: (job: SmallEntryJob) => void, signal?: AbortSignal): Promise<void> {
  const regions = planRegions(jobs);
  // Two buffers, reused: one being written out while the next region is read into the other.
  // Fresh buffers per region would leave tens of MB of garbage for the GC to notice late.
  const buffers = regions.length === 0 ? [] : regions.length === 1 ? [Buffer.allocUnsafe(regions[0].end - regions[0].start)] : [Buffer.allocUnsafe(REGION_BYTES), Buffer.allocUnsafe(REGION_BYTES)];
  const read = (index: number) => readInto(handle, buffers[index % 2], regions[index].start, regions[index].end - regions[index].start);
  let next = regions.length > 0 ? read(0) : undefined;
  const slices = new TimeSlices();
  try {
    for (let i = 0; i < regions.length; i++) {
      const data = await next!;
      next = i + 1 < regions.length ? read(i + 1) : undefined;
      for (const job of regions[i].jobs) {
        if (slices.due()) await slices.next();
        throwIfAborted(signal);
        let local = data.subarray(job.entry.localHeaderOffset - regions[i].start);
        const start = dataOffset(job.entry, local);
        if (start + job.entry.compressedSize > local.length) {
          // An unusually large extra field, or the file ends early (then this read says so).
          local = await readUpTo(handle, job.entry.localHeaderOffset, start + job.entry.compressedSize);
          if (start + job.entry.compressedSize > local.length) throw corruptEntry(job.entry, 'the file ends inside it');
        }
        writeEntrySync(job, path.join(folder, job.target), local.subarray(start, start + job.entry.compressedSize));
        onWritten(job);
      }
    }
  } finally {
    // A failure leaves at most one read in flight; its outcome no longer matters.
    next?.catch(() => undefined);
  }
}

function writeEntrySync(job: SmallEntryJob, file: string, compressed: Buffer): void {
  const { entry } = job;
  let content: Buffer;
  if (entry.method === 0) {
    content = compressed;
  } else {
    try {
      // maxOutputLength: a header that understates the size cannot make us inflate a bomb.
      // chunkSize: the whole output in one buffer, not 16 KiB pieces concatenated afterwards.
      const limit = Math.max(1, entry.uncompressedSize + 1);
      content = zlib.inflateRawSync(compressed, { maxOutputLength: limit, chunkSize: Math.max(zlib.constants.Z_MIN_CHUNK, limit) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw lyingEntry(entry);
      throw corruptEntry(entry, (error as Error).message);
    }
  }
  checkResult(entry, content.length, crc32(content));
  try {
    writeFileSync(file, content, { flag: 'wx' });
  } catch (error) {
    throw filesystemError(error, `write “${shortName(entry.name)}”`);
  }
}
