import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractArchive, type ExtractOptions } from '../../src/archive/extract';
import { keepBothName } from '../../src/archive/conflicts';
import { checkedEntryPath, normaliseEntryPath } from '../../src/archive/safety';
import { isGumloopError } from '../../src/errors';
import { buildZip, patchEntry } from '../support/archives';
import { snapshot } from '../support/fsSnapshot';
import { ZipFileWriter, randomChunks } from '../support/zipWriter';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gl-extract-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const destination = path.join(root, 'workspace', 'gumloop', 'run');
  await mkdir(path.join(root, 'workspace'), { recursive: true });
  let n = 0;
  const extract = async (archive: Buffer | string, options: Partial<ExtractOptions> = {}) => {
    const archivePath = typeof archive === 'string' ? archive : path.join(root, `a${n}.zip`);
    if (typeof archive !== 'string') await writeFile(archivePath, archive);
    const workDir = path.join(root, `work${n++}`);
    await mkdir(workDir);
    return extractArchive({ archivePath, destination, workDir, onConflict: 'fail', ...options });
  };
  return { root, destination, workspace: path.join(root, 'workspace'), extract };
}

test('extracts nested and non-ASCII paths byte for byte into a new destination', async (t) => {
  const { destination, extract } = await setup(t);
  const files = { 'report.csv': 'a,b\n1,2\n', 'reports/2026/q3/summary.json': '{"ok":true}', 'データ/résumé.txt': 'héllo', 'empty.txt': '' };
  const result = await extract(buildZip(files));
  assert.deepEqual(result.written.sort(), Object.keys(files).sort());
  for (const [name, content] of Object.entries(files)) assert.equal(await readFile(path.join(destination, name), 'utf8'), content);
});

test('streams large entries (stored and deflated) and checks their CRC', async (t) => {
  const { root, destination, extract } = await setup(t);
  const archive = path.join(root, 'big.zip');
  const writer = await ZipFileWriter.create(archive);
  await writer.add('random.bin', randomChunks(6 * 1024 * 1024, 7), { deflate: true });
  await writer.add('stored.bin', randomChunks(5 * 1024 * 1024, 9), { deflate: false });
  await writer.add('text.csv', (function* () {
    for (let i = 0; i < 200_000; i++) yield Buffer.from(`${i},row ${i},${i * 3}\n`);
  })());
  await writer.close();
  const result = await extract(archive);
  assert.equal(result.written.length, 3);
  const expected = Buffer.concat([...randomChunks(6 * 1024 * 1024, 7)]);
  assert.ok((await readFile(path.join(destination, 'random.bin'))).equals(expected));
  const csv = await readFile(path.join(destination, 'text.csv'), 'utf8');
  assert.ok(csv.startsWith('0,row 0,0\n') && csv.endsWith('199999,row 199999,599997\n'));
});

test('an entry that inflates past its declared size is refused (small and streamed)', async (t) => {
  const { workspace, extract } = await setup(t);
  const before = await snapshot(workspace);
  const small = patchEntry(buildZip({ 'bomb.txt': 'x'.repeat(100_000) }), 'bomb.txt', { uncompressedSize: 10 });
  await assert.rejects(extract(small), (error: unknown) => isGumloopError(error, 'unsafe-archive') && /bomb.txt.*inflates past/.test(error.message));
  const big = patchEntry(buildZip({ 'big.bin': Buffer.concat([...randomChunks(9 * 1024 * 1024, 3)]) }), 'big.bin', { uncompressedSize: 1024 });
  await assert.rejects(extract(big), /big.bin.*inflates past/);
  assert.deepEqual(await snapshot(workspace), before);
});

