// The destination lock, the commit journal and recovery, driven through downloadRun with a local
// archive (no server): what a second download sees, what a killed one leaves and how the next
// run finishes or undoes it, and that nothing of the user's is ever removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadRun, type DownloadRunOptions } from '../../src/download/downloadRun';
import { acquireDestinationLock, lockPathFor } from '../../src/download/destinationLock';
import { createScratch } from '../../src/download/scratch';
import { InFlightDownloads } from '../../src/download/inFlight';
import { writeJournal } from '../../src/archive/journal';
import { forwardFile } from '../../src/archive/commitSteps';
import { isGumloopError } from '../../src/errors';
import { entryNames, writeZip } from '../support/archives';
import { archiveDownloader } from '../support/fakeDownloader';
import { snapshot } from '../support/fsSnapshot';
import { ZipFileWriter, addFolderEntry } from '../support/zipWriter';

async function scene(t: { after(fn: () => Promise<void>): void }) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gl-journal-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const workspace = path.join(root, 'ws');
  const out = path.join(workspace, 'out');
  await mkdir(workspace);
  // Asks for everything the archive holds (a corrupt one has no names to read: the extractor reports it).
  const download = async (archive: string, options: Partial<DownloadRunOptions> = {}) =>
    downloadRun({ client: archiveDownloader(archive), request: { runId: 'RUN', fileNames: await entryNames(archive).catch(() => ['x']) }, destination: out, onConflict: 'overwrite', ...options });
  return { root, workspace, out, download };
}

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

const OLD = { 'a.txt': 'old a', 'sub/b.txt': 'old b', 'sub/c.txt': 'old c', 'd.txt': 'old d' };
const NEW = { 'a.txt': 'NEW a', 'sub/b.txt': 'NEW b', 'sub/c.txt': 'NEW c', 'd.txt': 'NEW d', 'sub/new.txt': 'NEW file', 'fresh/e.txt': 'NEW e' };

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
}

test('a second download into a locked folder fails at once, naming the running one, and changes nothing', async (t) => {
  const { root, workspace, out, download } = await scene(t);
  await writeTree(out, OLD);
  const archive = path.join(root, 'new.zip');
  await writeZip(archive, NEW);
  // A live owner: this test's parent process.
  writeFileSync(lockPathFor(out), JSON.stringify({ pid: process.ppid, host: os.hostname(), started: new Date().toISOString(), command: 'gumloop-files CLI', token: 'other' }));
  const before = await snapshot(workspace);
  const client = archiveDownloader(archive);
  await assert.rejects(download(archive, { client }), (e: unknown) => isGumloopError(e, 'conflict') && new RegExp(`^Another download into “out” is running \\(pid ${process.ppid}, started .*gumloop-files CLI\\)\\. Wait for it to finish`).test(e.message));
  assert.equal(client.calls, 0, 'it failed before downloading anything');
  assert.deepEqual(await snapshot(workspace), before, 'the lock and the folder are untouched');
});

test('a lock whose owner died is taken over; the lock is gone after the run', async (t) => {
  const { root, workspace, out, download } = await scene(t);
  const archive = path.join(root, 'new.zip');
  await writeZip(archive, NEW);
  writeFileSync(lockPathFor(out), JSON.stringify({ pid: deadPid(), host: os.hostname(), started: new Date().toISOString(), command: 'gumloop-files CLI', token: 'dead' }));
  const result = await download(archive);
  assert.equal(result.written.length, 6);
  assert.deepEqual((await readdir(workspace)).sort(), ['out']);
  // Held locks exclude each other within one process too.
  const lock = acquireDestinationLock(out, 'test');
  assert.throws(() => acquireDestinationLock(out, 'test'), /Another download into “out” is running/);
  lock.release();
  acquireDestinationLock(out, 'test').release();
});

/** What a download killed half-way through its final move leaves: a journal and some files moved. */
async function killedMidCommit(out: string, movedCount: number): Promise<string> {
  const scratch = createScratch(path.dirname(out), out);
  // Its owner died: rewrite the marker with a dead pid.
  const marker = path.join(scratch, '.gumloop-scratch.json');
  await writeFile(marker, JSON.stringify({ ...JSON.parse(await readFile(marker, 'utf8')), pid: deadPid() }));
  await writeTree(path.join(scratch, 'files'), NEW);
  const replace = Object.keys(OLD);
  const add = Object.keys(NEW).filter((name) => !(name in OLD));
  await writeJournal(scratch, { version: 1, destination: out, folders: ['fresh'], replace, add });
  await mkdir(path.join(out, 'fresh'));
  for (const target of [...replace, ...add].slice(0, movedCount)) forwardFile({ scratch, destination: out, target, replace: replace.includes(target) });
  return scratch;
}

