// The helper thread that writes small entries beside the main thread (archive/entryHelper.ts):
// same bytes, same checks, same errors as the main thread, and nothing left writing after a
// failure or a cancel. The helper always takes the first two regions (512 entries each), so an
// entry among the first 1,024 is written by the helper thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EntryHelper } from '../../src/archive/entryHelper';
import { writeItems, type EntryItem } from '../../src/archive/entryWriter';
import { crc32 } from '../../src/archive/crc32';
import { extractArchive } from '../../src/archive/extract';
import { planRegions, writeSmallEntries } from '../../src/archive/smallEntries';
import { readZipIndex, type ZipEntry } from '../../src/archive/zipIndex';
import { isGumloopError } from '../../src/errors';
import { snapshot } from '../support/fsSnapshot';
import { ZipFileWriter } from '../support/zipWriter';

const FILES = 3000;

function content(i: number): Buffer {
  return Buffer.from(`${i},row ${i},${i * 7}\n`.repeat(1 + (i % 40)));
}

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gl-helper-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  return root;
}

async function manyFiles(file: string, patch: { crcAt?: number; storedEvery?: number } = {}): Promise<void> {
  const writer = await ZipFileWriter.create(file);
  for (let i = 0; i < FILES; i++) {
    await writer.add(`part-${Math.floor(i / 100)}/file-${i}.csv`, [content(i)], { deflate: !patch.storedEvery || i % patch.storedEvery !== 0, crcOverride: i === patch.crcAt ? 42 : undefined });
  }
  await writer.close();
}

test('the helper thread writes its items byte for byte and reports where it stopped and why', async (t) => {
  const root = await setup(t);
  const helper = EntryHelper.start();
  assert.ok(helper, 'this Node has zlib.crc32 and worker threads: the helper must start');
  t.after(() => helper.close());
  assert.equal(EntryHelper.start(), undefined, 'one helper per process: a second download at the same time writes on its own thread');
  const data = Buffer.concat([Buffer.from('hello'), Buffer.from('world!')]);
  const items: EntryItem[] = [
    { start: 0, compressedSize: 5, method: 0, size: 5, crc: crc32(Buffer.from('hello')), file: path.join(root, 'a.txt') },
    { start: 5, compressedSize: 6, method: 0, size: 6, crc: crc32(Buffer.from('world!')), file: path.join(root, 'b.txt') },
    { start: 5, compressedSize: 6, method: 0, size: 6, crc: 42, file: path.join(root, 'c.txt') },
  ];
  const buffer = new ArrayBuffer(data.length);
  data.copy(Buffer.from(buffer));
  const reply = await helper.write(buffer, data.length, items, root);
  assert.equal(reply.buffer.byteLength, data.length, 'the buffer comes back');
  assert.equal(await readFile(path.join(root, 'a.txt'), 'utf8'), 'hello');
  assert.equal(await readFile(path.join(root, 'b.txt'), 'utf8'), 'world!');
  assert.deepEqual(reply.outcome, { next: 2, failure: { kind: 'result', size: 6, crc: crc32(Buffer.from('world!')) } });
  assert.deepEqual(await readdir(root).then((names) => names.sort()), ['a.txt', 'b.txt'], 'nothing written for the failed item');

  // A file that exists is never replaced: the failure names the system call's code.
  const again = new ArrayBuffer(data.length);
  data.copy(Buffer.from(again));
  const clash = await helper.write(again, data.length, items.slice(0, 1), root);
  assert.equal(clash.outcome.next, 0);
  assert.equal(clash.outcome.failure?.kind, 'filesystem');
  assert.equal(clash.outcome.failure?.kind === 'filesystem' && clash.outcome.failure.code, 'EEXIST');
});

test('writeItems stops when its time slice is used up and goes on from there', async (t) => {
  const root = await setup(t);
  const data = Buffer.from('abc');
  const items: EntryItem[] = ['x', 'y', 'z'].map((name, i) => ({ start: i, compressedSize: 1, method: 0, size: 1, crc: crc32(data.subarray(i, i + 1)), file: path.join(root, name) }));
  let calls = 0;
  const first = writeItems(data, items, 0, () => ++calls >= 1, crc32, root);
  assert.deepEqual(first, { next: 1 }, 'one item per slice at least, then it stops');
  assert.deepEqual(writeItems(data, items, first.next, () => false, crc32, root), { next: 3 });
  assert.deepEqual((await readdir(root)).sort(), ['x', 'y', 'z']);
});

