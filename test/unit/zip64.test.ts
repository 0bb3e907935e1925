// Zip64 (APPNOTE 4.3.14-4.3.15, 4.5.3): archives past 4 GiB or 65,535 entries keep their sizes,
// offsets and counts in zip64 records and extra fields, with the 32-bit fields set to 0xFFFFFFFF.
// Real ones are gigabytes (npm run bench builds them with two producers); here the same records
// are crafted around a few bytes, with every field forced to its "see zip64" value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32 } from '../../src/archive/crc32';
import { extractArchive } from '../../src/archive/extract';
import { readZipIndex } from '../../src/archive/zipIndex';
import { isGumloopError } from '../../src/errors';

const MAX32 = 0xffffffff;

interface Crafted {
  name: string;
  content: Buffer;
  /** Which 32-bit fields of the central record say "see zip64" (and so are in its zip64 field). */
  force: { sizes?: boolean; offset?: boolean };
  /** Leave the zip64 extra field out although fields are forced (a broken producer). */
  omitExtra?: boolean;
  /** Cut the zip64 extra field short by this many bytes. */
  shortExtra?: number;
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
}
function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
}
function u64(value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(value));
  return b;
}

/** A stored-entry archive whose records are all zip64, as a >4 GiB producer writes them, around small data. */
function craftZip(entries: Crafted[], options: { zip64End?: boolean; forceEnd?: boolean; locatorAt?: number } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const crc = crc32(entry.content);
    const size = entry.content.length;
    // The local header: sizes forced, with its own zip64 field holding both (4.5.3: both, in the local header).
    const localExtra = entry.force.sizes ? Buffer.concat([u16(1), u16(16), u64(size), u64(size)]) : Buffer.alloc(0);
    const local = Buffer.concat([u32(0x04034b50), u16(45), u16(0x800), u16(0), u16(0), u16(0), u32(crc), u32(entry.force.sizes ? MAX32 : size), u32(entry.force.sizes ? MAX32 : size), u16(name.length), u16(localExtra.length), name, localExtra]);
    const values = [...(entry.force.sizes ? [size, size] : []), ...(entry.force.offset ? [offset] : [])];
    let extra = entry.omitExtra || values.length === 0 ? Buffer.alloc(0) : Buffer.concat([u16(1), u16(values.length * 8), ...values.map(u64)]);
    if (entry.shortExtra) extra = Buffer.concat([u16(1), u16(values.length * 8 - entry.shortExtra), extra.subarray(4, extra.length - entry.shortExtra)]);
    central.push(
      Buffer.concat([
        u32(0x02014b50), u16((3 << 8) | 45), u16(45), u16(0x800), u16(0), u16(0), u16(0), u32(crc),
        u32(entry.force.sizes ? MAX32 : size), u32(entry.force.sizes ? MAX32 : size),
        u16(name.length), u16(extra.length), u16(0), u16(0), u16(0), u32((0o100644 << 16) >>> 0),
        u32(entry.force.offset ? MAX32 : offset), name, extra,
      ]),
    );
    parts.push(local, entry.content);
    offset += local.length + entry.content.length;
  }
  const directory = Buffer.concat(central);
  const directoryAt = offset;
  parts.push(directory);
  const zip64EndAt = directoryAt + directory.length;
  if (options.zip64End !== false) {
    const record = Buffer.concat([u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0), u64(entries.length), u64(entries.length), u64(directory.length), u64(directoryAt)]);
    parts.push(record);
    parts.push(Buffer.concat([u32(0x07064b50), u32(0), u64(options.locatorAt ?? zip64EndAt), u32(1)]));
  }
  const force = options.forceEnd !== false;
  parts.push(Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(force ? 0xffff : entries.length), u16(force ? 0xffff : entries.length), u32(force ? MAX32 : directory.length), u32(force ? MAX32 : directoryAt), u16(0)]));
  return Buffer.concat(parts);
}

async function scene(t: { after(fn: () => Promise<void>): void }, zip: Buffer) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gl-zip64-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const archivePath = path.join(root, 'a.zip');
  await writeFile(archivePath, zip);
  const index = async () => {
    const handle = await open(archivePath, 'r');
    try {
      return await readZipIndex(handle, zip.length, 100);
    } finally {
      await handle.close();
    }
  };
  return { root, archivePath, index };
}

