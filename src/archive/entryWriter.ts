// Inflates one zip entry into a file, checking the real byte count and CRC against the header.
// Small entries take one read, one inflate and one write; large ones stream with bounded memory.
import type { FileHandle } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { promisify } from 'node:util';
import { GumloopError } from '../errors';
import { crc32 } from './crc32';
import type { ZipEntry } from './zipIndex';

const inflateRaw = promisify(zlib.inflateRaw);
const LOCAL_SIGNATURE = 0x04034b50;
const LOCAL_HEADER = 30;
/** Entries up to this compressed size are handled in memory, in one piece. */
export const SMALL_ENTRY_BYTES = 2 * 1024 * 1024;
const STREAM_CHUNK = 1024 * 1024;

function corruptEntry(entry: ZipEntry, detail: string): GumloopError {
  return new GumloopError('corrupt-archive', `The archive is damaged at entry “${entry.name}” (${detail}). Nothing was written. Try the download again.`, { entry: entry.name });
}

function lyingEntry(entry: ZipEntry): GumloopError {
  return new GumloopError('unsafe-archive', `The archive was refused: entry “${entry.name}” inflates past the size its header declares (${entry.uncompressedSize} bytes). Nothing was written.`, { entry: entry.name });
}

/** Where the entry's data starts, after checking that its local header agrees with the directory. */
function dataOffset(entry: ZipEntry, header: Buffer): number {
  if (header.length < LOCAL_HEADER || header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw corruptEntry(entry, 'bad local header');
  const nameLength = header.readUInt16LE(26);
  const extraLength = header.readUInt16LE(28);
  if (header.length >= LOCAL_HEADER + nameLength && !header.subarray(LOCAL_HEADER, LOCAL_HEADER + nameLength).equals(entry.rawName)) {
    throw corruptEntry(entry, 'its local name differs from the directory');
  }
  return LOCAL_HEADER + nameLength + extraLength;
}

async function readFully(handle: FileHandle, position: number, length: number, entry: ZipEntry): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) throw corruptEntry(entry, 'the file ends inside it');
    filled += bytesRead;
  }
  return buffer;
}

function checkResult(entry: ZipEntry, size: number, crc: number): void {
  if (size > entry.uncompressedSize) throw lyingEntry(entry);
  if (size !== entry.uncompressedSize) throw corruptEntry(entry, `${size} bytes instead of ${entry.uncompressedSize}`);
  if (crc !== entry.crc32) throw corruptEntry(entry, 'checksum mismatch');
}

export async function writeEntry(handle: FileHandle, entry: ZipEntry, target: string, signal?: AbortSignal): Promise<void> {
  if (entry.compressedSize <= SMALL_ENTRY_BYTES && entry.uncompressedSize <= 4 * SMALL_ENTRY_BYTES) {
    return writeSmallEntry(handle, entry, target);
  }
  return streamEntry(handle, entry, target, signal);
}

async function writeSmallEntry(handle: FileHandle, entry: ZipEntry, target: string): Promise<void> {
  // One read covers the local header, a generous name/extra allowance and the data.
  const guess = LOCAL_HEADER + entry.rawName.length + 256 + entry.compressedSize;
  let chunk = await readUpTo(handle, entry.localHeaderOffset, guess);
  const start = dataOffset(entry, chunk);
  if (start + entry.compressedSize > chunk.length) {
    chunk = await readFully(handle, entry.localHeaderOffset, start + entry.compressedSize, entry);
  }
  const compressed = chunk.subarray(start, start + entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) {
    data = compressed;
  } else {
    try {
      // maxOutputLength: a header that understates the size cannot make us inflate a bomb.
      data = await inflateRaw(compressed, { maxOutputLength: Math.max(1, entry.uncompressedSize + 1) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw lyingEntry(entry);
      throw corruptEntry(entry, (error as Error).message);
    }
  }
  checkResult(entry, data.length, crc32(data));
  await writeFile(target, data, { flag: 'wx' });
}

async function readUpTo(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

async function streamEntry(handle: FileHandle, entry: ZipEntry, target: string, signal?: AbortSignal): Promise<void> {
  const header = await readUpTo(handle, entry.localHeaderOffset, LOCAL_HEADER + entry.rawName.length);
  const start = entry.localHeaderOffset + dataOffset(entry, header);
  const source = handle.createReadStream({ start, end: start + entry.compressedSize - 1, autoClose: false, highWaterMark: STREAM_CHUNK });
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
    throw corruptEntry(entry, (error as Error).message);
  }
  if (entry.compressedSize > 0 && source.bytesRead < entry.compressedSize) throw corruptEntry(entry, 'the file ends inside it');
  checkResult(entry, size, crc);
}
