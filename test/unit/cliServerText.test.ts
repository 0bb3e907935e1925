// What `gumloop-files` prints is ours, whatever Gumloop answers: the built CLI in child processes
// against the emulator's `hostile-text` fault (escape sequences, C1 controls, BEL, BS, CR, bidi
// overrides and a fake "run X is finished" line in every text field), and against error bodies
// that echo the credentials the request carried (the emulator always does).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { addFlow, DEMO, type FlowJson } from '../emulator/server';
import { FAKE_FINISHED_LINE, hostileText } from '../emulator/hostileText';
import { withEmulator } from '../support/emulatorFixture';
import { runCli, type CliRun } from '../support/cliRunner';

/** ESC and every other C0 control but tab and line feed, DEL, C1 (U+0080–U+009F), bidi overrides and isolates. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE_ENDPOINTS = ['list_saved_items', 'list_workbooks', 'get_plrun_saved_item_map', 'get_pl_run', 'start_pipeline', 'get_inputs', 'upload_file', 'kill_pipeline'];
const WRONG_KEY = 'wrong-key-0123456789abcdef';

/** start_pipeline also reads queued_ms and final_state, which FlowJson does not list. */
const flowWith = (fields: Record<string, unknown>) => fields as Partial<FlowJson>;

function assertClean(what: string, result: CliRun): void {
  for (const [stream, text] of [['stdout', result.stdout], ['stderr', result.stderr]] as const) {
    const at = text.search(CONTROL);
    assert.equal(at, -1, `${what}: ${stream} has U+${text.codePointAt(at)?.toString(16).padStart(4, '0')} at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`);
    for (const line of text.split('\n')) assert.ok(!line.trimStart().startsWith(FAKE_FINISHED_LINE), `${what}: ${stream} has a fake line: ${JSON.stringify(line)}`);
  }
}

