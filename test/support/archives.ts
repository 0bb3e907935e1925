// Builders for small test archives, and byte patches that make them lie.
import AdmZip from 'adm-zip';
import { open, writeFile } from 'node:fs/promises';
import { readZipIndex } from '../../src/archive/zipIndex';

export function buildZip(files: Record<string, string | Buffer>): Buffer {
  const zip = new AdmZip();
  for (const [name, content] of Object.entries(files)) zip.addFile(name, Buffer.isBuffer(content) ? content : Buffer.from(content));
  return zip.toBuffer();
}

export async function writeZip(file: string, files: Record<string, string | Buffer>): Promise<Buffer> {
  const data = buildZip(files);
  await writeFile(file, data);
  return data;
}

/** Every entry name an archive holds: a request for all of it, for tests about something other than the request. */
export async function entryNames(file: string): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    return (await readZipIndex(handle, (await handle.stat()).size, Number.MAX_SAFE_INTEGER)).map((entry) => entry.name);
  } finally {
    await handle.close();
  }
}

/** Offset of the central-directory record of the entry called `name`. */
function centralRecord(zip: Buffer, name: string): number {
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (zip.readUInt32LE(i) !== 0x02014b50) continue;
    const nameLength = zip.readUInt16LE(i + 28);
    if (zip.subarray(i + 46, i + 46 + nameLength).toString('utf8') === name) return i;
  }
  throw new Error(`no entry ${name}`);
}

/** Rewrites fields of one entry in both its central record and its local header. */
export function patchEntry(zip: Buffer, name: string, patch: { uncompressedSize?: number; crc32?: number; externalAttributes?: number }): Buffer {
  const out = Buffer.from(zip);
  const central = centralRecord(out, name);
  const local = out.readUInt32LE(central + 42);
  if (patch.uncompressedSize !== undefined) {
    out.writeUInt32LE(patch.uncompressedSize, central + 24);
    out.writeUInt32LE(patch.uncompressedSize, local + 22);
  }
  if (patch.crc32 !== undefined) {
    out.writeUInt32LE(patch.crc32, central + 16);
    out.writeUInt32LE(patch.crc32, local + 14);
  }
  if (patch.externalAttributes !== undefined) out.writeUInt32LE(patch.externalAttributes >>> 0, central + 38);
  return out;
}
