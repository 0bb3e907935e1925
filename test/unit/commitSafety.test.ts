// What the review found: the world can change between the conflict check and the final move.
// Each case is staged by hand, then the destination is changed the way a race would change it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { commitStaged } from '../../src/archive/commit';
import { isGumloopError } from '../../src/errors';
import { checkInsideFolder } from '../../src/ui/destination';
import { validateRunId } from '../../src/validation';
import { snapshot } from '../support/fsSnapshot';
import { ZipFileWriter } from '../support/zipWriter';
import { extractArchive } from '../../src/archive/extract';

async function scene(t: { after(fn: () => Promise<void>): void }) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gl-commit-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const destination = path.join(root, 'ws', 'out');
  const work = path.join(root, 'work');
  const staging = path.join(work, 'files');
  await mkdir(path.join(staging, 'sub'), { recursive: true });
  await mkdir(path.join(destination, 'sub'), { recursive: true });
  await writeFile(path.join(staging, 'sub', 'x.txt'), 'new');
  const files = [{ target: 'sub/x.txt', overwrite: false }];
  return { root, destination, staging, files, work };
}

test('a folder swapped for a symbolic link after the check is refused; nothing lands outside', async (t) => {
  const { root, destination, files, work } = await scene(t);
  const outside = path.join(root, 'outside');
  await mkdir(outside);
  await rm(path.join(destination, 'sub'), { recursive: true });
  await symlink(outside, path.join(destination, 'sub'));
  await assert.rejects(commitStaged({ scratch: work, destination, files }), (e: unknown) => isGumloopError(e, 'conflict') && /“sub” became a symbolic link/.test(e.message));
  assert.deepEqual(await snapshot(outside), {});
});

test('a file that appeared after the check is not overwritten, and the commit is rolled back', async (t) => {
  const { destination, staging, work } = await scene(t);
  await writeFile(path.join(staging, 'a.txt'), 'new a');
  const files = [
    { target: 'a.txt', overwrite: false },
    { target: 'sub/x.txt', overwrite: false },
  ];
  await writeFile(path.join(destination, 'sub', 'x.txt'), 'written by the user meanwhile');
  const before = await snapshot(destination);
  await assert.rejects(commitStaged({ scratch: work, destination, files }), /“sub\/x.txt” appeared while the download was being extracted/);
  assert.deepEqual(await snapshot(destination), before, 'a.txt was moved back out');
  assert.equal(await readFile(path.join(destination, 'sub', 'x.txt'), 'utf8'), 'written by the user meanwhile');
});

test('a destination whose folder links out of the workspace is refused', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gl-inside-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const workspace = path.join(root, 'ws');
  const elsewhere = path.join(root, 'elsewhere');
  await mkdir(workspace);
  await mkdir(elsewhere);
  await symlink(elsewhere, path.join(workspace, 'gumloop'));
  const escaped = await checkInsideFolder(path.join(workspace, 'gumloop', 'RUN1'), workspace);
  assert.equal(escaped.ok, false);
  assert.match((escaped as { reason: string }).reason, /“gumloop” in the workspace is a link to a folder outside it/);
  assert.equal((await checkInsideFolder(path.join(workspace, 'new', 'RUN1'), workspace)).ok, true);
  assert.equal((await checkInsideFolder(path.join(root, 'absolute-elsewhere'), workspace)).ok, true, 'an absolute setting outside the workspace is the user’s choice');
  await symlink(path.join(root, 'missing-target'), path.join(workspace, 'dangling'));
  assert.equal((await checkInsideFolder(path.join(workspace, 'dangling', 'RUN1'), workspace)).ok, false);
});

test('a large entry with no data but a non-zero size is corrupt, not a crash', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gl-zero-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const archive = path.join(root, 'a.zip');
  const writer = await ZipFileWriter.create(archive);
  await writer.add('big.bin', [Buffer.alloc(3 * 1024 * 1024, 7)], { deflate: false });
  await writer.close();
  // Rewrite the directory's compressed size to 0 while the declared size stays 3 MiB.
  const data = await readFile(archive);
  const central = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  data.writeUInt32LE(0, central + 20);
  await writeFile(archive, data);
  await mkdir(path.join(root, 'work'));
  await assert.rejects(extractArchive({ archivePath: archive, destination: path.join(root, 'out'), workDir: path.join(root, 'work'), onConflict: 'fail' }), (e: unknown) => isGumloopError(e, 'corrupt-archive'));
});

test('a pasted link with a broken %-escape is refused, not thrown', () => {
  assert.equal(validateRunId('https://x.y/p?run_id=%E0%A4%A').ok, false);
});
