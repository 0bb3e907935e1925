// The CLI writes only what was asked, refuses what git would refuse, and never cuts a long list
// of outputs short: the built bundle in a child process, against the emulator's hostile modes.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { addRun } from '../emulator/addRun';
import { DEMO } from '../emulator/server';
import { runCli, startCli } from '../support/cliRunner';
import { withEmulator } from '../support/emulatorFixture';
import { snapshot } from '../support/fsSnapshot';

describe('gumloop-files: only the requested files, git rules, whole lists', () => {
  const emu = withEmulator({ before, after });
  let root = '';
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'gl-cli-boundary-'));
  });
  after(() => rm(root, { recursive: true, force: true }));
  const env = () => ({ GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl });
  const download = ['download', '--run-id', DEMO.runs.report, '--user-id', DEMO.userId];
  /** A folder that looks like a git checkout, the case the issue was found in. */
  async function checkout(name: string): Promise<string> {
    const cwd = path.join(root, name);
    await mkdir(path.join(cwd, '.git', 'hooks'), { recursive: true });
    await writeFile(path.join(cwd, '.git', 'config'), '[core]\n\tbare = false\n');
    await writeFile(path.join(cwd, 'notes.md'), 'mine\n');
    return cwd;
  }
  const seedFile = (name: string) => readFile(path.join(emu.get().dataDir, 'runs', DEMO.runs.report, 'files', name));

  test('download writes only the requested file and names what else the archive held', async () => {
    const cwd = await checkout('extra');
    const before = await snapshot(cwd);
    emu.get().setFault(DEMO.runs.report, { type: 'extra-entries', entries: ['unrequested.sh', '.github/workflows/x.yml', 'docs/'] });
    try {
      const run = await runCli([...download, '--file', 'sales-report.csv'], env(), cwd);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, 'sales-report.csv\n');
      assert.match(run.stderr, /warning: The archive also held 3 entries you did not ask for; they were not written: unrequested\.sh, \.github\/workflows\/x\.yml, docs\/\./);
    } finally {
      emu.get().setFault(DEMO.runs.report, undefined);
    }
    const after = await snapshot(cwd);
    const seedHash = (await snapshot(path.join(emu.get().dataDir, 'runs', DEMO.runs.report, 'files')))['sales-report.csv'];
    assert.deepEqual(after, { ...before, 'sales-report.csv': seedHash }, 'the whole tree: the one requested file added, nothing else');
  });

  test('watch --download --json names the unrequested entries in notRequested', async () => {
    const cwd = await checkout('json');
    emu.get().setFault(DEMO.runs.report, { type: 'extra-entries', entries: ['unrequested.sh'] });
    let run;
    try {
      run = await runCli(['watch', '--run-id', DEMO.runs.report, '--user-id', DEMO.userId, '--download', '--json', '--out', 'out'], env(), cwd);
    } finally {
      emu.get().setFault(DEMO.runs.report, undefined);
    }
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { files: string[]; notRequested: string[] };
    assert.deepEqual(report.files.sort(), ['chart.png', 'invoice.pdf', 'sales-report.csv', 'summary.json']);
    assert.deepEqual(report.notRequested, ['unrequested.sh']);
    assert.deepEqual(Object.keys(await snapshot(path.join(cwd, 'out'))).sort(), report.files);
  });

  test('.git entries refuse the archive and nothing is written, even with --on-conflict overwrite', async () => {
    const cwd = await checkout('planted');
    const before = await snapshot(cwd);
    emu.get().setFault(DEMO.runs.report, { type: 'extra-entries' });
    try {
      const run = await runCli([...download, '--file', 'sales-report.csv', '--on-conflict', 'overwrite'], env(), cwd);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /The archive was refused: entry “\.git\/hooks\/post-checkout” has a part that is a “\.git” folder, which git refuses/);
      assert.match(run.stderr, /Nothing was written/);
    } finally {
      emu.get().setFault(DEMO.runs.report, undefined);
    }
    assert.deepEqual(await snapshot(cwd), before);
  });

  test('a requested .git name is refused before anything is sent', async () => {
    const cwd = await checkout('asked');
    emu.get().clearRequests();
    const run = await runCli([...download, '--file', '.git/config'], env(), cwd);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /“\.git\/config” has a part that is a “\.git” folder, which git refuses/);
    assert.deepEqual(emu.get().requestCounts(), {});
  });

  test('--files-from reads one name per line from a file, and from standard input with -', async () => {
    const cwd = path.join(root, 'files-from');
    await mkdir(cwd);
    await writeFile(path.join(cwd, 'names.txt'), 'sales-report.csv\n\n  chart.png  \r\n');
    const fromFile = await runCli([...download, '--files-from', 'names.txt', '--out', 'a'], env(), cwd);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.deepEqual(fromFile.stdout.trim().split('\n').sort(), ['chart.png', 'sales-report.csv']);
    assert.ok((await readFile(path.join(cwd, 'a', 'chart.png'))).equals(await seedFile('chart.png')));

    const { child, done } = startCli([...download, '--files-from', '-', '--file', 'invoice.pdf', '--out', 'b'], env(), cwd);
    child.stdin!.end('summary.json\n');
    const fromStdin = await done;
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.deepEqual(fromStdin.stdout.trim().split('\n').sort(), ['invoice.pdf', 'summary.json']);

    const empty = await runCli([...download, '--files-from', 'missing.txt'], env(), cwd);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /--files-from: cannot read “missing\.txt” \(ENOENT\)/);
    const help = await runCli(['--help'], {}, cwd);
    assert.match(help.stdout, /--files-from <path> +the names to download, one per line/);
    assert.match(help.stdout, /--max-files <n> +refuse, before downloading, more than n names \(default 10000\)/);
  });

  test('1,000 outputs are all written, exit 0', async () => {
    const runId = 'Th0usandOut1';
    const files: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) files[`out/part-${String(i).padStart(4, '0')}.csv`] = `row,${i}\n`;
    await addRun(emu.get().dataDir, runId, {}, files);
    const cwd = path.join(root, 'thousand');
    await mkdir(cwd);
    const run = await runCli(['watch', '--run-id', runId, '--user-id', DEMO.userId, '--download', '--json'], env(), cwd);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { files: string[]; notRequested: string[] };
    assert.equal(report.files.length, 1000);
    assert.deepEqual(report.notRequested, []);
    const written = Object.keys(await snapshot(path.join(cwd, 'out')));
    assert.deepEqual(written.sort(), Object.keys(files).map((name) => name.slice('out/'.length)).sort());
  });

  test('more output files than the limit are refused up front, with the number and the flag', async () => {
    const runId = 'TenTh0usand1';
    const names = Array.from({ length: 10_001 }, (_, i) => `part-${i}.csv`);
    // Only the outputs name them: the refusal comes before download_files is ever asked.
    await addRun(emu.get().dataDir, runId, { outputs: { files: names } }, {});
    const cwd = path.join(root, 'too-many');
    await mkdir(cwd);
    emu.get().clearRequests();
    const run = await runCli(['watch', '--run-id', runId, '--user-id', DEMO.userId, '--download'], env(), cwd);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /10,001 files to download, more than the limit of 10,000 per download\. Nothing was downloaded\. To download them all, add --max-files 10001\./);
    assert.equal(emu.get().requestCounts()['POST /download_files'], undefined);
    assert.deepEqual(await snapshot(cwd), {});

    const lower = await runCli([...download, '--file', 'a.csv,b.csv,c.csv', '--max-files', '2'], env(), cwd);
    assert.equal(lower.code, 1);
    assert.match(lower.stderr, /3 files to download, more than the limit of 2 per download.*--max-files 3/);
    const bad = await runCli([...download, '--file', 'a.csv', '--max-files', 'lots'], env(), cwd);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-files must be a whole number/);
  });
});