test('a checksum mismatch, a truncated archive and a non-zip are refused as corrupt', async (t) => {
  const { workspace, extract } = await setup(t);
  const before = await snapshot(workspace);
  const good = buildZip({ 'a.txt': 'hello world, hello world' });
  await assert.rejects(extract(patchEntry(good, 'a.txt', { crc32: 1234 })), (e: unknown) => isGumloopError(e, 'corrupt-archive') && /checksum/.test(e.message));
  await assert.rejects(extract(good.subarray(0, good.length - 30)), (e: unknown) => isGumloopError(e, 'corrupt-archive'));
  await assert.rejects(extract(Buffer.from('<html>not a zip</html>')), /not a valid zip archive/);
  await assert.rejects(extract(Buffer.alloc(0)), /empty/);
  assert.deepEqual(await snapshot(workspace), before);
});

test('symlink and special-file modes are refused even when made by hand', async (t) => {
  const { extract } = await setup(t);
  const link = patchEntry(buildZip({ 'ok.txt': 'x', 'link': '/etc/passwd' }), 'link', { externalAttributes: (0o120777 << 16) >>> 0 });
  await assert.rejects(extract(link), /“link” is a symbolic link/);
});

test('file-versus-folder collisions, duplicates and limits are refused before writing', async (t) => {
  const { workspace, extract } = await setup(t);
  const before = await snapshot(workspace);
  await assert.rejects(extract(buildZip({ 'a': 'file', 'a/b.txt': 'inside' })), /“a” is a file, but other entries use the same path as a folder/);
  const duplicates = path.join(workspace, '..', 'dup.zip');
  const writer = await ZipFileWriter.create(duplicates);
  await writer.add('x.txt', [Buffer.from('1')]);
  await writer.add('./x.txt', [Buffer.from('2')]);
  await writer.close();
  await assert.rejects(extract(duplicates), /“\.\/x.txt” duplicates another entry \(“x.txt”\)/);
  await assert.rejects(extract(buildZip({ 'a.txt': '1', 'b.txt': '2', 'c.txt': '3' }), { limits: { maxEntries: 2 } }), (e: unknown) => isGumloopError(e, 'archive-limit') && /3 entries/.test(e.message));
  await assert.rejects(extract(buildZip({ 'a.bin': Buffer.alloc(600), 'b.bin': Buffer.alloc(600) }), { limits: { maxTotalBytes: 1000 } }), /more than 1000 bytes.*“b.bin”/);
  assert.deepEqual(await snapshot(workspace), before);
});

test('entry names: backslashes, UNC, control characters, dot segments', () => {
  assert.equal(normaliseEntryPath('a\\b\\c.txt'), 'a/b/c.txt');
  assert.equal(normaliseEntryPath('./a//b/./c.txt'), 'a/b/c.txt');
  assert.throws(() => normaliseEntryPath('\\\\server\\share\\x'), /UNC/);
  assert.throws(() => normaliseEntryPath('a/\u0007bell'), /control character/);
  assert.throws(() => normaliseEntryPath('a/../../b'), /climbs out/);
  assert.throws(() => normaliseEntryPath('C:\\Windows\\x'), /drive letter/);
  assert.throws(() => normaliseEntryPath('aux.txt', 'win32'), /reserves/);
  assert.throws(() => normaliseEntryPath('notes/a:b', 'win32'), /Windows cannot store/);
  assert.equal(normaliseEntryPath('12:30 notes.txt', 'linux'), '12:30 notes.txt');
});

/** What a check of a name says: the path it keeps, or the refusal. */
function outcome(check: () => string): string {
  try {
    return `kept ${check()}`;
  } catch (error) {
    return `refused ${(error as Error).message}`;
  }
}

