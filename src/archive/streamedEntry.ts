// Inflates one large zip entry into a file with bounded memory, checking the real byte count and
// CRC against the header as the bytes go by.
import { createReadStream, createWriteStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { GumloopError, filesystemError } from '../errors';
import { shortName } from '../text';
import { readUpTo } from './archiveReads';
import { crc32 } from './crc32';
import { LOCAL_HEADER, checkResult, corruptEntry, dataOffset, lyingEntry } from './localHeader';
import type { ZipEntry } from './zipIndex';

const STREAM_CHUNK = 1024 * 1024;

export async function streamEntry(handle: FileHandle, archivePath: string, entry: ZipEntry, target: string, signal?: AbortSignal): Promise<void> {
  if (entry.compressedSize === 0 && entry.uncompressedSize > 0) throw corruptEntry(entry, 'no data for a non-empty file');
  const header = await readUpTo(handle, entry.localHeaderOffset, LOCAL_HEADER + entry.rawName.length);
  const start = entry.localHeaderOffset + dataOffset(entry, header);
  // A descriptor of its own, not the shared FileHandle: a FileHandle stream leaves a 'close'
  // listener on the handle per entry (a leak, and a MaxListeners warning past ten entries), and a
  // stream on a borrowed descriptor closes it when aborted (autoClose: false notwithstanding),
  // pulling the archive out from under the other entries.
  const source = createReadStream(archivePath, { start, end: start + entry.compressedSize - 1, highWaterMark: STREAM_CHUNK });
  let size = 0;
  let crc = 0;
  const checker = new Transform({
    highWaterMark: STREAM_CHUNK,
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > entry.uncompressedSize) return callback(lyingEntry(entry));
      crc = crc32(chunk, crc);
      callback(null, chunk);
    },
  });
  const sink = createWriteStream(target, { flags: 'wx', highWaterMark: STREAM_CHUNK });
  try {
    if (entry.method === 0) {
      await pipeline(source, checker, sink, { signal });
    } else {
      await pipeline(source, zlib.createInflateRaw({ chunkSize: 256 * 1024 }), checker, sink, { signal });
    }
  } catch (error) {
    if (error instanceof GumloopError) throw error;
    if ((error as Error).name === 'AbortError') throw error;
    // Disk full, permissions, a name clash: the disk's problem, not the archive's.
    const mapped = filesystemError(error, `write “${shortName(entry.name)}”`);
    if (mapped !== error) throw mapped;
    throw corruptEntry(entry, (error as Error).message);
  }
  if (entry.compressedSize > 0 && source.bytesRead < entry.compressedSize) throw corruptEntry(entry, 'the file ends inside it');
  checkResult(entry, size, crc);
}