test('writeItems makes the folders its files need below its root, and nothing at or above it', async (t) => {
  const root = await setup(t);
  const staging = path.join(root, 'staging');
  await mkdir(staging);
  const data = Buffer.from('abc');
  const item = (i: number, relative: string): EntryItem => ({ start: i, compressedSize: 1, method: 0, size: 1, crc: crc32(data.subarray(i, i + 1)), file: path.join(staging, relative) });
  // Two folders deep, then one made already (as the other thread may have), then a sibling.
  const items = [item(0, 'a/b/x'), item(1, 'a/b/y'), item(2, 'a/c/z')];
  await mkdir(path.join(staging, 'a'));
  assert.deepEqual(writeItems(data, items, 0, () => false, crc32, staging), { next: 3 });
  assert.equal(await readFile(path.join(staging, 'a', 'c', 'z'), 'utf8'), 'c');
  assert.deepEqual(Object.keys(await snapshot(staging)).sort(), ['a/', 'a/b/', 'a/b/x', 'a/b/y', 'a/c/', 'a/c/z']);

  // The root gone (a cancel removed scratch): the write fails and the root is not made again.
  await rm(staging, { recursive: true });
  const outcome = writeItems(data, [item(0, 'd/x')], 0, () => false, crc32, staging);
  assert.equal(outcome.next, 0);
  assert.equal(outcome.failure?.kind === 'filesystem' && outcome.failure.code, 'ENOENT');
  assert.deepEqual(await readdir(root), [], 'nothing made in place of the removed root');

  // A file where a folder is needed is a failure of that file, not a folder made elsewhere.
  await mkdir(staging);
  await writeFile(path.join(staging, 'f'), 'a file');
  const blocked = writeItems(data, [item(0, 'f/x')], 0, () => false, crc32, staging);
  assert.equal(blocked.failure?.kind === 'filesystem' && blocked.failure.code, 'ENOTDIR');
});

test('regions cover every entry once, in archive order, and shrink towards the end so neither thread waits long for the other', () => {
  const jobs = Array.from({ length: 10_000 }, (_, i) => ({ entry: { localHeaderOffset: i * 100, rawName: Buffer.from('x'), compressedSize: 40 } as ZipEntry, target: `f${i}` }));
  const regions = planRegions([...jobs].reverse(), true);
  assert.deepEqual(regions.flatMap((region) => region.jobs), jobs, 'each entry once, sorted by offset');
  const sizes = regions.map((region) => region.jobs.length);
  assert.ok(sizes.every((size) => size <= 512));
  assert.equal(sizes[0], 512, 'full regions while much is left');
  assert.ok(sizes.at(-2)! <= 32 && sizes.at(-1)! <= 32, `the last regions are small (${sizes.slice(-4).join(', ')})`);
  for (let i = 1; i < sizes.length - 1; i++) assert.ok(sizes[i] <= sizes[i - 1], `sizes never grow (${sizes[i - 1]} then ${sizes[i]})`);
  // Without a helper nobody waits at the end: full regions throughout (40 small files are one region, not two).
  assert.deepEqual(planRegions(jobs, false).map((region) => region.jobs.length), [...Array.from({ length: 19 }, () => 512), 10_000 - 19 * 512]);
  assert.equal(planRegions(jobs.slice(0, 40), false).length, 1);
  assert.equal(planRegions(jobs.slice(0, 40), true).length, 2, 'with a helper they shrink');
});

test('many small entries (the helper thread and this one together) are extracted byte for byte', async (t) => {
  const root = await setup(t);
  const archive = path.join(root, 'many.zip');
  await manyFiles(archive, { storedEvery: 7 });
  const destination = path.join(root, 'out');
  await mkdir(path.join(root, 'work'));
  const result = await extractArchive({ archivePath: archive, destination, workDir: path.join(root, 'work'), onConflict: 'fail' });
  assert.equal(result.written.length, FILES);
  for (let i = 0; i < FILES; i += 1) {
    assert.ok((await readFile(path.join(destination, `part-${Math.floor(i / 100)}`, `file-${i}.csv`))).equals(content(i)), `file ${i}`);
  }
});

test('a new folder gets the helper thread; an extraction that replaces files does not (its memory would last through the commit)', async (t) => {
  const root = await setup(t);
  const archive = path.join(root, 'many.zip');
  await manyFiles(archive);
  const destination = path.join(root, 'out');
  await mkdir(path.join(root, 'work'));
  const start = EntryHelper.start;
  let started = 0;
  EntryHelper.start = () => {
    started++;
    return start.call(EntryHelper);
  };
  t.after(() => (EntryHelper.start = start));
  await extractArchive({ archivePath: archive, destination: path.join(root, 'one-part'), workDir: path.join(root, 'work'), onConflict: 'fail', requested: ['part-7'] });
  assert.equal(started, 0, '100 files asked for of 3,000 in the archive: too few to repay a thread');
  await extractArchive({ archivePath: archive, destination, workDir: path.join(root, 'work'), onConflict: 'fail' });
  assert.equal(started, 1, 'into a new folder');
  started = 0;
  const again = await extractArchive({ archivePath: archive, destination, workDir: path.join(root, 'work'), onConflict: 'overwrite' });
  assert.equal(started, 0, 'overwriting');
  assert.equal(again.overwritten.length, FILES);
  for (let i = 0; i < FILES; i += 97) assert.ok((await readFile(path.join(destination, `part-${Math.floor(i / 100)}`, `file-${i}.csv`))).equals(content(i)), `file ${i}`);
});

