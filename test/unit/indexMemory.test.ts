// The shape of what the index, the journal and the CLI's output keep per entry, so that the
// 100,000-entry download stays within its memory target (npm run bench, tiny-100k): entries keep
// no Buffer (or other object) of their own and only the fields they cannot read back; the journal
// and the list of written files are produced in pieces, not as one string of every name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32 } from '../../src/archive/crc32';
import { journalPieces, type Journal } from '../../src/archive/journal';
import { DEFAULT_LIMITS } from '../../src/archive/limits';
import { planArchive } from '../../src/archive/safety';
import { readZipIndex, type ZipEntry } from '../../src/archive/zipIndex';
import type { CommandContext } from '../../src/cli/context';
import { reportDownload } from '../../src/cli/download';
import type { DownloadRunResult } from '../../src/download/downloadRun';
import { ZipFileWriter } from '../support/zipWriter';

const ENTRIES = 300;

test('index entries hold their name and sizes, and read every other field from the one directory Buffer', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gl-index-memory-'));
  try {
    const file = path.join(dir, 'many.zip');
    const writer = await ZipFileWriter.create(file);
    const content = (i: number) => Buffer.from(`row ${i}\n`);
    for (let i = 0; i < ENTRIES; i++) await writer.add(i % 2 ? `data/é-${i}.csv` : `data/${i}.csv`, [content(i)], { deflate: i % 3 === 0, mode: 0o100600 });
    await writer.close();
    const handle = await open(file, 'r');
    const entries = await readZipIndex(handle, (await handle.stat()).size, 1000).finally(() => handle.close());
    assert.equal(entries.length, ENTRIES);
    const directories = new Set<unknown>();
    for (const [i, entry] of entries.entries()) {
      // What each entry owns: primitives, plus one reference shared by all (the directory).
      const owned = Object.values(entry).filter((value) => typeof value === 'object');
      assert.equal(owned.length, 1, `entry ${i} owns ${owned.length} objects`);
      assert.ok(Buffer.isBuffer(owned[0]));
      directories.add(owned[0]);
      assert.ok(Object.keys(entry).length <= 6, `entry ${i} has ${Object.keys(entry).length} own fields: ${Object.keys(entry).join(', ')}`);
      // And every field still reads as before.
      const name = i % 2 ? `data/é-${i}.csv` : `data/${i}.csv`;
      assert.equal(entry.name, name);
      assert.deepEqual(entry.rawName, Buffer.from(name));
      assert.equal(entry.flags & 0x800, 0x800);
      assert.equal(entry.method, i % 3 === 0 ? 8 : 0);
      assert.equal(entry.crc32, crc32(content(i)));
      assert.equal(entry.uncompressedSize, content(i).length);
      assert.equal(entry.externalAttributes >>> 16, 0o100600);
      assert.equal(entry.versionMadeBy >> 8, 3);
    }
    assert.equal(directories.size, 1, 'one directory Buffer for all entries');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the journal is written in pieces that together are exactly its JSON', () => {
  const names = Array.from({ length: 20_000 }, (_, i) => `folder "${i % 7}"/naïve\\${i}.txt`);
  const journal: Journal = { version: 1, destination: '/dest/“quoted”', folders: ['folder "0"', 'a/b'], replace: names.slice(0, 5_000), add: names.slice(5_000) };
  const pieces = [...journalPieces(journal)];
  assert.ok(pieces.length > 5, `${pieces.length} pieces`);
  assert.ok(Math.max(...pieces.map((piece) => piece.length)) < 70 * 1024);
  assert.equal(pieces.join(''), JSON.stringify(journal));
  assert.deepEqual(JSON.parse(pieces.join('')), journal);
  const empty: Journal = { version: 1, destination: 'd', folders: [], replace: [], add: [] };
  assert.equal([...journalPieces(empty)].join(''), JSON.stringify(empty));
});

test("the CLI prints 100,000 written paths in pieces, one line each, folders last", () => {
  const written = Array.from({ length: 100_000 }, (_, i) => `data/part-${i % 10}/file-${i}.csv`);
  const pieces: string[] = [];
  const context = { values: {}, stdout: (text: string) => pieces.push(text), stderr: () => undefined } as unknown as CommandContext;
  const result = { written, folders: ['empty'], skipped: [], missing: [], notRequested: [], overwritten: [], archiveFiles: written, destination: 'd', archiveBytes: 0 } as DownloadRunResult;
  reportDownload(context, result);
  assert.ok(pieces.length > 10, `${pieces.length} pieces`);
  assert.ok(pieces.every((piece) => piece.endsWith('\n')));
  assert.equal(pieces.join(''), [...written, 'empty/'].map((line) => `${line}\n`).join(''));
});

test('the plan knows every folder although it looks folders up only when an entry changes folder', () => {
  const entry = (name: string): ZipEntry => ({ name, rawName: Buffer.from(name), method: 0, flags: 0, compressedSize: 1, uncompressedSize: 1, crc32: 0, localHeaderOffset: 0, versionMadeBy: 0, externalAttributes: 0 });
  const names = ['top.csv', 'a/x.csv', 'a/y.csv', 'b/y.csv', 'b/c/z.csv', 'b/w.csv', 'bc/v.csv', 'e/', 'e/f/g/h.csv', 'ab/q.csv'];
  const plan = planArchive(names.map(entry), DEFAULT_LIMITS, 'linux');
  assert.deepEqual([...plan.folders].sort(), ['a', 'ab', 'b', 'b/c', 'bc', 'e', 'e/f', 'e/f/g']);
  assert.deepEqual(plan.directories, ['e']);
  // A file where another entry, in a folder of the same length as the one before it, needs a folder.
  assert.throws(() => planArchive(['x/1.csv', 'd/2.csv', 'd'].map(entry), DEFAULT_LIMITS, 'linux'), /“d” is a file, but other entries use the same path as a folder/);
});
