// The GitHub Action run exactly as a runner runs it: `node <runs.main from action.yml>` (the
// committed bundle) with the inputs as INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
// files, against the emulator. And the CLI in a plain `run:` step (GITHUB_ACTIONS=true).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { addFlow } from '../emulator/addFlow';
import { addRun } from '../emulator/addRun';
import { flowFolder, type FlowJson } from '../emulator/flowStore';
import { HOSTILE_WORKFLOW_FILE, HOSTILE_WORKFLOW_LINES } from '../emulator/hostileWorkflowLines';
import { DEMO } from '../emulator/server';
import { withEmulator } from '../support/emulatorFixture';
import { REPO_ROOT } from '../support/paths';
import { looksLikeCommand } from '../../src/cli/workflowCommands';

interface Step {
  code: number | null;
  /** stdout and stderr as the runner reads them, in one stream. */
  log: string;
  outputs: Record<string, string>;
  summary: string;
}

/** runs.main, read from action.yml: the test runs what a runner would. */
async function actionMain(): Promise<string> {
  const manifest = await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8');
  const main = /^ {2}main: (\S+)$/m.exec(manifest)?.[1];
  assert.ok(main, 'action.yml names runs.main');
  return path.join(REPO_ROOT, main);
}

/** $GITHUB_OUTPUT read as the runner reads it: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
export function readOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (!heredoc) {
      assert.equal(lines[i], '', `only heredoc entries: ${lines[i]}`);
      continue;
    }
    const end = lines.indexOf(heredoc[2], i + 1);
    assert.ok(end > i, `${heredoc[1]} is closed by its delimiter`);
    outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

async function runStep(command: string[], env: Record<string, string>, cwd: string): Promise<Step> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'gl-step-'));
  const outputFile = path.join(folder, 'output');
  const summaryFile = path.join(folder, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const full = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, ...env };
  const { code, log } = await new Promise<{ code: number | null; log: string }>((resolve, reject) => {
    const child = spawn(process.execPath, command, { cwd, env: full });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d));
    child.stderr.on('data', (d: Buffer) => (log += d));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ code: exit, log }));
  });
  const step = { code, log, outputs: readOutputFile(await readFile(outputFile, 'utf8')), summary: await readFile(summaryFile, 'utf8') };
  await rm(folder, { recursive: true, force: true });
  return step;
}

/** Every line of the log that shows `secret` to a reader: all but the mask that hides it. */
function linesShowing(log: string, secret: string): string[] {
  return log.split('\n').filter((line) => line.includes(secret) && line !== `::add-mask::${secret}`);
}

/** Our own commands: at the start of a line, one of the few the CLI and the Action write. */
const OWN_COMMAND = /^::(add-mask|group|endgroup|error( title=[^:]*)?|stop-commands)::/;

/**
 * The log as the runner reads it: every command-like line that is not one of ours (so came from
 * Gumloop), sorted by whether commands were stopped when it came, or it was obeyed.
 */
function linesReadWhileStopped(log: string): { stopped: string[]; obeyed: string[]; tokens: string[] } {
  const result = { stopped: [] as string[], obeyed: [] as string[], tokens: [] as string[] };
  let token: string | undefined;
  for (const line of log.split('\n')) {
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (token && line === `::${token}::`) token = undefined;
    else if (token) result.stopped.push(line);
    else if (stop) {
      token = stop[1];
      result.tokens.push(token);
    } else if (looksLikeCommand(line) && !OWN_COMMAND.test(line)) result.obeyed.push(line);
  }
  return result;
}

