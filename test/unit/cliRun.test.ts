// `gumloop-files run` / `watch` as a CI job runs them: the built bundle in a child process,
// against the emulator, whose flows run for real (QUEUED → RUNNING → DONE over their run time).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO } from '../emulator/server';
import { withEmulator } from '../support/emulatorFixture';
import { REPO_ROOT } from '../support/paths';
import { shellWords } from '../support/shellWords';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string | undefined>, cwd: string, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A flow in the emulator's data folder: flow.json plus the files its runs produce. */
async function addFlow(dataDir: string, id: string, flow: Record<string, unknown>, files: Record<string, string | Buffer> = {}): Promise<void> {
  const folder = path.join(dataDir, 'flows', id);
  await mkdir(path.join(folder, 'files'), { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(folder, 'files', name), content);
  await writeFile(path.join(folder, 'flow.json'), JSON.stringify({ name: id, created_ts: '2026-11-01T00:00:00Z', user_id: DEMO.userId, ...flow }));
}

describe('gumloop-files run and watch', () => {
  const emu = withEmulator({ before, after });
  let cwd = '';
  const outputs: CliRun[] = [];
  const cli = async (args: string[], extraEnv: Record<string, string> = {}, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void) => {
    const result = await runCli(args, { GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl, ...extraEnv }, cwd, onStderr);
    outputs.push(result);
    return result;
  };
  const csv = Buffer.from('region,total\nemea,1234.50\n');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);

  before(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'gl-cli-run-'));
    const data = emu.get().dataDir;
    await addFlow(data, 'QuickRep0rt1', { inputs: [{ name: 'topic', data_type: 'string', description: 'What about' }], run_ms: 1200, queued_ms: 200, run_log: ['Reader: read 3 rows', 'Writer: wrote report.csv', 'Flow finished'] }, { 'report.csv': csv, 'chart.png': png });
    await addFlow(data, 'FaiLing0Flow', { inputs: [], run_ms: 800, queued_ms: 0, final_state: 'FAILED', run_log: ['\u001b[34m__system__: __STARTING__:Reader\u001b[0m', 'Reader: read 0 rows', '\u001b[31mError: the sheet is empty\u001b[0m'] });
    await addFlow(data, 'SLow0Flow123', { inputs: [], run_ms: 60_000, run_log: ['step 1', 'step 2', 'done'] });
    await addFlow(data, 'FiLeInput001', { inputs: [{ name: 'doc', data_type: 'file', description: 'The document' }], run_ms: 500 }, { 'summary.md': '# Summary\n' });
    await addFlow(data, 'MixedInput01', { inputs: [{ name: 'doc', data_type: 'file' }, { name: 'tone', data_type: 'string' }], run_ms: 300, queued_ms: 0 });
  });
  after(() => rm(cwd, { recursive: true, force: true }));
  const scope = ['--user-id', DEMO.userId];

  test('run --wait --download: the run ID at once, log lines on stderr, the outputs written byte-exact', async () => {
    const result = await cli(['run', '--flow', 'QuickRep0rt1', '--input', 'topic=cats', ...scope, '--download', '--out', 'outputs']);
    assert.equal(result.code, 0, result.stderr);
    const [runId, ...written] = result.stdout.trim().split('\n');
    assert.match(runId, /^[A-Za-z0-9_-]{4,}$/);
    assert.deepEqual(written.sort(), ['chart.png', 'report.csv']);
    assert.ok((await readFile(path.join(cwd, 'outputs', 'report.csv'))).equals(csv));
    assert.ok((await readFile(path.join(cwd, 'outputs', 'chart.png'))).equals(png));
    assert.match(result.stderr, /Reader: read 3 rows[\s\S]*Writer: wrote report.csv[\s\S]*Flow finished/);
    const start = emu.get().requests.find((r) => r.path.endsWith('/start_pipeline'));
    assert.deepEqual((start?.body as { pipeline_inputs?: unknown } | undefined)?.pipeline_inputs, [{ input_name: 'topic', value: 'cats' }]);
  });

  test('--json prints one object with the run, its times, outputs and the written files', async () => {
    const result = await cli(['run', '--flow', 'QuickRep0rt1', '--input', 'topic=dogs', ...scope, '--download', '--out', 'json-out', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.state, 'DONE');
    assert.equal(report.flowId, 'QuickRep0rt1');
    assert.ok(report.createdTs && report.finishedTs);
    assert.deepEqual(report.outputs, { files: ['chart.png', 'report.csv'] });
    assert.deepEqual(report.files.sort(), ['chart.png', 'report.csv']);
    assert.match(result.stderr, new RegExp(`started run ${report.runId}`));
  });

  test('a FAILED run exits 1 and prints its log once, without colour codes or Gumloop’s markers', async () => {
    const result = await cli(['run', '--flow', 'FaiLing0Flow', ...scope, '--wait']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /\n {2}Starting: Reader\n/);
    assert.ok(!result.stderr.includes('__system__'), result.stderr);
    assert.match(result.stderr, /Reader: read 0 rows\n {2}Error: the sheet is empty\ngumloop-files: run \S+ failed\. See its log above\.\n$/);
    for (const line of ['Starting: Reader', 'Reader: read 0 rows', 'Error: the sheet is empty']) assert.equal(result.stderr.split(line).length - 1, 1, `“${line}” printed once`);
    assert.ok(!result.stderr.includes('\u001b'));
    // --json: the one object says why, as stderr does.
    const json = await cli(['run', '--flow', 'FaiLing0Flow', ...scope, '--wait', '--json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as { state: string; exitCode: number; error: { code: string; message: string } };
    assert.deepEqual([report.state, report.exitCode, report.error.code], ['FAILED', 1, 'run-failed']);
    assert.match(report.error.message, /^run \S+ failed: Error: the sheet is empty$/);
  });

  test('--timeout exits 124 and says how to wait again; watch picks the run up', async () => {
    const result = await cli(['run', '--flow', 'SLow0Flow123', ...scope, '--wait', '--timeout', '1.5']);
    assert.equal(result.code, 124);
    const runId = result.stdout.trim();
    assert.match(result.stderr, new RegExp(`still running after 1.5 s; it goes on in Gumloop. Wait again with: gumloop-files watch --run-id ${runId} --user-id`));
    // The hint runs as printed: pasted into a shell (with a shorter wait), it watches the same run.
    const hint = /Wait again with: (.*)$/m.exec(result.stderr)![1];
    const [, ...args] = shellWords(hint);
    const watched = await cli([...args, '--timeout', '1']);
    assert.equal(watched.code, 124, watched.stderr);
    assert.match(watched.stderr, new RegExp(`run ${runId} is still running after 1 s`));
  });

  test('at the plan’s concurrency limit (429) the plan message, exit 1, and no retry', async () => {
    const limits = path.join(emu.get().dataDir, 'limits.json');
    await writeFile(limits, JSON.stringify({ accounts: { [DEMO.userId]: 0 } }));
    emu.get().clearRequests();
    try {
      const result = await cli(['run', '--flow', 'QuickRep0rt1', '--input', 'topic=x', ...scope, '--wait']);
      assert.equal(result.code, 1);
      assert.equal(result.stderr.trim(), 'gumloop-files: Gumloop is already running as many flows as your plan allows; try again when one finishes.');
      assert.equal(emu.get().requests.filter((r) => r.path.endsWith('/start_pipeline')).length, 1);
    } finally {
      await rm(limits);
    }
  });

  test('inputs are checked against the flow before anything starts; an input left out is left to the flow', async () => {
    emu.get().clearRequests();
    const unknown = await cli(['run', '--flow', 'QuickRep0rt1', '--input', 'topik=x', ...scope]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /This flow has no input “topik”; its inputs are: topic\. Run “gumloop-files --help”/);
    const stray = await cli(['download', '--run-id', DEMO.runs.report, '--file', 'a', '--wait', ...scope]);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--wait is not an option of “download”/);
    assert.equal(emu.get().requests.filter((r) => r.path.endsWith('/start_pipeline')).length, 0);
    // Gumloop documents no required inputs: an Input node keeps its saved value, so the run starts.
    const leftOut = await cli(['run', '--flow', 'QuickRep0rt1', ...scope]);
    assert.equal(leftOut.code, 0, leftOut.stderr);
    assert.match(leftOut.stderr, /Inputs not given, left to the flow's saved values: topic\n/);
    const start = emu.get().requests.find((r) => r.path.endsWith('/start_pipeline'));
    assert.deepEqual(start?.body, { saved_item_id: 'QuickRep0rt1', pipeline_inputs: [], user_id: DEMO.userId });
  });

  test('--input-file uploads the file into the account’s files and passes its name', async () => {
    const local = path.join(cwd, 'brief.pdf');
    const content = Buffer.from('%PDF-1.7 brief \u0000\u00ff');
    await writeFile(local, content);
    const result = await cli(['run', '--flow', 'FiLeInput001', '--input-file', `doc=${local}`, ...scope, '--wait']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok((await readFile(path.join(emu.get().dataDir, 'uploads', DEMO.userId, 'brief.pdf'))).equals(content));
    const runJson = JSON.parse(await readFile(path.join(emu.get().dataDir, 'runs', result.stdout.trim(), 'run.json'), 'utf8'));
    assert.deepEqual(runJson.inputs, [{ input_name: 'doc', value: 'brief.pdf' }]);
  });

  test('--json reports the inputs the run was started with: names and values as sent, a file input with the path it came from', async () => {
    const local = path.join(cwd, 'notes.txt');
    await writeFile(local, 'notes');
    const started = await cli(['run', '--flow', 'MixedInput01', '--input', 'tone=dry', '--input-file', `doc=${local}`, ...scope, '--json']);
    assert.equal(started.code, 0, started.stderr);
    const report = JSON.parse(started.stdout) as { runId: string; inputs: unknown };
    const expected = [
      { name: 'doc', value: 'notes.txt', file: local },
      { name: 'tone', value: 'dry' },
    ];
    assert.deepEqual(report.inputs, expected);
    const runJson = JSON.parse(await readFile(path.join(emu.get().dataDir, 'runs', report.runId, 'run.json'), 'utf8'));
    assert.deepEqual(runJson.inputs, expected.map(({ name, value }) => ({ input_name: name, value })));
    const waited = await cli(['run', '--flow', 'QuickRep0rt1', '--input', 'topic=otters', ...scope, '--wait', '--json']);
    assert.equal(waited.code, 0, waited.stderr);
    assert.deepEqual((JSON.parse(waited.stdout) as { inputs: unknown }).inputs, [{ name: 'topic', value: 'otters' }]);
  });

  test('run --inputs-from a run --json report starts a run with exactly the first run’s inputs; the file is not uploaded again; flags override', async () => {
    const local = path.join(cwd, 'again.txt');
    await writeFile(local, 'first version');
    const first = await cli(['run', '--flow', 'MixedInput01', '--input', 'tone=wry', '--input-file', `doc=${local}`, ...scope, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const firstRun = JSON.parse(first.stdout) as { runId: string };
    await writeFile(path.join(cwd, 'last.json'), first.stdout);
    const starts = () => emu.get().requests.filter((r) => r.path.endsWith('/start_pipeline'));
    const uploads = () => emu.get().requests.filter((r) => r.path.endsWith('/upload_file')).length;
    const uploadsBefore = uploads();
    const again = await cli(['run', '--flow', 'MixedInput01', '--inputs-from', 'last.json', ...scope, '--json']);
    assert.equal(again.code, 0, again.stderr);
    const [firstStart, againStart] = starts().slice(-2).map((r) => (r.body as { pipeline_inputs: unknown }).pipeline_inputs);
    assert.deepEqual(againStart, firstStart);
    assert.deepEqual(againStart, [{ input_name: 'doc', value: 'again.txt' }, { input_name: 'tone', value: 'wry' }]);
    assert.equal(uploads(), uploadsBefore, 'the file input was uploaded again');
    assert.notEqual((JSON.parse(again.stdout) as { runId: string }).runId, firstRun.runId);
    // --input overrides the report's value of the same name; the rest stays as it was.
    const overridden = await cli(['run', '--flow', 'MixedInput01', '--inputs-from', 'last.json', '--input', 'tone=warm', ...scope]);
    assert.equal(overridden.code, 0, overridden.stderr);
    assert.deepEqual((starts().at(-1)?.body as { pipeline_inputs: unknown }).pipeline_inputs, [{ input_name: 'doc', value: 'again.txt' }, { input_name: 'tone', value: 'warm' }]);
    // A file that is no report: a usage error that says which shapes are read, and nothing started.
    await writeFile(path.join(cwd, 'notes.md'), '# not json');
    const startsBefore = starts().length;
    const bad = await cli(['run', '--flow', 'MixedInput01', '--inputs-from', 'notes.md', ...scope]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /--inputs-from notes\.md: not JSON\. Give the output of `gumloop-files run --json`/);
    assert.equal(starts().length, startsBefore);
  });

  test('Ctrl-C stops watching (130); with --kill-on-interrupt the run is stopped on Gumloop', async () => {
    let runId = '';
    const interrupt = (text: string, child: ReturnType<typeof spawn>) => {
      if (!runId && /is running/.test(text)) {
        runId = 'seen';
        child.kill('SIGINT');
      }
    };
    const kept = await cli(['run', '--flow', 'SLow0Flow123', ...scope, '--wait'], {}, interrupt);
    assert.equal(kept.code, 130);
    assert.match(kept.stderr, /Stopped watching\. Run \S+ keeps running in Gumloop/);
    const [, ...again] = shellWords(/watch it again with: (.*)$/m.exec(kept.stderr)![1]);
    const rewatched = await cli([...again, '--timeout', '0.5']);
    assert.equal(rewatched.code, 124, `the pasted hint runs: ${rewatched.stderr}`);
    runId = '';
    const killed = await cli(['run', '--flow', 'SLow0Flow123', ...scope, '--wait', '--kill-on-interrupt'], {}, interrupt);
    assert.equal(killed.code, 130);
    const killedId = killed.stdout.trim();
    assert.match(killed.stderr, new RegExp(`asked Gumloop to stop run ${killedId}`));
    const state = JSON.parse(await readFile(path.join(emu.get().dataDir, 'runs', killedId, 'run.json'), 'utf8')).state;
    assert.equal(state, 'TERMINATING');
  });

  test('flows and runs list what the account has, as a table or --json', async () => {
    const flows = await cli(['flows', ...scope, '--json']);
    assert.equal(flows.code, 0, flows.stderr);
    const list = JSON.parse(flows.stdout) as { flowId: string; name: string }[];
    assert.ok(list.some((flow) => flow.flowId === DEMO.flows.blogWriter && flow.name === 'Blog post writer'));
    const table = await cli(['flows', ...scope]);
    assert.match(table.stdout, /^FLOW ID {2,}NAME {2,}CREATED\n/);
    assert.match(table.stdout, /QuickRep0rt1 +QuickRep0rt1 +2026-11-01/);
    const runs = await cli(['runs', '--flow', 'QuickRep0rt1', ...scope, '--json']);
    assert.equal(runs.code, 0, runs.stderr);
    const recent = JSON.parse(runs.stdout) as { runId: string; state: string; createdTs: string }[];
    assert.ok(recent.length >= 2 && recent.every((run) => run.state === 'DONE'), runs.stdout);
    assert.ok(recent.every((run) => /^\d{4}-\d{2}-\d{2}T/.test(run.createdTs)), '--json keeps the ISO times');
    const runsTable = await cli(['runs', '--flow', 'QuickRep0rt1', ...scope]);
    assert.match(runsTable.stdout, /^RUN ID +STATE +STARTED +DURATION\n/);
    assert.match(runsTable.stdout, /\n\S+ +Done +(just now|\d+ min ago) +\d+ s\n/);
    assert.doesNotMatch(runsTable.stdout, /\d{4}-\d{2}-\d{2}T/, 'people read “2 min ago”, not ISO');
    const noFlow = await cli(['runs', ...scope]);
    assert.equal(noFlow.code, 2);
  });

  test('--help documents run, watch, flows, runs and the exit codes', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    for (const text of ['gumloop-files run --flow', 'gumloop-files watch --run-id', 'gumloop-files flows', 'gumloop-files runs --flow', '--input-file', '--kill-on-interrupt', '124 --timeout passed']) assert.ok(help.stdout.includes(text), text);
    for (const command of ['watch --run-id <id>', 'flows', 'runs --flow <saved_item_id>']) assert.ok(help.stdout.includes(`gumloop-files ${command} (--user-id <id> | --project-id <id>)`), `${command} names its scope`);
  });

  test('gumloop-files with no command prints the help on stdout and exits 0; options without one are a usage error', async () => {
    const bare = await cli([]);
    assert.equal(bare.code, 0);
    assert.equal(bare.stderr, '');
    assert.match(bare.stdout, /^gumloop-files: run Gumloop flows[\s\S]*Usage:/);
    const lost = await cli(['--user-id', DEMO.userId]);
    assert.equal(lost.code, 2);
    assert.match(lost.stderr, /missing command/);
  });

  test('a silent server: the message names --request-timeout, the flag that raises the limit', async () => {
    emu.get().setFaultFor({ endpoint: 'list_saved_items' }, { type: 'stall' });
    try {
      const result = await cli(['flows', ...scope, '--request-timeout', '1']);
      // Gumloop did not answer: exit 3, the setup's failure, not a run's.
      assert.equal(result.code, 3);
      assert.match(result.stderr, /did not send data for 1 s\. Check your connection, or raise --request-timeout <seconds>\.\n$/);
    } finally {
      emu.get().setFaultFor({ endpoint: 'list_saved_items' }, undefined);
    }
    const both = await cli(['download', '--run-id', DEMO.runs.report, '--file', 'a', ...scope, '--timeout', '5', '--request-timeout', '5']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give --request-timeout or --timeout \(its earlier name\), not both/);
  });

  test('no output of any run ever contains the API key', () => {
    assert.ok(outputs.length >= 8);
    for (const result of outputs) assert.ok(!`${result.stdout}${result.stderr}`.includes(DEMO.apiKey));
  });
});
