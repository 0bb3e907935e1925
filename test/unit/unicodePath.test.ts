// Info-ZIP's Unicode Path extra field (0x7075) is used only as APPNOTE 4.6.9 allows: version 1 and
// a CRC-32 that matches the header's raw name. Anything else is ignored and the header name stands.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32 } from '../../src/archive/crc32';
import { extractArchive } from '../../src/archive/extract';
import { ZipFileWriter } from '../support/zipWriter';

/** The header name an old tool writes for “däta.txt” in code page 437 (0x84 is ä), unflagged. */
const HEADER_NAME = Buffer.from([0x64, 0x84, 0x74, 0x61, 0x2e, 0x74, 0x78, 0x74]);
const HEADER_NAME_DECODED = 'däta.txt';
const UNICODE_NAME = 'データ.txt';
const CONTENT = Buffer.from('the same bytes whatever the name\n');

/** An extra field: id, size, data. `declaredSize` lets a test claim more bytes than there are. */
function extraField(id: number, data: Buffer, declaredSize = data.length): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16LE(id, 0);
  header.writeUInt16LE(declaredSize, 2);
  return Buffer.concat([header, data]);
}

function unicodePathData(options: { version?: number; nameCrc?: number; name?: string } = {}): Buffer {
  const head = Buffer.alloc(5);
  head[0] = options.version ?? 1;
  head.writeUInt32LE(options.nameCrc ?? crc32(HEADER_NAME), 1);
  return Buffer.concat([head, Buffer.from(options.name ?? UNICODE_NAME, 'utf8')]);
}

/** Extracts a one-entry archive whose central record carries `centralExtra`; returns what landed. */
async function extractWithExtra(centralExtra: Buffer): Promise<{ written: string[]; onDisk: string[]; content: Buffer }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gl-unicode-path-'));
  try {
    const archivePath = path.join(root, 'named.zip');
    const writer = await ZipFileWriter.create(archivePath);
    await writer.add(HEADER_NAME, [CONTENT], { centralExtra });
    await writer.close();
    const destination = path.join(root, 'out');
    const workDir = path.join(root, 'work');
    await mkdir(workDir);
    const result = await extractArchive({ archivePath, destination, workDir, onConflict: 'fail' });
    const onDisk = await readdir(destination);
    return { written: result.written, onDisk, content: await readFile(path.join(destination, onDisk[0])) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function assertExtractedAs(centralExtra: Buffer, expectedName: string): Promise<void> {
  const { written, onDisk, content } = await extractWithExtra(centralExtra);
  assert.deepEqual(written, [expectedName]);
  assert.deepEqual(onDisk, [expectedName]);
  assert.ok(content.equals(CONTENT), 'byte-exact content');
}

describe('Info-ZIP Unicode Path extra field (0x7075)', () => {
  test('without the field, an unflagged name is read as code page 437', async () => {
    await assertExtractedAs(Buffer.alloc(0), HEADER_NAME_DECODED);
  });

  test('a version-1 field whose CRC matches the header name gives the entry its Unicode name', async () => {
    await assertExtractedAs(extraField(0x7075, unicodePathData()), UNICODE_NAME);
  });

  test('the field is found after other extra fields', async () => {
    await assertExtractedAs(Buffer.concat([extraField(0xcafe, Buffer.from('other tool')), extraField(0x7075, unicodePathData())]), UNICODE_NAME);
  });

  test('another version is ignored: the header name stands', async () => {
    await assertExtractedAs(extraField(0x7075, unicodePathData({ version: 2 })), HEADER_NAME_DECODED);
  });

  test('a CRC that does not match the header name is ignored, so garbage never becomes the name', async () => {
    const stale = extraField(0x7075, unicodePathData({ nameCrc: crc32(Buffer.from('renamed.txt')) }));
    await assertExtractedAs(stale, HEADER_NAME_DECODED);
    const garbage = extraField(0x7075, unicodePathData({ nameCrc: 0xdeadbeef, name: '\u0001\u0002\u001b[2J' }));
    await assertExtractedAs(garbage, HEADER_NAME_DECODED);
  });

  test('a field that is not valid UTF-8 is ignored even when its CRC matches', async () => {
    const data = Buffer.concat([unicodePathData({ name: '' }), Buffer.from([0xff, 0xfe, 0x2e, 0x74])]);
    await assertExtractedAs(extraField(0x7075, data), HEADER_NAME_DECODED);
  });

  test('a truncated field is ignored, not a crash', async () => {
    const whole = unicodePathData();
    // Declares its full size but the extra area ends early.
    await assertExtractedAs(extraField(0x7075, whole.subarray(0, 8), whole.length), HEADER_NAME_DECODED);
    // Too short to hold the version and the CRC.
    await assertExtractedAs(extraField(0x7075, whole.subarray(0, 3)), HEADER_NAME_DECODED);
    // Version and CRC but no name.
    await assertExtractedAs(extraField(0x7075, whole.subarray(0, 5)), HEADER_NAME_DECODED);
    // Fewer bytes than a field header.
    await assertExtractedAs(Buffer.from([0x75, 0x70]), HEADER_NAME_DECODED);
  });
});
