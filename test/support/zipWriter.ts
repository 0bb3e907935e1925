// A streaming zip writer for tests and benchmarks: archives of any size without holding them in
// memory (adm-zip builds in memory, which is fine for the small archives elsewhere).
// Local headers are written with placeholder sizes and patched once an entry's data is written.
import { open, type FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { crc32 } from '../../src/archive/crc32';

interface Written {
  name: Buffer;
  flags: number;
  centralExtra: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  mode: number;
}

export class ZipFileWriter {
  private position = 0;
  private readonly entries: Written[] = [];

  private constructor(private readonly handle: FileHandle) {}

  static async create(file: string): Promise<ZipFileWriter> {
    return new ZipFileWriter(await open(file, 'w'));
  }

  /**
   * Adds one file; `chunks` yields its content (a generator keeps memory flat). A string name is
   * stored as UTF-8 with the UTF-8 flag; a Buffer name is stored as is, unflagged (an old tool's
   * code-page name).
   */
  async add(name: string | Buffer, chunks: Iterable<Buffer> | AsyncIterable<Buffer>, options: { deflate?: boolean; level?: number; mode?: number; localExtra?: Buffer; centralExtra?: Buffer; crcOverride?: number } = {}): Promise<void> {
    const method = options.deflate === false ? 0 : 8;
    const nameBytes = typeof name === 'string' ? Buffer.from(name, 'utf8') : name;
    const flags = typeof name === 'string' ? 0x800 : 0;
    const offset = this.position;
    const extra = options.localExtra ?? Buffer.alloc(0);
    await this.write(localHeader(nameBytes, flags, method, 0, 0, 0, extra));
    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    if (method === 0) {
      for await (const chunk of chunks) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        compressedSize += chunk.length;
        await this.write(chunk);
      }
    } else {
      const deflate = zlib.createDeflateRaw({ level: options.level ?? 6 });
      const pump = (async () => {
        for await (const chunk of chunks) {
          crc = crc32(chunk, crc);
          size += chunk.length;
          if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
        }
        deflate.end();
      })();
      for await (const piece of deflate as AsyncIterable<Buffer>) {
        compressedSize += piece.length;
        await this.write(piece);
      }
      await pump;
    }
    if (this.position > 0xffffffff) throw new Error('ZipFileWriter does not write zip64 archives');
    if (options.crcOverride !== undefined) crc = options.crcOverride;
    await this.handle.write(localHeader(nameBytes, flags, method, crc, compressedSize, size, extra), 0, 30 + nameBytes.length, offset);
    this.entries.push({ name: nameBytes, flags, centralExtra: options.centralExtra ?? Buffer.alloc(0), method, crc, compressedSize, size, offset, mode: options.mode ?? 0o100644 });
  }

  async close(): Promise<void> {
    const start = this.position;
    for (const entry of this.entries) await this.write(centralRecord(entry));
    const directorySize = this.position - start;
    // Past 65,535 entries the count lives in a zip64 end record (the classic one says 0xffff).
    const zip64 = this.entries.length > 0xffff;
    if (zip64) await this.write(zip64End(this.entries.length, directorySize, start, this.position));
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(zip64 ? 0xffff : this.entries.length, 8);
    eocd.writeUInt16LE(zip64 ? 0xffff : this.entries.length, 10);
    eocd.writeUInt32LE(directorySize, 12);
    eocd.writeUInt32LE(start, 16);
    await this.write(eocd);
    await this.handle.close();
  }

  private async write(data: Buffer): Promise<void> {
    await this.handle.write(data, 0, data.length, this.position);
    this.position += data.length;
  }
}

/** The zip64 end-of-central-directory record and its locator, written at `at`. */
function zip64End(entries: number, directorySize: number, directoryStart: number, at: number): Buffer {
  const record = Buffer.alloc(56 + 20);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE((3 << 8) | 45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(entries), 24);
  record.writeBigUInt64LE(BigInt(entries), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryStart), 48);
  record.writeUInt32LE(0x07064b50, 56);
  record.writeBigUInt64LE(BigInt(at), 64);
  record.writeUInt32LE(1, 72);
  return record;
}

function localHeader(name: Buffer, flags: number, method: number, crc: number, compressedSize: number, size: number, extra: Buffer): Buffer {
  const header = Buffer.alloc(30 + name.length + extra.length);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(flags, 6);
  header.writeUInt16LE(method, 8);
  header.writeUInt32LE(crc >>> 0, 14);
  header.writeUInt32LE(compressedSize, 18);
  header.writeUInt32LE(size, 22);
  header.writeUInt16LE(name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  name.copy(header, 30);
  extra.copy(header, 30 + name.length);
  return header;
}

function centralRecord(entry: Written): Buffer {
  const record = Buffer.alloc(46 + entry.name.length + entry.centralExtra.length);
  record.writeUInt32LE(0x02014b50, 0);
  record.writeUInt16LE((3 << 8) | 20, 4);
  record.writeUInt16LE(20, 6);
  record.writeUInt16LE(entry.flags, 8);
  record.writeUInt16LE(entry.method, 10);
  record.writeUInt32LE(entry.crc >>> 0, 16);
  record.writeUInt32LE(entry.compressedSize, 20);
  record.writeUInt32LE(entry.size, 24);
  record.writeUInt16LE(entry.name.length, 28);
  record.writeUInt16LE(entry.centralExtra.length, 30);
  record.writeUInt32LE((entry.mode << 16) >>> 0, 38);
  record.writeUInt32LE(entry.offset, 42);
  entry.name.copy(record, 46);
  entry.centralExtra.copy(record, 46 + entry.name.length);
  return record;
}

/** Deterministic pseudo-random bytes (xorshift), fast and incompressible. */
export function* randomChunks(totalBytes: number, seed = 1, chunkSize = 1 << 20): Generator<Buffer> {
  let state = seed >>> 0 || 1;
  for (let left = totalBytes; left > 0; left -= chunkSize) {
    const chunk = Buffer.allocUnsafe(Math.min(chunkSize, left));
    let i = 0;
    for (; i + 4 <= chunk.length; i += 4) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      chunk.writeUInt32LE(state >>> 0, i);
    }
    for (; i < chunk.length; i++) chunk[i] = i & 0xff;
    yield chunk;
  }
}

/** Adds a folder entry of its own (`name/`, no data), as zip tools write for empty folders. */
export async function addFolderEntry(writer: ZipFileWriter, name: string): Promise<void> {
  await writer.add(name.endsWith('/') ? name : `${name}/`, [], { deflate: false, mode: 0o040755 });
}
