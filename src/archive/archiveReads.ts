// Positional reads from the downloaded archive.
import type { FileHandle } from 'node:fs/promises';

/** Reads up to `length` bytes at `position`; shorter only at the end of the file. */
export async function readUpTo(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  return readInto(handle, Buffer.allocUnsafe(length), position, length);
}

/** Like readUpTo, into the start of `buffer`; returns the part filled. */
export async function readInto(handle: FileHandle, buffer: Buffer, position: number, length: number): Promise<Buffer> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
