// The CLI as a user runs it: the built bundle in a child process, against the emulator.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO } from '../emulator/server';
import { withEmulator } from '../support/emulatorFixture';
import { snapshot } from '../support/fsSnapshot';
import { runCli } from '../support/cliRunner';
import { ZipFileWriter, randomChunks } from '../support/zipWriter';

describe('gumloop-files CLI', () => {
  const emu = withEmulator({ before, after });
  let cwd = '';
  before(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'gl-cli-'));
  });
  after(() => rm(cwd, { recursive: true, force: true }));
  const env = () => ({ GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl });
  const base = ['download', '--run-id', DEMO.runs.report, '--user-id', DEMO.userId];

  test('prints the written paths relative to --out, one per line, and warns about missing names', async () => {
    const run = await runCli([...base, '--file', 'sales-report.csv,chart.png', '--file', 'nope.txt', '--out', 'out'], env(), cwd);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split('\n').sort(), ['chart.png', 'sales-report.csv']);
    assert.match(run.stderr, /warning: “nope.txt” was not in the run's archive/);
    const seed = await readFile(path.join(emu.get().dataDir, 'runs', DEMO.runs.report, 'files', 'chart.png'));
    assert.ok((await readFile(path.join(cwd, 'out', 'chart.png'))).equals(seed));
  });

  test('conflicts: fail by default (writes nothing), then skip, overwrite and keep-both', async () => {
    const out = path.join(cwd, 'conflicts');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'summary.json'), 'mine');
    const before = await snapshot(cwd);
    const args = [...base, '--file', 'summary.json', '--file', 'invoice.pdf', '--out', out];
    const fail = await runCli(args, env(), cwd);
    assert.equal(fail.code, 1);
    assert.match(fail.stderr, /^gumloop-files: A file already exists in the destination: “summary.json”\. Nothing was written\./);
    assert.equal(fail.stderr.split('\n').length, 1, 'one line');
    assert.deepEqual(await snapshot(cwd), before);
    const skip = await runCli([...args, '--on-conflict', 'skip'], env(), cwd);
    assert.deepEqual(skip.stdout.trim().split('\n'), ['invoice.pdf']);
    assert.equal(await readFile(path.join(out, 'summary.json'), 'utf8'), 'mine');
    const keep = await runCli([...args, '--on-conflict', 'keep-both'], env(), cwd);
    assert.deepEqual(keep.stdout.trim().split('\n').sort(), ['invoice (1).pdf', 'summary (1).json']);
    const overwrite = await runCli([...args, '--on-conflict', 'overwrite'], env(), cwd);
    assert.equal(overwrite.code, 0);
    assert.notEqual(await readFile(path.join(out, 'summary.json'), 'utf8'), 'mine');
  });

  test('errors: one line that says what to do, non-zero exit, no key in the output', async () => {
    const before = await snapshot(cwd);
    const wrongKey = await runCli([...base, '--file', 'a.csv'], { ...env(), GUMLOOP_API_KEY: 'wrong-key-123456789012345' }, cwd);
    // A key Gumloop refuses or no key at all: the setup is broken, not the run (exit 3).
    assert.equal(wrongKey.code, 3);
    assert.match(wrongKey.stderr, /did not accept the API key \(401\)/);
    assert.ok(!wrongKey.stderr.includes('wrong-key-123456789012345'));
    const noKey = await runCli([...base, '--file', 'a.csv'], { GUMLOOP_BASE_URL: emu.get().baseUrl }, cwd);
    assert.equal(noKey.code, 3);
    assert.match(noKey.stderr, /GUMLOOP_API_KEY is not set/);
    const usage = await runCli(['download', '--run-id', 'x y', '--file', 'a'], env(), cwd);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /A run ID has .* Run “gumloop-files --help”/);
    const noUser = await runCli(['download', '--run-id', DEMO.runs.report, '--file', 'a.csv'], env(), cwd);
    assert.equal(noUser.code, 2);
    assert.match(noUser.stderr, /Pass --user-id/);
    const badPolicy = await runCli([...base, '--file', 'a', '--on-conflict', 'merge'], env(), cwd);
    assert.equal(badPolicy.code, 2);
    for (const run of [wrongKey, noKey, usage, noUser, badPolicy]) assert.equal(run.stdout, '');
    assert.deepEqual(await snapshot(cwd), before);
  });

  test('--help documents the command', async () => {
    const help = await runCli(['--help'], {}, cwd);
    assert.equal(help.code, 0);
    for (const flag of ['--run-id', '--file', '--user-id', '--project-id', '--saved-item-id', '--out', '--base-url', '--on-conflict', 'GUMLOOP_API_KEY']) assert.ok(help.stdout.includes(flag), flag);
  });

  test('memory does not grow with the archive: 20 MB vs 200 MB', async () => {
    const sizes = [20, 200];
    const peaks: number[] = [];
    for (const mb of sizes) {
      const archive = path.join(cwd, `big-${mb}.zip`);
      const writer = await ZipFileWriter.create(archive);
      await writer.add('data/part-1.bin', randomChunks((mb / 2) * 1024 * 1024, mb), { deflate: false });
      await writer.add('data/part-2.csv', (function* () {
        const line = Buffer.from('2026-11-27,region-emea,widget,42,1234.50\n'.repeat(1000));
        for (let left = (mb / 2) * 1024 * 1024; left > 0; left -= line.length) yield left >= line.length ? line : line.subarray(0, left);
      })());
      await writer.close();
      emu.get().setFault(DEMO.runs.report, { type: 'archive', path: archive });
      const run = await runCli([...base, '--file', 'data', '--out', `mem-${mb}`], env(), cwd);
      emu.get().setFault(DEMO.runs.report, undefined);
      assert.equal(run.code, 0, run.stderr);
      await rm(path.join(cwd, `mem-${mb}`), { recursive: true });
      await rm(archive);
      peaks.push(run.maxRssMB);
    }
    assert.ok(peaks[1] < 200, `peak RSS ${peaks[1].toFixed(0)} MB stays under 200 MB`);
    assert.ok(peaks[1] - peaks[0] < 40, `10× the archive adds < 40 MB (${peaks[0].toFixed(0)} → ${peaks[1].toFixed(0)} MB)`);
  });
});