const A = { name: 'a.txt', content: Buffer.from('first file') };
const B = { name: 'dir/b.txt', content: Buffer.from('the second, a little longer') };

test('zip64 end record, sizes and offsets: every forced field is read from its zip64 record, and the files extract', async (t) => {
  const zip = craftZip([{ ...A, force: { sizes: true, offset: true } }, { ...B, force: { sizes: true, offset: true } }]);
  const { root, archivePath, index } = await scene(t, zip);
  const entries = await index();
  assert.deepEqual(
    entries.map((e) => [e.name, e.uncompressedSize, e.compressedSize, e.localHeaderOffset]),
    [['a.txt', A.content.length, A.content.length, 0], ['dir/b.txt', B.content.length, B.content.length, 30 + 5 + 20 + A.content.length]],
  );
  const destination = path.join(root, 'out');
  const result = await extractArchive({ archivePath, destination, workDir: await mkdtemp(path.join(root, 'w')), onConflict: 'fail' });
  assert.deepEqual(result.written.sort(), ['a.txt', 'dir/b.txt']);
  assert.equal(await readFile(path.join(destination, 'dir/b.txt'), 'utf8'), B.content.toString());
});

test('a zip64 field holds only the forced values, in order: an offset alone is the first value', async (t) => {
  const zip = craftZip([{ ...A, force: {} }, { ...B, force: { offset: true } }], { forceEnd: false });
  const { index } = await scene(t, zip);
  const entries = await index();
  assert.equal(entries[1].localHeaderOffset, 30 + 5 + A.content.length);
  assert.equal(entries[1].uncompressedSize, B.content.length);
});

test('the zip64 end record is read whenever its locator is there, even if the 32-bit fields were not forced', async (t) => {
  // A producer that writes zip64 records always (Python's zipfile with force_zip64 writes them on demand; some Java tools always).
  const zip = craftZip([{ ...A, force: {} }], { forceEnd: false });
  const { index } = await scene(t, zip);
  assert.equal((await index()).length, 1);
});

test('a forced field with no zip64 field is refused, not read as 4 GiB', async (t) => {
  const zip = craftZip([{ ...A, force: { sizes: true }, omitExtra: true }]);
  const { index } = await scene(t, zip);
  await assert.rejects(index(), (e: unknown) => isGumloopError(e, 'corrupt-archive') && /“a\.txt” needs a zip64 field/.test(e.message));
});

test('a zip64 field too short for the forced values is refused', async (t) => {
  const zip = craftZip([{ ...A, force: { sizes: true, offset: true }, shortExtra: 8 }]);
  const { index } = await scene(t, zip);
  await assert.rejects(index(), (e: unknown) => isGumloopError(e, 'corrupt-archive') && /bad zip64 field for “a\.txt”/.test(e.message));
});

test('forced end-of-directory fields without a zip64 locator, or a locator pointing at no record, are refused', async (t) => {
  const missing = await scene(t, craftZip([{ ...A, force: {} }], { zip64End: false }));
  await assert.rejects(missing.index(), (e: unknown) => isGumloopError(e, 'corrupt-archive') && /missing zip64 locator/.test(e.message));
  const wrong = await scene(t, craftZip([{ ...A, force: {} }], { locatorAt: 3 }));
  await assert.rejects(wrong.index(), (e: unknown) => isGumloopError(e, 'corrupt-archive') && /bad zip64 end record/.test(e.message));
  const past = await scene(t, craftZip([{ ...A, force: {} }], { locatorAt: 1e6 }));
  await assert.rejects(past.index(), (e: unknown) => isGumloopError(e, 'corrupt-archive') && /points past itself/.test(e.message));
});

test('offsets and sizes past 4 GiB survive as exact numbers (no 32-bit wrap)', async (t) => {
  // An offset of 5 GiB in the zip64 field of a tiny archive: read exactly, then refused as out of the file when extracted.
  const zip = craftZip([{ ...A, force: { sizes: true, offset: true } }]);
  const at = zip.indexOf(Buffer.from([0x01, 0x00, 0x18, 0x00]), zip.indexOf(u32(0x02014b50)));
  zip.writeBigUInt64LE(5n * 1024n ** 3n, at + 4 + 16);
  const { index } = await scene(t, zip);
  assert.equal((await index())[0].localHeaderOffset, 5 * 1024 ** 3);
});
