// Writing a region's small entries (inflate, check, create the file), shared by the main thread
// and a helper thread. Extracting many small files is CPU work (inflate, ~half) plus file creation
// (open, write, close, ~half), all on one thread; a second thread doing the same for alternate
// regions uses the machine's second core, which unzip (one thread) leaves idle. The helper runs
// the very source of `writeItems`, so the function must stay self-contained: no imports, no
// closures, only its arguments and `require` of Node's own modules.
/** One entry of a region: everything the writer needs, no `ZipEntry` (it crosses threads). */
export interface EntryItem {
  /** Where its data starts and how long it is, in the region's buffer. */
  start: number;
  compressedSize: number;
  method: number;
  size: number;
  crc: number;
  /** Absolute path of the file to create (it must not exist). */
  file: string;
}

/** Why an item failed, in plain data (it crosses threads); see itemError for the error it means. */
export type ItemFailure =
  | { kind: 'too-large' }
  | { kind: 'corrupt'; message: string }
  | { kind: 'result'; size: number; crc: number }
  | { kind: 'filesystem'; message: string; code?: string; errno?: number; syscall?: string };

export interface WriteOutcome {
  /** Items done: the index of the next one to write (of the failed one, with a failure). */
  next: number;
  failure?: ItemFailure;
}

type Crc32 = (data: Buffer, initial?: number) => number;

/**
 * Writes items from `from` on until all are done, one fails, or `stop()` says the time slice is
 * used up. Self-contained (see the top of this file). Each file costs open + write + close.
 *
 * The folders below `root` (which must exist) are made here, by whichever thread first writes a
 * file in one: made up front on the main thread they cost 0.5 ms each on a busy disk, half a
 * second for the 1,000 folders of 100,000 files, before a single file was written. A file's open
 * failing with ENOENT is the sign; its folder is made (and the ones above it, never `root` or
 * above: a scratch folder removed by a cancel stays removed) and the open tried once more.
 */
export function writeItems(data: Buffer, items: readonly EntryItem[], from: number, stop: () => boolean, crc32: Crc32, root: string): WriteOutcome {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zlib = require('node:zlib') as typeof import('node:zlib');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('node:path') as typeof import('node:path');
  const inside = root + path.sep;
  /** Makes `folder` and the missing ones above it, up to `root`; one made by the other thread meanwhile is fine. */
  const makeFolder = (folder: string): void => {
    if (!folder.startsWith(inside)) throw Object.assign(new Error("ENOENT: no such file or directory, mkdir '" + folder + "'"), { code: 'ENOENT', syscall: 'mkdir', path: folder });
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return;
      if (code !== 'ENOENT') throw error;
      makeFolder(path.dirname(folder));
      try {
        fs.mkdirSync(folder);
      } catch (again) {
        if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again;
      }
    }
  };
  const writeNew = (file: string, content: Buffer): void => {
    try {
      fs.writeFileSync(file, content, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      makeFolder(path.dirname(file));
      fs.writeFileSync(file, content, { flag: 'wx' });
    }
  };
  for (let index = from; index < items.length; index++) {
    if (index > from && stop()) return { next: index };
    const item = items[index];
    const compressed = data.subarray(item.start, item.start + item.compressedSize);
    let content = compressed;
    if (item.method !== 0) {
      try {
        // maxOutputLength: a header that understates the size cannot make us inflate a bomb.
        // chunkSize: the whole output in one buffer, not 16 KiB pieces concatenated afterwards.
        const limit = Math.max(1, item.size + 1);
        content = zlib.inflateRawSync(compressed, { maxOutputLength: limit, chunkSize: Math.max(zlib.constants.Z_MIN_CHUNK, limit) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return { next: index, failure: { kind: 'too-large' } };
        return { next: index, failure: { kind: 'corrupt', message: (error as Error).message } };
      }
    }
    const crc = crc32(content);
    if (content.length !== item.size || crc !== item.crc) return { next: index, failure: { kind: 'result', size: content.length, crc } };
    try {
      writeNew(item.file, content);
    } catch (error) {
      const { message, code, errno, syscall } = error as NodeJS.ErrnoException;
      return { next: index, failure: { kind: 'filesystem', message, code, errno, syscall } };
    }
  }
  return { next: items.length };
}

/** The failure as the error a single-threaded writer would have thrown (see localHeader.ts). */
export function failureCause(failure: Extract<ItemFailure, { kind: 'filesystem' }>): NodeJS.ErrnoException {
  return Object.assign(new Error(failure.message), { code: failure.code, errno: failure.errno, syscall: failure.syscall });
}
