// What every entry writer checks: the local header agrees with the central directory, and the
// bytes written match the declared size and CRC. The errors say which entry and why.
import { GumloopError } from '../errors';
import { shortName } from '../text';
import type { ZipEntry } from './zipIndex';

const LOCAL_SIGNATURE = 0x04034b50;
export const LOCAL_HEADER = 30;

export function corruptEntry(entry: ZipEntry, detail: string): GumloopError {
  return new GumloopError('corrupt-archive', `The archive is damaged at entry “${shortName(entry.name)}” (${detail}). Nothing was written. Try the download again.`, { entry: entry.name });
}

export function lyingEntry(entry: ZipEntry): GumloopError {
  return new GumloopError('unsafe-archive', `The archive was refused: entry “${shortName(entry.name)}” inflates past the size its header declares (${entry.uncompressedSize} bytes). Nothing was written.`, { entry: entry.name });
}

/** Where the entry's data starts, relative to `header` (which begins at the local header). */
export function dataOffset(entry: ZipEntry, header: Buffer): number {
  if (header.length < LOCAL_HEADER || header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw corruptEntry(entry, 'bad local header');
  const nameLength = header.readUInt16LE(26);
  const extraLength = header.readUInt16LE(28);
  if (nameLength !== entry.rawName.length || (header.length >= LOCAL_HEADER + nameLength && !header.subarray(LOCAL_HEADER, LOCAL_HEADER + nameLength).equals(entry.rawName))) {
    throw corruptEntry(entry, 'its local name differs from the directory');
  }
  return LOCAL_HEADER + nameLength + extraLength;
}

export function checkResult(entry: ZipEntry, size: number, crc: number): void {
  if (size > entry.uncompressedSize) throw lyingEntry(entry);
  if (size !== entry.uncompressedSize) throw corruptEntry(entry, `${size} bytes instead of ${entry.uncompressedSize}`);
  if (crc !== entry.crc32) throw corruptEntry(entry, 'checksum mismatch');
}