test('writeSmallEntries hands regions to the helper thread, and both write', async (t) => {
  const root = await setup(t);
  const archive = path.join(root, 'many.zip');
  await manyFiles(archive);
  const handle = await open(archive, 'r');
  t.after(() => handle.close());
  const entries = await readZipIndex(handle, (await handle.stat()).size, 100_000);
  const folder = path.join(root, 'staged');
  await mkdir(folder); // the part-N folders are made by the writers
  const helper = EntryHelper.start();
  assert.ok(helper);
  t.after(() => helper.close());
  let sent = 0;
  const write = helper.write.bind(helper);
  helper.write = (...args) => {
    sent++;
    return write(...args);
  };
  let written = 0;
  await writeSmallEntries(handle, entries.map((entry) => ({ entry, target: entry.name })), folder, () => written++, undefined, helper);
  assert.equal(written, FILES);
  assert.ok(sent >= 2, `the helper took the first two regions at least (took ${sent})`);
  assert.ok(sent < planRegions(entries.map((entry) => ({ entry, target: entry.name })), true).length, 'this thread wrote some regions too');
  assert.ok((await readFile(path.join(folder, 'part-0', 'file-3.csv'))).equals(content(3)));
});

test('a bad checksum in the helper’s region or in this thread’s is refused with the entry’s name; nothing is written', async (t) => {
  const root = await setup(t);
  const destination = path.join(root, 'out');
  await mkdir(destination);
  await writeFile(path.join(destination, 'keep.txt'), 'keep');
  const before = await snapshot(destination);
  for (const at of [10, FILES - 5]) {
    const archive = path.join(root, `bad-${at}.zip`);
    await manyFiles(archive, { crcAt: at });
    const workDir = path.join(root, `work-${at}`);
    await mkdir(workDir);
    await assert.rejects(
      extractArchive({ archivePath: archive, destination, workDir, onConflict: 'fail' }),
      (e: unknown) => isGumloopError(e, 'corrupt-archive') && e.message.includes(`file-${at}.csv`) && /checksum mismatch/.test(e.message),
      `bad entry ${at}`,
    );
    assert.deepEqual(await snapshot(destination), before);
    // The helper is gone before extractArchive returns: nothing is still writing into scratch.
    const staged = await snapshot(workDir);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(await snapshot(workDir), staged);
  }
});

test('cancelling while the helper writes leaves the destination untouched', async (t) => {
  const root = await setup(t);
  const archive = path.join(root, 'many.zip');
  await manyFiles(archive);
  const destination = path.join(root, 'out');
  await mkdir(destination);
  const before = await snapshot(destination);
  const controller = new AbortController();
  await mkdir(path.join(root, 'work'));
  await assert.rejects(
    extractArchive({
      archivePath: archive,
      destination,
      workDir: path.join(root, 'work'),
      onConflict: 'fail',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.filesDone === 700) controller.abort();
      },
    }),
    (e: unknown) => isGumloopError(e, 'cancelled') || (e as Error).name === 'AbortError',
  );
  assert.deepEqual(await snapshot(destination), before);
});

test('a helper the caller started earlier is closed by extraction, used or not', async (t) => {
  const root = await setup(t);
  const few = path.join(root, 'few.zip');
  const writer = await ZipFileWriter.create(few);
  await writer.add('a.txt', [Buffer.from('a')]);
  await writer.close();
  const many = path.join(root, 'many.zip');
  await manyFiles(many);
  for (const [name, archive] of [['few', few], ['many', many], ['missing', path.join(root, 'none.zip')]] as const) {
    const helper = EntryHelper.start();
    assert.ok(helper);
    const workDir = path.join(root, `work-${name}`);
    await mkdir(workDir);
    await extractArchive({ archivePath: archive, destination: path.join(root, `out-${name}`), workDir, onConflict: 'fail', helper }).catch(() => undefined);
    await assert.rejects(helper.write(new ArrayBuffer(1), 1, [], root), /helper thread stopped/, `${name}: the thread is gone`);
  }
});