describe('gumloop-files prints server text as data', () => {
  const emu = withEmulator({ before, after });
  let cwd = '';
  const scope = ['--user-id', DEMO.userId];
  const cli = (args: string[], apiKey: string = DEMO.apiKey) => runCli(args, { GUMLOOP_API_KEY: apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl }, cwd);
  const hostile = (on: boolean) => {
    for (const endpoint of HOSTILE_ENDPOINTS) emu.get().setFaultFor({ endpoint }, on ? { type: 'hostile-text' } : undefined);
  };

  before(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'gl-cli-text-'));
    const data = emu.get().dataDir;
    await addFlow(data, 'HoStileD0ne1', flowWith({ inputs: [], run_ms: 600, queued_ms: 100, run_log: ['Reader: read 3 rows', 'Flow finished'] }));
    await addFlow(data, 'HoStileFai1d', flowWith({ inputs: [], run_ms: 400, queued_ms: 0, final_state: 'FAILED', run_log: ['Reader: read 0 rows', 'Error: the sheet is empty'] }));
    await addFlow(data, 'KeyInL0gF1ow', flowWith({ inputs: [], run_ms: 300, queued_ms: 0, final_state: 'FAILED', run_log: [`HTTP step: sent Authorization: Bearer ${DEMO.apiKey}`, `Error: ${DEMO.apiKey} was refused`] }));
  });
  after(() => rm(cwd, { recursive: true, force: true }));

  test('flows, runs, run, watch (human and --json): no control character, no fake line, the text still shown', async () => {
    hostile(true);
    const localFile = path.join(cwd, 'brief.txt');
    await writeFile(localFile, 'hello');
    const results: Record<string, CliRun> = {};
    try {
      results.flows = await cli(['flows', ...scope]);
      results.flowsJson = await cli(['flows', ...scope, '--json']);
      results.runs = await cli(['runs', '--flow', DEMO.flows.sales, ...scope]);
      results.runsJson = await cli(['runs', '--flow', DEMO.flows.sales, ...scope, '--json']);
      results.run = await cli(['run', '--flow', 'HoStileD0ne1', ...scope, '--wait', '--input-file', `doc=${localFile}`]);
      results.runJson = await cli(['run', '--flow', 'HoStileD0ne1', ...scope, '--wait', '--json']);
      results.runNoWaitJson = await cli(['run', '--flow', 'HoStileD0ne1', ...scope, '--json']);
      results.failed = await cli(['run', '--flow', 'HoStileFai1d', ...scope, '--wait']);
      results.watch = await cli(['watch', '--run-id', DEMO.runs.failed, ...scope]);
      results.watchJson = await cli(['watch', '--run-id', DEMO.runs.failed, ...scope, '--json']);
    } finally {
      hostile(false);
    }
    const expectedCodes: Record<string, number> = { failed: 1, watch: 1, watchJson: 1 };
    for (const [name, result] of Object.entries(results)) {
      assert.equal(result.code, expectedCodes[name] ?? 0, `${name}: ${result.stderr}`);
      assertClean(name, result);
    }
    // The hostile text did arrive, and is shown in the open: the fake line on the line it came in.
    // The table cuts the name at its column's width; what is shown of it is the hostile text, made visible.
    assert.match(results.flows.stdout, /Quarterly sales report( ⏎ )+gumloop-files: run X is fini/);
    assert.match(results.run.stderr, /^ {2}Reader: read 3 rows( ⏎ )+gumloop-files: run X is finished \(DONE\)$/m);
    assert.match(results.run.stderr, /uploaded .*brief\.txt as “brief\.txt( ⏎ )+gumloop-files: run X/);
    assert.match(results.failed.stderr, /^ {2}Error: the sheet is empty( ⏎ )+gumloop-files: run X/m);
    assert.match(results.runs.stdout, /Done {2,}2026-/, 'a state and a date lose only the decoration');
    for (const name of ['flowsJson', 'runsJson', 'runJson', 'runNoWaitJson', 'watchJson']) assert.doesNotThrow(() => JSON.parse(results[name].stdout), name);
    assert.equal(JSON.parse(results.runJson.stdout).state, 'DONE');
    assert.ok(results.flows.stdout.includes(FAKE_FINISHED_LINE), 'the decoration reached the CLI');
  });

  test('an error body full of escape sequences is one clean line', async () => {
    emu.get().setFaultFor({ endpoint: 'list_saved_items' }, { type: 'status', status: 500, times: 10, error: hostileText('Internal trouble') as string });
    emu.get().setFaultFor({ endpoint: 'start_pipeline' }, { type: 'status', status: 400, error: hostileText('Bad flow') as string });
    try {
      const flows = await cli(['flows', ...scope]);
      const run = await cli(['run', '--flow', 'HoStileD0ne1', ...scope, '--json']);
      // A 500 says Gumloop is failing (exit 3); a 400 refused what was asked (exit 1).
      for (const [name, result, code] of [['flows', flows, 3], ['run', run, 1]] as const) {
        assert.equal(result.code, code, result.stderr);
        assertClean(name, result);
        assert.equal(result.stderr.split('\n').length, 1, `${name}: one line: ${result.stderr}`);
      }
      assert.match(flows.stderr, /Gumloop said: “Internal trouble( ⏎ )+gumloop-files: run X is finished \(DONE\)/);
    } finally {
      emu.get().setFaultFor({ endpoint: 'list_saved_items' }, undefined);
      emu.get().setFaultFor({ endpoint: 'start_pipeline' }, undefined);
    }
  });

  test('the key is never printed: 401, 403, 400 and 500 answers that echo it, and a run log that carries it', async () => {
    // The emulator really echoes the key, so this test cannot pass by the server's discretion.
    const echoed = await fetch(`${emu.get().baseUrl}/list_saved_items?user_id=${DEMO.otherUserId}`, { headers: { authorization: `Bearer ${DEMO.apiKey}`, 'x-auth-key': DEMO.otherUserId } });
    assert.equal(echoed.status, 403);
    assert.ok((await echoed.text()).includes(DEMO.apiKey), 'the emulator echoes the key in its error body');

    emu.get().setFaultFor({ endpoint: 'start_pipeline' }, { type: 'status', status: 500, times: 2 });
    const runs: Array<[string, CliRun, string]> = [];
    try {
      for (const json of [[], ['--json']]) {
        runs.push(['401 flows', await cli(['flows', ...scope, ...json], WRONG_KEY), WRONG_KEY]);
        runs.push(['401 watch', await cli(['watch', '--run-id', DEMO.runs.report, ...scope, ...json], WRONG_KEY), WRONG_KEY]);
        runs.push(['403 runs', await cli(['runs', '--flow', DEMO.flows.sales, '--user-id', DEMO.otherUserId, ...json]), DEMO.apiKey]);
        runs.push(['404 download', await cli(['download', '--run-id', 'NoSuchRun0042', '--file', 'a.csv', ...scope, '--out', cwd]), DEMO.apiKey]);
        // A flow no test here has run: a 5xx on start looks for a run of the flow started just now (a lost answer), and must find none.
        runs.push(['500 run', await cli(['run', '--flow', DEMO.flows.invoiceTriage, ...scope, ...json]), DEMO.apiKey]);
      }
    } finally {
      emu.get().setFaultFor({ endpoint: 'start_pipeline' }, undefined);
    }
    for (const [name, result, key] of runs) {
      // Exit 3 for the answers that say the key, scope or server is the trouble; 1 for a run that does not exist.
      assert.equal(result.code, name.startsWith('404') ? 1 : 3, `${name}: ${result.stderr}`);
      assert.ok(!`${result.stdout}${result.stderr}`.includes(key), `${name} printed the key: ${result.stderr}`);
      assert.match(result.stderr, /received Authorization “Bearer «redacted»”/, `${name}: the echo arrived, redacted`);
    }

    // A flow that logs the key: the log lines are printed, the key in them is not.
    for (const json of [[], ['--json']]) {
      const logged = await cli(['run', '--flow', 'KeyInL0gF1ow', ...scope, '--wait', ...json]);
      assert.equal(logged.code, 1, logged.stderr);
      assert.ok(!`${logged.stdout}${logged.stderr}`.includes(DEMO.apiKey), `the key was printed: ${logged.stderr}`);
      assert.match(logged.stderr, /Error: «redacted» was refused/);
    }
  });
});
