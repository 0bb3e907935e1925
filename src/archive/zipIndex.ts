// Reads a zip file's central directory without reading the entries' data. The whole index is
// known (and checked) before a single byte is extracted.
import type { FileHandle } from 'node:fs/promises';
import { GumloopError } from '../errors';
import { shortName } from '../text';
import { crc32 } from './crc32';

export interface ZipEntry {
  /** The name as stored, decoded (UTF-8 when flagged or valid, CP437 otherwise). */
  name: string;
  rawName: Buffer;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  versionMadeBy: number;
  externalAttributes: number;
}

/**
 * One central-directory record as `readZipIndex` returns it. At the 100,000-entry limit every
 * field per entry costs megabytes of heap, and V8 lets the heap grow in proportion to what is
 * live: so an entry keeps only what it cannot read back (its decoded name, and the sizes and
 * offset a zip64 field may override) plus where its record lies in the one directory Buffer.
 * The other fields, and the raw name (a Buffer view of ~100 bytes each if kept), are read from
 * that Buffer when asked for.
 */
export class DirectoryEntry implements ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;

  constructor(
    private readonly directory: Buffer,
    /** Where this entry's record starts in `directory`. */
    private readonly at: number,
  ) {
    this.compressedSize = directory.readUInt32LE(at + 20);
    this.uncompressedSize = directory.readUInt32LE(at + 24);
    this.localHeaderOffset = directory.readUInt32LE(at + 42);
    this.name = decodeName(directory, at + 46, at + 46 + directory.readUInt16LE(at + 28), this.flags);
  }

  get rawName(): Buffer {
    return this.directory.subarray(this.at + 46, this.at + 46 + this.directory.readUInt16LE(this.at + 28));
  }
  get flags(): number {
    return this.directory.readUInt16LE(this.at + 8);
  }
  get method(): number {
    return this.directory.readUInt16LE(this.at + 10);
  }
  get crc32(): number {
    return this.directory.readUInt32LE(this.at + 16);
  }
  get versionMadeBy(): number {
    return this.directory.readUInt16LE(this.at + 4);
  }
  get externalAttributes(): number {
    return this.directory.readUInt32LE(this.at + 38);
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

function corrupt(detail: string): GumloopError {
  return new GumloopError('corrupt-archive', `The downloaded file is not a valid zip archive (${detail}). Try the download again; if it keeps failing, the run's files may be damaged.`);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let offset = 0;
  while (offset < length) {
    const { bytesRead } = await handle.read(buffer, offset, length - offset, position + offset);
    if (bytesRead === 0) throw corrupt('unexpected end of file');
    offset += bytesRead;
  }
  return buffer;
}

interface Directory {
  entryCount: number;
  size: number;
  offset: number;
}

async function findDirectory(handle: FileHandle, fileSize: number): Promise<Directory> {
  if (fileSize < EOCD_MIN) throw corrupt(fileSize === 0 ? 'the file is empty' : 'too short');
  const tailLength = Math.min(fileSize, EOCD_MIN + MAX_COMMENT);
  const tailStart = fileSize - tailLength;
  const tail = await readAt(handle, tailStart, tailLength);
  let eocd = -1;
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE && i + EOCD_MIN + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('no end-of-central-directory record; it may be truncated or not a zip at all');
  let directory: Directory = {
    entryCount: tail.readUInt16LE(eocd + 10),
    size: tail.readUInt32LE(eocd + 12),
    offset: tail.readUInt32LE(eocd + 16),
  };
  // 0xFFFF entries, or a size or offset of 0xFFFFFFFF, say "see the zip64 record" (APPNOTE 4.4.1.4);
  // exactly 65,535 entries without a zip64 record is taken at its word (the count is checked below).
  const needsZip64 = directory.size === 0xffffffff || directory.offset === 0xffffffff;
  const locatorAt = tailStart + eocd - 20;
  const hasLocator = locatorAt >= 0 && (await readAt(handle, locatorAt, 4)).readUInt32LE(0) === ZIP64_LOCATOR_SIGNATURE;
  if (needsZip64 && !hasLocator) throw corrupt('missing zip64 locator');
  if (hasLocator) {
    const locator = await readAt(handle, locatorAt, 20);
    const zip64At = safeNumber(locator.readBigUInt64LE(8));
    if (zip64At + 56 > locatorAt) throw corrupt('the zip64 locator points past itself');
    const record = await readAt(handle, zip64At, 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw corrupt('bad zip64 end record');
    directory = {
      entryCount: safeNumber(record.readBigUInt64LE(32)),
      size: safeNumber(record.readBigUInt64LE(40)),
      offset: safeNumber(record.readBigUInt64LE(48)),
    };
  }
  if (directory.offset + directory.size > fileSize) throw corrupt('the central directory lies past the end of the file; it is probably truncated');
  return directory;
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('a size is out of range');
  return Number(value);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// CP437 upper half, for names written by old tools without the UTF-8 flag.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/**
 * The name in `data` between `start` and `end`. Read in place (no Buffer view per entry: at
 * 100,000 entries the views and their garbage cost more than the decoding); an ASCII name, the
 * usual case, is the same in UTF-8 and CP437, so it skips the strict decoder.
 */
function decodeName(data: Buffer, start: number, end: number, flags: number): string {
  if (flags & 0x800) return data.toString('utf8', start, end);
  let ascii = true;
  for (let i = start; i < end && ascii; i++) ascii = data[i] < 0x80;
  if (ascii) return data.toString('latin1', start, end);
  const raw = data.subarray(start, end);
  try {
    return utf8.decode(raw);
  } catch {
    let out = '';
    for (const byte of raw) out += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
    return out;
  }
}

/** Reads every central-directory record. `maxEntries` is checked before the directory is read. */
export async function readZipIndex(handle: FileHandle, fileSize: number, maxEntries: number): Promise<DirectoryEntry[]> {
  const directory = await findDirectory(handle, fileSize);
  if (directory.entryCount > maxEntries) {
    throw new GumloopError('archive-limit', `The archive has ${directory.entryCount.toLocaleString('en-US')} entries, more than the limit of ${maxEntries.toLocaleString('en-US')}. Download fewer files at a time.`);
  }
  // 100,000 entries with long names fit in a fraction of this; a larger directory is hostile or
  // broken, and reading it would balloon the (shared) extension host's memory.
  if (directory.size > MAX_DIRECTORY_BYTES) {
    throw new GumloopError('archive-limit', `The archive's index is ${Math.round(directory.size / 1024 ** 2)} MB, more than the ${MAX_DIRECTORY_BYTES / 1024 ** 2} MB this extension reads. Download fewer files at a time.`);
  }
  const data = await readAt(handle, directory.offset, directory.size);
  const entries: DirectoryEntry[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      if (entries.length >= directory.entryCount) break;
      throw corrupt(`bad central directory record ${entries.length + 1}`);
    }
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > data.length) throw corrupt(`central directory record ${entries.length + 1} runs past its end`);
    const entry = new DirectoryEntry(data, at);
    // Most entries have no extra field: no view of one to make (see decodeName).
    if (extraLength > 0) applyExtraFields(entry, data.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    else checkSizesKnown(entry, false);
    entries.push(entry);
    at = end;
  }
  if (entries.length !== directory.entryCount) {
    throw corrupt(`the directory lists ${directory.entryCount} entries but holds ${entries.length}`);
  }
  return entries;
}

/**
 * Zip64 sizes and offsets, and Info-ZIP's Unicode path. The zip64 field (APPNOTE 4.5.3) holds, in
 * this order, only the values whose 32-bit field is 0xFFFFFFFF: uncompressed size, compressed
 * size, local header offset (then a disk number, unused here). A value left at 0xFFFFFFFF with no
 * zip64 field for it is refused: it would be read as a size of 4 GiB.
 */
function applyExtraFields(entry: ZipEntry, extra: Buffer): void {
  let at = 0;
  let zip64Seen = false;
  while (at + 4 <= extra.length) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    const field = extra.subarray(at + 4, at + 4 + size);
    if (id === 0x0001 && !zip64Seen) {
      zip64Seen = true;
      let cursor = 0;
      const next = () => {
        if (cursor + 8 > field.length) throw corrupt(`bad zip64 field for “${shortName(entry.name)}”`);
        const value = safeNumber(field.readBigUInt64LE(cursor));
        cursor += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
    } else if (id === 0x7075 && at + 4 + size <= extra.length && !(entry.flags & 0x800)) {
      entry.name = unicodePath(field, entry.rawName) ?? entry.name;
    }
    at += 4 + size;
  }
  checkSizesKnown(entry, zip64Seen);
}

/** A value left at 0xFFFFFFFF with no zip64 field for it would be read as 4 GiB: refused. */
function checkSizesKnown(entry: ZipEntry, zip64Seen: boolean): void {
  if (!zip64Seen && (entry.uncompressedSize === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff)) {
    throw corrupt(`“${shortName(entry.name)}” needs a zip64 field for its size or offset, and has none`);
  }
}

/**
 * The name in an Info-ZIP Unicode Path field (0x7075: version, CRC-32 of the header name, UTF-8
 * name), or undefined when the field must be ignored (APPNOTE 4.6.9): another version, or a CRC
 * that does not match the header's raw name, which means another tool renamed the entry without
 * updating the field (or the field is garbage). Then the header name stands, as in Info-ZIP unzip.
 */
function unicodePath(field: Buffer, rawName: Buffer): string | undefined {
  if (field.length <= 5 || field[0] !== 1 || field.readUInt32LE(1) !== crc32(rawName)) return undefined;
  try {
    return utf8.decode(field.subarray(5));
  } catch {
    return undefined;
  }
}
