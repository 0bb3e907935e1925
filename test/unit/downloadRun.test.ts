// The whole core path (client + extractor) against the emulator: byte-exact files, and every
// failure or cancellation leaving the workspace exactly as it was.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadRun } from '../../src/download/downloadRun';
import { GumloopClient } from '../../src/gumloop/client';
import { isGumloopError } from '../../src/errors';
import { DEMO } from '../emulator/server';
import { withEmulator } from '../support/emulatorFixture';
import { snapshot } from '../support/fsSnapshot';
import { HOSTILE_ZIPS } from '../support/paths';

describe('downloadRun against the emulator', () => {
  const emu = withEmulator({ before, after });
  let workspace = '';
  let client: GumloopClient;
  before(async () => {
    workspace = await mkdtemp(path.join(os.tmpdir(), 'gl-ws-'));
    client = new GumloopClient({ credentials: { apiKey: DEMO.apiKey, authMode: 'personal', userId: DEMO.userId }, baseUrl: emu.get().baseUrl, retry: { retries: 1, baseDelayMs: 10 } });
  });
  after(async () => {
    await client.close();
    await rm(workspace, { recursive: true, force: true });
  });
  const seedFile = (runId: string, name: string) => readFile(path.join(emu.get().dataDir, 'runs', runId, 'files', name));

  test('downloads nested and non-ASCII files byte for byte and reports missing names', async () => {
    const destination = path.join(workspace, 'gumloop', DEMO.runs.nested);
    const names = ['reports/2026/q3/summary.csv', 'images/logo.png', 'README.txt', 'not-there.csv'];
    const events = new Set<string>();
    const result = await downloadRun({ client, request: { runId: DEMO.runs.nested, fileNames: names }, destination, onConflict: 'fail', onProgress: (e) => events.add(e.phase) });
    assert.deepEqual(result.written.sort(), names.slice(0, 3).sort());
    assert.deepEqual(result.missing, ['not-there.csv']);
    for (const name of result.written) assert.ok((await readFile(path.join(destination, name))).equals(await seedFile(DEMO.runs.nested, name)), name);
    assert.deepEqual([...events].sort(), ['download', 'extract']);

    const unicode = path.join(workspace, 'gumloop', DEMO.runs.unicode);
    const u = await downloadRun({ client, request: { runId: DEMO.runs.unicode, fileNames: ['résumé.txt', 'データ.csv', 'Ελληνικά/σημειώσεις.md'] }, destination: unicode, onConflict: 'fail' });
    assert.equal(u.written.length, 3);
    assert.ok((await readFile(path.join(unicode, 'データ.csv'))).equals(await seedFile(DEMO.runs.unicode, 'データ.csv')));
    const leftovers = (await snapshot(workspace));
    assert.ok(!Object.keys(leftovers).some((p) => p.includes('.gumloop-download-')), 'the scratch folder is gone');
  });

  const failureCases: [string, Parameters<ReturnType<typeof emu.get>['setFault']>[1], string][] = [
    ['a truncated zip', { type: 'truncated' }, 'corrupt-archive'],
    ['a non-zip body labelled application/zip', { type: 'not-zip' }, 'corrupt-archive'],
    ['a dropped connection', { type: 'drop' }, 'network'],
    ['a server error', { type: 'status', status: 500, times: 5 }, 'server-error'],
    ['a zip-slip archive', { type: 'archive', path: path.join(HOSTILE_ZIPS, 'snyk-zip-slip.zip') }, 'unsafe-archive'],
    ['a symlink archive', { type: 'archive', path: path.join(HOSTILE_ZIPS, 'gumloop-py-invalid-symlink.zip') }, 'unsafe-archive'],
  ];
  for (const [what, fault, code] of failureCases) {
    test(`${what} leaves the workspace exactly as it was`, async () => {
      const destination = path.join(workspace, 'gumloop', DEMO.runs.report);
      await mkdir(destination, { recursive: true });
      await writeFile(path.join(destination, 'sales-report.csv'), 'my edited copy');
      const before = await snapshot(workspace);
      emu.get().setFault(DEMO.runs.report, fault);
      try {
        await assert.rejects(downloadRun({ client, request: { runId: DEMO.runs.report, fileNames: ['sales-report.csv', 'chart.png'] }, destination, onConflict: 'overwrite' }), (e: unknown) => isGumloopError(e, code as never));
      } finally {
        emu.get().setFault(DEMO.runs.report, undefined);
      }
      assert.deepEqual(await snapshot(workspace), before);
    });
  }

  test('cancelling mid-download leaves no trace', async () => {
    const before = await snapshot(workspace);
    emu.get().setFault(DEMO.runs.report, { type: 'slow', bytesPerSecond: 4000 });
    const controller = new AbortController();
    try {
      await assert.rejects(
        downloadRun({
          client,
          request: { runId: DEMO.runs.report, fileNames: ['invoice.pdf', 'chart.png', 'sales-report.csv'] },
          destination: path.join(workspace, 'new', 'deep', 'folder'),
          onConflict: 'fail',
          signal: controller.signal,
          onProgress: (e) => {
            if (e.phase === 'download' && e.receivedBytes > 1000) controller.abort();
          },
        }),
        (e: unknown) => isGumloopError(e, 'cancelled'),
      );
    } finally {
      emu.get().setFault(DEMO.runs.report, undefined);
    }
    assert.deepEqual(await snapshot(workspace), before);
  });

  test('cancelling mid-extraction leaves no trace', async () => {
    const before = await snapshot(workspace);
    const controller = new AbortController();
    emu.get().setFault(DEMO.runs.report, { type: 'archive', path: path.join(HOSTILE_ZIPS, 'gumloop-py-invalid-files-per-skill-limit.zip') });
    try {
      await assert.rejects(
        downloadRun({
          client,
          request: { runId: DEMO.runs.report, fileNames: ['limit-test'] },
          destination: path.join(workspace, 'gumloop', 'mid-extract'),
          onConflict: 'fail',
          signal: controller.signal,
          onProgress: (e) => {
            if (e.phase === 'extract' && e.filesDone === 300) controller.abort();
          },
        }),
        (e: unknown) => isGumloopError(e, 'cancelled'),
      );
    } finally {
      emu.get().setFault(DEMO.runs.report, undefined);
    }
    assert.deepEqual(await snapshot(workspace), before);
  });

  // The extension (commands/downloadJob.ts) and the CLI both call downloadRun with the request's
  // names: this is the one place the filter is applied for both.
  test('entries nobody asked for are skipped and reported, never written', async () => {
    const destination = path.join(workspace, 'gumloop', 'only-requested');
    emu.get().setFault(DEMO.runs.report, { type: 'extra-entries', entries: ['unrequested.sh', '.github/workflows/x.yml', 'sales-report.csv.bak'] });
    try {
      const result = await downloadRun({ client, request: { runId: DEMO.runs.report, fileNames: ['sales-report.csv'] }, destination, onConflict: 'fail' });
      assert.deepEqual(result.written, ['sales-report.csv']);
      assert.deepEqual(result.notRequested, ['unrequested.sh', '.github/workflows/x.yml', 'sales-report.csv.bak']);
      assert.deepEqual(result.missing, []);
      assert.deepEqual(Object.keys(await snapshot(destination)), ['sales-report.csv']);
    } finally {
      emu.get().setFault(DEMO.runs.report, undefined);
    }
  });

  test('a .git entry refuses the whole archive even though nobody asked for it', async () => {
    const destination = path.join(workspace, 'gumloop', 'git-planted');
    await mkdir(destination, { recursive: true });
    const before = await snapshot(workspace);
    emu.get().setFault(DEMO.runs.report, { type: 'extra-entries' });
    try {
      await assert.rejects(downloadRun({ client, request: { runId: DEMO.runs.report, fileNames: ['sales-report.csv'] }, destination, onConflict: 'overwrite' }), (error: unknown) => {
        assert.ok(isGumloopError(error, 'unsafe-archive'), String(error));
        assert.match(error.message, /entry “\.git\/hooks\/post-checkout” has a part that is a “\.git” folder, which git refuses.*Nothing was written/);
        return true;
      });
    } finally {
      emu.get().setFault(DEMO.runs.report, undefined);
    }
    assert.deepEqual(await snapshot(workspace), before);
  });

  test('an archive without any requested file is an error that names them', async () => {
    emu.get().setFault(DEMO.runs.report, { type: 'archive', path: await emptyZip(workspace) });
    try {
      await assert.rejects(downloadRun({ client, request: { runId: DEMO.runs.report, fileNames: ['x.csv'] }, destination: path.join(workspace, 'none'), onConflict: 'fail' }), /none of the requested files \(x.csv\)/);
    } finally {
      emu.get().setFault(DEMO.runs.report, undefined);
      await rm(path.join(workspace, 'empty.zip'));
    }
  });
});

async function emptyZip(dir: string): Promise<string> {
  const file = path.join(dir, 'empty.zip');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  await writeFile(file, eocd);
  return file;
}