test('recovery rolls an interrupted commit forward before the next download starts, and says so', async (t) => {
  const { root, workspace, out, download } = await scene(t);
  await writeTree(out, OLD);
  await killedMidCommit(out, 3);
  // Half old, half new, nothing missing: what a kill may leave.
  assert.equal(await readFile(path.join(out, 'a.txt'), 'utf8'), 'NEW a');
  assert.equal(await readFile(path.join(out, 'd.txt'), 'utf8'), 'old d');
  const archive = path.join(root, 'other.zip');
  await writeZip(archive, { 'other.txt': 'other' });
  const lines: string[] = [];
  const result = await download(archive, { onRecovery: (line) => lines.push(line) });
  assert.deepEqual(lines, [`Finished an interrupted download into “${out}” (6 files moved into place).`]);
  assert.deepEqual(result.written, ['other.txt']);
  for (const [name, content] of Object.entries(NEW)) assert.equal(await readFile(path.join(out, name), 'utf8'), content, name);
  assert.deepEqual((await readdir(workspace)).sort(), ['out'], 'no scratch, journal or lock is left');
});

test('recovery rolls back when the folder changed so the commit cannot finish: every original is back', async (t) => {
  const { root, workspace, out, download } = await scene(t);
  await writeTree(out, OLD);
  await killedMidCommit(out, 2);
  // Since the kill, the user put a folder where a new file was going.
  await mkdir(path.join(out, 'sub', 'new.txt'));
  const archive = path.join(root, 'other.zip');
  await writeZip(archive, { 'other.txt': 'other' });
  const lines: string[] = [];
  await download(archive, { onRecovery: (line) => lines.push(line) });
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^Undid an interrupted download into “.*out”: its 6 files were put back as they were \(“sub\/new.txt” became a folder/);
  const after = await snapshot(out);
  assert.deepEqual(Object.keys(after).sort(), ['a.txt', 'd.txt', 'other.txt', 'sub/', 'sub/b.txt', 'sub/c.txt', 'sub/new.txt/'].sort());
  for (const [name, content] of Object.entries(OLD)) assert.equal(await readFile(path.join(out, name), 'utf8'), content, name);
  assert.deepEqual((await readdir(workspace)).sort(), ['out']);
});

test('a look-alike user folder survives; abandoned marked scratch is removed at once, a live one is kept', async (t) => {
  const { root, workspace, download } = await scene(t);
  const lookAlike = path.join(workspace, '.gumloop-download-mine');
  await writeTree(lookAlike, { 'notes.txt': 'mine' });
  const old = new Date(Date.now() - 3 * 24 * 3600_000);
  await utimes(lookAlike, old, old);
  const abandoned = createScratch(workspace, path.join(workspace, 'elsewhere'));
  const marker = path.join(abandoned, '.gumloop-scratch.json');
  await writeFile(marker, JSON.stringify({ ...JSON.parse(await readFile(marker, 'utf8')), pid: deadPid() }));
  const live = createScratch(workspace, path.join(workspace, 'elsewhere'));
  const archive = path.join(root, 'bad.zip');
  await writeFile(archive, 'not a zip');
  await assert.rejects(download(archive), (e: unknown) => isGumloopError(e, 'corrupt-archive'));
  assert.equal(await readFile(path.join(lookAlike, 'notes.txt'), 'utf8'), 'mine', 'even a failing run leaves the user’s folder');
  assert.deepEqual((await readdir(workspace)).sort(), [path.basename(lookAlike), path.basename(live)].sort());
});

test('scratch killed before its marker was written (an empty marker) is removed; an empty marker beside other files is kept', async (t) => {
  const { workspace, download, root } = await scene(t);
  const unwritten = path.join(workspace, '.gumloop-download-kill01');
  await mkdir(unwritten);
  await writeFile(path.join(unwritten, '.gumloop-scratch.json'), '');
  const notOnlyMarker = path.join(workspace, '.gumloop-download-mine02');
  await writeTree(notOnlyMarker, { '.gumloop-scratch.json': '', 'notes.txt': 'mine' });
  const archive = path.join(root, 'new.zip');
  await writeZip(archive, NEW);
  await download(archive);
  assert.deepEqual((await readdir(workspace)).sort(), [path.basename(notOnlyMarker), 'out'].sort());
  assert.equal(await readFile(path.join(notOnlyMarker, 'notes.txt'), 'utf8'), 'mine');
});