test('entry names: the one-scan check of plain names agrees with every check in turn', () => {
  // Every name of up to 4 characters over an alphabet of the characters the checks care about,
  // then longer names built from the parts git and Windows treat specially.
  const alphabet = ['a', '.', '/', '\\', ':', 'g', 'i', 't', 'T', '~', '1', ' ', '\u200c', '\u009b', 'é'];
  const names: string[] = [''];
  for (let length = 1, last = ['']; length <= 4; length++) {
    last = last.flatMap((prefix) => alphabet.map((char) => prefix + char));
    names.push(...last);
  }
  const parts = ['.git', 'git~1', '.GIT', 'Git', '.g\u200cit', 'gi', 'x.git', 'a b', 'C:', '..', '.', '', 'report.csv', 'données'];
  for (const a of parts) for (const b of parts) for (const c of ['', '/', '\\']) names.push(`${a}/${b}${c}`, `dir/${a}${c}${b}`);
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    for (const name of names) {
      assert.equal(outcome(() => normaliseEntryPath(name, platform)), outcome(() => checkedEntryPath(name, platform)), `${platform}: ${JSON.stringify(name)}`);
    }
  }
});

test('names that differ only in case collide on Windows and macOS', async (t) => {
  const { extract } = await setup(t);
  const zip = buildZip({ 'Report.csv': '1', 'report.csv': '2' });
  await assert.rejects(extract(zip, { platform: 'darwin' }), /duplicates/);
});

test('conflict policy fail: names the existing files and writes nothing', async (t) => {
  const { destination, workspace, extract } = await setup(t);
  await mkdir(destination, { recursive: true });
  await writeFile(path.join(destination, 'a.txt'), 'mine');
  const before = await snapshot(workspace);
  await assert.rejects(extract(buildZip({ 'a.txt': 'theirs', 'b.txt': 'new' })), (e: unknown) => isGumloopError(e, 'conflict') && /“a.txt”/.test(e.message) && e.paths?.[0] === 'a.txt');
  assert.deepEqual(await snapshot(workspace), before);
});

test('conflict policies overwrite, skip and keep-both', async (t) => {
  const { destination, extract } = await setup(t);
  await mkdir(destination, { recursive: true });
  const reset = async () => {
    await writeFile(path.join(destination, 'a.txt'), 'mine');
    await rm(path.join(destination, 'b.txt'), { force: true });
  };
  const zip = buildZip({ 'a.txt': 'theirs', 'b.txt': 'new' });

  await reset();
  let result = await extract(zip, { onConflict: 'skip' });
  assert.deepEqual(result.skipped, ['a.txt']);
  assert.equal(await readFile(path.join(destination, 'a.txt'), 'utf8'), 'mine');
  assert.equal(await readFile(path.join(destination, 'b.txt'), 'utf8'), 'new');

  await reset();
  result = await extract(zip, { onConflict: 'overwrite' });
  assert.deepEqual(result.overwritten, ['a.txt']);
  assert.equal(await readFile(path.join(destination, 'a.txt'), 'utf8'), 'theirs');

  await reset();
  await writeFile(path.join(destination, 'a (1).txt'), 'older copy');
  result = await extract(zip, { onConflict: 'keep-both' });
  assert.deepEqual(result.written.sort(), ['a (2).txt', 'b.txt']);
  assert.equal(await readFile(path.join(destination, 'a.txt'), 'utf8'), 'mine');
  assert.equal(await readFile(path.join(destination, 'a (2).txt'), 'utf8'), 'theirs');
});

test('an asking resolver decides per file, and cancel writes nothing', async (t) => {
  const { destination, workspace, extract } = await setup(t);
  await mkdir(destination, { recursive: true });
  await writeFile(path.join(destination, 'a.txt'), 'mine');
  await writeFile(path.join(destination, 'b.txt'), 'mine too');
  const asked: string[] = [];
  const result = await extract(buildZip({ 'a.txt': 'A', 'b.txt': 'B' }), {
    onConflict: async (file) => {
      asked.push(file);
      return file === 'a.txt' ? 'overwrite' : 'skip';
    },
  });
  assert.deepEqual(asked, ['a.txt', 'b.txt']);
  assert.deepEqual(result.written, ['a.txt']);
  const before = await snapshot(workspace);
  await assert.rejects(extract(buildZip({ 'a.txt': 'X' }), { onConflict: async () => 'cancel' }), (e: unknown) => isGumloopError(e, 'cancelled'));
  assert.deepEqual(await snapshot(workspace), before);
});