/** A flow whose runs produce `files`; final_state and queued_ms are read by start_pipeline (see the emulator's README). */
async function flowWithFiles(dataDir: string, id: string, flow: Partial<FlowJson> & { final_state?: 'DONE' | 'FAILED'; queued_ms?: number }, files: Record<string, string> = {}): Promise<void> {
  await addFlow(dataDir, id, flow);
  await mkdir(path.join(flowFolder(dataDir, id), 'files'), { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(flowFolder(dataDir, id), 'files', name), content);
}

describe('the GitHub Action, run as a runner runs it', () => {
  const emu = withEmulator({ before, after });
  let cwd = '';
  let main = '';
  const csv = 'region,total\nemea,1234.50\n';
  before(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'gl-action-'));
    main = await actionMain();
    const data = emu.get().dataDir;
    await flowWithFiles(data, 'ActDone00001', { name: 'Quarterly | report', inputs: [{ name: 'topic', data_type: 'string', description: 'What about' }, { name: 'tone', data_type: 'string', description: 'How' }], run_ms: 900, queued_ms: 100, run_log: ['Reader: read 3 rows', 'Writer: wrote report.csv', 'Flow finished'] }, { 'report.csv': csv, 'notes.md': '# Notes\n' });
    await flowWithFiles(data, 'ActFail00001', {
      run_ms: 600,
      queued_ms: 0,
      final_state: 'FAILED',
      run_log: ['Reader: read 0 rows', ...HOSTILE_WORKFLOW_LINES, `Using key ${DEMO.apiKey}`, '\u001b[31mError: the sheet is empty\u001b[0m'],
    });
    await flowWithFiles(data, 'ActSlow00001', { run_ms: 60_000, run_log: ['step 1'] });
  });
  after(() => rm(cwd, { recursive: true, force: true }));
  const inputs = (flow: string, extra: Record<string, string> = {}) => ({
    INPUT_FLOW: flow,
    'INPUT_USER-ID': DEMO.userId,
    'INPUT_BASE-URL': emu.get().baseUrl,
    INPUT_TIMEOUT: '60',
    'INPUT_ON-CONFLICT': 'overwrite',
    'INPUT_API-KEY': DEMO.apiKey,
    ...extra,
  });

  test('a DONE flow: its files written, outputs set, the log grouped, the summary names the run and the files, the key never shown', async () => {
    const step = await runStep([main], inputs('ActDone00001', { INPUT_INPUTS: 'topic=Q3 sales\n\n  tone=dry', INPUT_DOWNLOAD: 'gumloop-out' }), cwd);
    assert.equal(step.code, 0, step.log);
    assert.equal(await readFile(path.join(cwd, 'gumloop-out', 'report.csv'), 'utf8'), csv);
    // The multi-line inputs arrived as the flow's inputs, one a line, blank lines skipped.
    const start = emu.get().requests.filter((r) => r.path.endsWith('/start_pipeline')).at(-1);
    assert.deepEqual((start?.body as { pipeline_inputs?: unknown }).pipeline_inputs, [
      { input_name: 'topic', value: 'Q3 sales' },
      { input_name: 'tone', value: 'dry' },
    ]);
    const runId = step.outputs['run-id'];
    assert.match(runId, /^[A-Za-z0-9]{12}$/);
    assert.equal(step.outputs.state, 'DONE');
    assert.deepEqual(JSON.parse(step.outputs.files).sort(), ['gumloop-out/notes.md', 'gumloop-out/report.csv']);
    assert.deepEqual(JSON.parse(step.outputs.outputs), { files: ['notes.md', 'report.csv'] });
    assert.match(step.outputs['run-url'], new RegExp(`run_id=${runId}`));
    // The run's log lines sit between ::group:: and ::endgroup::.
    const group = step.log.indexOf(`::group::Gumloop run ${runId}`);
    const end = step.log.indexOf('::endgroup::');
    assert.ok(group >= 0 && end > group, step.log);
    for (const line of ['Reader: read 3 rows', 'Flow finished']) {
      const at = step.log.indexOf(line);
      assert.ok(at > group && at < end, `${line} is inside the group`);
    }
    // Without a runner to read a mask line, the key is not even masked: it appears nowhere.
    assert.ok(!step.log.includes(DEMO.apiKey), 'the key is never printed');
    assert.ok(!step.log.includes('::error'), step.log);
    assert.match(step.summary, new RegExp(`\\| Run \\| \\[${runId}\\]\\(https://www\\.gumloop\\.com/pipeline\\?run_id=${runId}`));
    assert.match(step.summary, /\| Flow \| Quarterly \\\| report \(ActDone00001\) \|/);
    assert.match(step.summary, /\| State \| DONE \|/);
    assert.match(step.summary, /\| gumloop\\-out\/report\\.csv \| 26 bytes \|/);
  });

  test('a FAILED flow fails the step with an ::error carrying its last log line, cleaned; its hostile lines do nothing', async () => {
    // The key from GUMLOOP_API_KEY this time, as a step's env passes it.
    // Under a runner (GITHUB_ACTIONS=true) the key is masked first, then never shown.
    const env = { ...inputs('ActFail00001', { INPUT_DOWNLOAD: 'never' }), 'INPUT_API-KEY': '', GUMLOOP_API_KEY: DEMO.apiKey, GITHUB_ACTIONS: 'true' };
    const step = await runStep([main], env, cwd);
    assert.equal(step.code, 1, step.log);
    const runId = step.outputs['run-id'];
    assert.match(step.log, new RegExp(`^::error title=Gumloop run ${runId} failed::Error: the sheet is empty$`, 'm'));
    assert.ok(!step.log.includes('\u001b'), 'no escape sequences');
    assert.equal(step.outputs.state, 'FAILED');
    assert.deepEqual(JSON.parse(step.outputs.files), []);
    assert.ok(step.log.startsWith(`::add-mask::${DEMO.apiKey}\n`), step.log.slice(0, 80));
    assert.deepEqual(linesShowing(step.log, DEMO.apiKey), []);
    // The log's command-like lines are shown with commands stopped (::stop-commands::<token> … ::<token>::).
    const hostile = linesReadWhileStopped(step.log);
    assert.deepEqual(hostile.obeyed, [], 'no line from the run was read as a command');
    for (const line of HOSTILE_WORKFLOW_LINES) assert.ok(hostile.stopped.some((shown) => shown.trim() === line.trim()), `${line} shown, with commands stopped`);
    assert.ok(hostile.tokens.every((token) => token.length >= 32), 'an unguessable resume token');
    assert.match(step.summary, /\| State \| FAILED \|/);
    assert.match(step.summary, /\*\*Failed:\*\* run \S+ failed: Error: the sheet is empty/);
    await assert.rejects(readFile(path.join(cwd, 'never')), 'nothing downloaded');
  });

  test('the timeout fails the step and says the run goes on; a refused key fails it with exit 3', async () => {
    const slow = await runStep([main], inputs('ActSlow00001', { INPUT_TIMEOUT: '1' }), cwd);
    assert.equal(slow.code, 124, slow.log);
    assert.match(slow.log, /^::error title=Gumloop run \S+ timed out::run \S+ is still (queued|running) after 1 s; it goes on in Gumloop\./m);
    assert.match(slow.outputs.state, /^(QUEUED|RUNNING)$/);
    const refused = await runStep([main], inputs('ActDone00001', { 'INPUT_API-KEY': 'wrong-key-123456789012345' }), cwd);
    assert.equal(refused.code, 3, refused.log);
    assert.match(refused.log, /^::error title=gumloop-files::.*did not accept the API key \(401\)/m);
    assert.ok(!refused.log.includes('wrong-key-123456789012345'), refused.log);
    const noFlow = await runStep([main], inputs(''), cwd);
    assert.equal(noFlow.code, 2);
    assert.match(noFlow.log, /^::error title=gumloop-files::The flow input is required/m);
  });

  test('the CLI in a plain run: step (GITHUB_ACTIONS=true) groups the log, annotates the failure and masks the key', async () => {
    const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
    const env = { GITHUB_ACTIONS: 'true', GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl, GUMLOOP_USER_ID: DEMO.userId };
    const step = await runStep([cli, 'run', '--flow', 'ActFail00001', '--wait'], env, cwd);
    assert.equal(step.code, 1, step.log);
    assert.ok(step.log.startsWith(`::add-mask::${DEMO.apiKey}\n`));
    assert.match(step.log, /^::group::Gumloop run \S+: state and log$/m);
    assert.match(step.log, /^::endgroup::$/m);
    assert.match(step.log, /^::error title=Gumloop run \S+ failed::Error: the sheet is empty$/m);
    assert.deepEqual(linesShowing(step.log, DEMO.apiKey), []);
    assert.deepEqual(linesReadWhileStopped(step.log).obeyed, []);
    // A file name from the outputs, printed on stdout by a download, does not act either.
    await addRun(emu.get().dataDir, 'HostileName1', {}, { [HOSTILE_WORKFLOW_FILE]: 'x\n' });
    const download = await runStep([cli, 'download', '--run-id', 'HostileName1', '--file', HOSTILE_WORKFLOW_FILE, '--out', 'hostile-name'], env, cwd);
    assert.equal(download.code, 0, download.log);
    const named = linesReadWhileStopped(download.log);
    assert.deepEqual(named.obeyed, []);
    assert.ok(named.stopped.includes(HOSTILE_WORKFLOW_FILE), download.log);
    // Outside GitHub Actions: none of it.
    const plain = await runStep([cli, 'run', '--flow', 'ActFail00001', '--wait'], { ...env, GITHUB_ACTIONS: '' }, cwd);
    assert.equal(plain.code, 1);
    assert.ok(!/^::/m.test(plain.log), plain.log);
  });
});
