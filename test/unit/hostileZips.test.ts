// Every archive in the shared hostile corpus behaves as its README's table says, and a refused
// archive leaves no trace anywhere: not in the destination, not beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractArchive } from '../../src/archive/extract';
import { isGumloopError } from '../../src/errors';
import { snapshot } from '../support/fsSnapshot';
import { HOSTILE_ZIPS } from '../support/paths';

async function expectations(): Promise<Map<string, 'reject' | 'extract'>> {
  const readme = await readFile(path.join(HOSTILE_ZIPS, 'README.md'), 'utf8');
  const table = new Map<string, 'reject' | 'extract'>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length > 4 && cells[1].endsWith('.zip')) table.set(cells[1], cells[4].startsWith('reject') ? 'reject' : 'extract');
  }
  return table;
}

test('the README table covers every archive in the corpus', async () => {
  const table = await expectations();
  const zips = (await readdir(HOSTILE_ZIPS)).filter((name) => name.endsWith('.zip')).sort();
  assert.deepEqual([...table.keys()].sort(), zips);
  assert.ok(zips.length >= 17);
});

test('hostile corpus: each archive is refused or extracted as the table says', async (t) => {
  for (const [zip, expected] of await expectations()) {
    await t.test(`${zip} → ${expected}`, async () => {
      const root = await mkdtemp(path.join(os.tmpdir(), 'gl-hostile-'));
      try {
        const workspace = path.join(root, 'workspace');
        const destination = path.join(workspace, 'out');
        const workDir = path.join(workspace, '.work');
        await import('node:fs/promises').then((fs) => fs.mkdir(workDir, { recursive: true }));
        const before = await snapshot(root);
        const attempt = extractArchive({ archivePath: path.join(HOSTILE_ZIPS, zip), destination, workDir, onConflict: 'fail' });
        if (expected === 'reject') {
          await assert.rejects(attempt, (error: unknown) => {
            assert.ok(isGumloopError(error, 'unsafe-archive'), `expected unsafe-archive, got ${String(error)}`);
            assert.ok(error.entry !== undefined && error.message.includes('entry “'), 'the error names the entry');
            assert.match(error.message, /Nothing was written/);
            return true;
          });
          assert.deepEqual(await snapshot(root), before, 'nothing was written anywhere');
        } else {
          const result = await attempt;
          const written = await snapshot(destination);
          assert.equal(Object.keys(written).filter((k) => !k.endsWith('/')).length, result.written.length);
          assert.ok(result.written.length > 0);
        }
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  }
});

test('the refusals name the offending entry', async () => {
  const cases: Record<string, RegExp> = {
    'snyk-zip-slip.zip': /\.\.\/\.\.\/.*climbs out/,
    'snyk-zip-slip-win.zip': /\.\.\\\\.*climbs out/,
    'gumloop-py-invalid-absolute-path.zip': /“\/absolute” is an absolute path/,
    'gumloop-py-invalid-windows-drive-prefix.zip': /“C:\/escape” starts with a drive letter/,
    'gumloop-py-invalid-nul-name.zip': /NUL or control character/,
    'gumloop-py-invalid-duplicate-entry.zip': /“acme-api-conventions\/SKILL.md” duplicates/,
    'gumloop-py-invalid-symlink.zip': /“acme-api-conventions\/link” is a symbolic link/,
    'gumloop-py-invalid-device.zip': /is a character device/,
    'gumloop-py-invalid-fifo.zip': /is a FIFO/,
    'gumloop-py-invalid-socket.zip': /is a socket/,
  };
  for (const [zip, pattern] of Object.entries(cases)) {
    const root = await mkdtemp(path.join(os.tmpdir(), 'gl-name-'));
    try {
      await assert.rejects(extractArchive({ archivePath: path.join(HOSTILE_ZIPS, zip), destination: path.join(root, 'out'), workDir: root, onConflict: 'fail' }), pattern, zip);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
});