test('never writes through a symbolic link in the destination', async (t) => {
  const { root, destination, extract } = await setup(t);
  const outside = path.join(root, 'outside');
  await mkdir(outside);
  await mkdir(destination, { recursive: true });
  await symlink(outside, path.join(destination, 'reports'));
  await assert.rejects(extract(buildZip({ 'reports/x.txt': 'x' }), { onConflict: 'overwrite' }), /symbolic link/);
  assert.deepEqual(await snapshot(outside), {});
});

test('cancellation mid-extraction leaves the destination untouched', async (t) => {
  const { root, workspace, destination, extract } = await setup(t);
  await mkdir(destination, { recursive: true });
  await writeFile(path.join(destination, 'keep.txt'), 'keep');
  const archive = path.join(root, 'many.zip');
  const writer = await ZipFileWriter.create(archive);
  for (let i = 0; i < 400; i++) await writer.add(`f/${i}.txt`, [Buffer.from(`file ${i}\n`.repeat(200))]);
  await writer.close();
  const before = await snapshot(workspace);
  const controller = new AbortController();
  await assert.rejects(
    extract(archive, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.filesDone === 50) controller.abort();
      },
    }),
    (e: unknown) => isGumloopError(e, 'cancelled'),
  );
  assert.deepEqual(await snapshot(workspace), before);
});

test('a bad CRC in a small or a large entry, while the other kind is in flight, writes nothing', async (t) => {
  const { root, workspace, extract } = await setup(t);
  const before = await snapshot(workspace);
  for (const bad of ['small', 'large'] as const) {
    const archive = path.join(root, `crc-${bad}.zip`);
    const writer = await ZipFileWriter.create(archive);
    await writer.add('big-1.bin', randomChunks(3 * 1024 * 1024, 5), { deflate: false, crcOverride: bad === 'large' ? 42 : undefined });
    for (let i = 0; i < 200; i++) await writer.add(`small/${i}.txt`, [Buffer.from(`row ${i}\n`.repeat(50))], { crcOverride: bad === 'small' && i === 150 ? 42 : undefined });
    await writer.add('big-2.bin', randomChunks(3 * 1024 * 1024, 6), { deflate: true });
    await writer.close();
    await assert.rejects(extract(archive), (e: unknown) => isGumloopError(e, 'corrupt-archive') && /checksum mismatch/.test(e.message), bad);
  }
  assert.deepEqual(await snapshot(workspace), before);
});

test('a local header with a large extra field is read correctly', async (t) => {
  const { root, destination, extract } = await setup(t);
  const archive = path.join(root, 'extra.zip');
  const writer = await ZipFileWriter.create(archive);
  const extra = Buffer.alloc(4 + 5000);
  extra.writeUInt16LE(0xcafe, 0);
  extra.writeUInt16LE(5000, 2);
  await writer.add('first.txt', [Buffer.from('first')]);
  await writer.add('padded.txt', [Buffer.from('hello, padded world')], { localExtra: extra });
  await writer.add('last.txt', [Buffer.from('last')]);
  await writer.close();
  await extract(archive);
  assert.equal(await readFile(path.join(destination, 'padded.txt'), 'utf8'), 'hello, padded world');
  assert.equal(await readFile(path.join(destination, 'last.txt'), 'utf8'), 'last');
});

test('keep-both names', () => {
  assert.equal(keepBothName('report.csv', 1), 'report (1).csv');
  assert.equal(keepBothName('a/b/data.tar.gz', 2), 'a/b/data.tar (2).gz');
  assert.equal(keepBothName('.env', 1), '.env (1)');
  assert.equal(keepBothName('Makefile', 3), 'Makefile (3)');
});