test('a failed run changes neither the destination nor its modification time', async (t) => {
  const { root, out, download } = await scene(t);
  await writeTree(out, OLD);
  const before = await snapshot(out);
  const { mtimeMs } = await stat(out);
  const archive = path.join(root, 'bad.zip');
  await writeFile(archive, 'not a zip');
  await assert.rejects(download(archive), (e: unknown) => isGumloopError(e, 'corrupt-archive'));
  assert.deepEqual(await snapshot(out), before);
  assert.equal((await stat(out)).mtimeMs, mtimeMs);
});

test('a destination that is a link to a folder is followed; the link stays a link', async (t) => {
  const { root, workspace, out, download } = await scene(t);
  const real = path.join(root, 'real-out');
  await writeTree(real, OLD);
  await symlink(real, out);
  const archive = path.join(root, 'new.zip');
  await writeZip(archive, NEW);
  const result = await download(archive);
  assert.equal(result.destination, real);
  for (const [name, content] of Object.entries(NEW)) assert.equal(await readFile(path.join(out, name), 'utf8'), content, name);
  assert.ok((await import('node:fs/promises').then((fs) => fs.lstat(out))).isSymbolicLink());
  assert.deepEqual((await readdir(workspace)).sort(), ['out']);
  assert.deepEqual((await readdir(root)).sort(), ['new.zip', 'real-out', 'ws']);
});

test('folders the archive lists are created, empty ones too, in a new and in an existing destination', async (t) => {
  const { root, out, download } = await scene(t);
  const archive = path.join(root, 'folders.zip');
  const writer = await ZipFileWriter.create(archive);
  await writer.add('a/a.txt', [Buffer.from('a')]);
  await addFolderEntry(writer, 'b');
  await addFolderEntry(writer, 'c/d');
  await writer.close();
  const first = await download(archive);
  assert.deepEqual(first.written, ['a/a.txt']);
  assert.deepEqual(first.folders.sort(), ['b', 'c/d']);
  assert.deepEqual(Object.keys(await snapshot(out)).sort(), ['a/', 'a/a.txt', 'b/', 'c/', 'c/d/']);
  await rm(path.join(out, 'b'), { recursive: true });
  const again = await download(archive);
  assert.deepEqual(again.folders, ['b'], 'only the folder that was missing is counted');
  assert.deepEqual(Object.keys(await snapshot(out)).sort(), ['a/', 'a/a.txt', 'b/', 'c/', 'c/d/']);
  await rm(path.join(out, 'b'), { recursive: true });
  await writeFile(path.join(out, 'b'), 'a file where the archive has a folder');
  await assert.rejects(download(archive), (e: unknown) => isGumloopError(e, 'conflict') && /“b” already exists as a file/.test(e.message));
});

test('on start, remembered destinations are recovered and forgotten; one a live download holds is left alone', async (t) => {
  const { root, out } = await scene(t);
  await writeTree(out, OLD);
  await killedMidCommit(out, 4);
  const busy = path.join(root, 'ws', 'busy');
  await mkdir(busy);
  writeFileSync(lockPathFor(busy), JSON.stringify({ pid: process.ppid, host: os.hostname(), started: new Date().toISOString(), command: 'VS Code', token: 'live' }));
  let list = [out, busy, path.join(root, 'gone', 'deeper', 'out')];
  const inFlight = new InFlightDownloads({ get: () => list, set: async (next) => void (list = next) });
  const lines: string[] = [];
  const errors: unknown[] = [];
  await inFlight.recoverAll('VS Code', (line) => lines.push(line), (error) => errors.push(error));
  assert.deepEqual(errors, []);
  assert.deepEqual(lines, [`Finished an interrupted download into “${out}” (6 files moved into place).`]);
  for (const [name, content] of Object.entries(NEW)) assert.equal(await readFile(path.join(out, name), 'utf8'), content, name);
  assert.deepEqual(list, [busy], 'recovered and vanished destinations are forgotten; the busy one is kept');
  assert.deepEqual((await readdir(path.join(root, 'ws'))).sort(), ['.gumloop-lock.busy', 'busy', 'out']);
});
