// The CLI against a hostile or strict Gumloop (issue 15 §5, §7, §8), as a CI job runs it: the
// built bundle in a child process, against the emulator. --json always leaves exactly one JSON
// object on stdout; signals, malformed base URLs, lost start answers and big answers are what they are.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { addFlow, addRun, DEMO, type FlowJson } from '../emulator/server';
import { withEmulator } from '../support/emulatorFixture';
import { runCli, startCli, type CliRun } from '../support/cliRunner';

/** The one JSON object --json must leave on stdout, whatever happened. */
function onlyJsonObject(run: CliRun): Record<string, unknown> {
  const lines = run.stdout.split('\n').filter((line) => line.trim());
  assert.equal(lines.length, 1, `exactly one line on stdout, got ${JSON.stringify(run.stdout)} (stderr: ${run.stderr})`);
  const value = JSON.parse(lines[0]) as unknown;
  assert.ok(value && typeof value === 'object' && !Array.isArray(value), 'an object');
  return value as Record<string, unknown>;
}

describe('gumloop-files against a hostile Gumloop', () => {
  const emu = withEmulator({ before, after });
  let cwd = '';
  const env = (extra: Record<string, string> = {}) => ({ GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl, ...extra });
  const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, env(extra), cwd);
  const scope = ['--user-id', DEMO.userId];
  const starts = () => emu.get().requests.filter((r) => r.path.endsWith('/start_pipeline'));

  before(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'gl-cli-wire-'));
    const data = emu.get().dataDir;
    const flow = (extra: Record<string, unknown>) => extra as Partial<FlowJson>;
    await addFlow(data, 'QuickW1re001', flow({ inputs: [], run_ms: 600, queued_ms: 0, run_log: ['one', 'two'] }));
    await mkdir(path.join(data, 'flows', 'QuickW1re001', 'files'), { recursive: true });
    await writeFile(path.join(data, 'flows', 'QuickW1re001', 'files', 'report.csv'), 'a,b\n');
    await addFlow(data, 'SLowW1re0001', flow({ inputs: [], run_ms: 60_000, run_log: ['step'] }));
    await addFlow(data, 'NeverRun0001', flow({ inputs: [] }));
  });
  after(() => rm(cwd, { recursive: true, force: true }));

  describe('--json: one object on stdout after any failure', () => {
    test('usage errors, before and after the command line is understood', async () => {
      for (const args of [['flows', '--bogus', '--json'], ['run', '--json', ...scope], ['watch', '--run-id', 'no spaces', '--json', ...scope]]) {
        const run = await cli(args);
        assert.equal(run.code, 2, run.stderr);
        const report = onlyJsonObject(run);
        assert.equal((report.error as { code: string }).code, 'usage');
        assert.equal(report.exitCode, 2);
      }
    });

    test('429 at start: the flow, the plan’s error and exit 1', async () => {
      const limits = path.join(emu.get().dataDir, 'limits.json');
      await writeFile(limits, JSON.stringify({ accounts: { [DEMO.userId]: 0 } }));
      try {
        const run = await cli(['run', '--flow', 'QuickW1re001', ...scope, '--wait', '--json']);
        assert.equal(run.code, 1);
        assert.deepEqual(onlyJsonObject(run), {
          flowId: 'QuickW1re001',
          error: { code: 'rate-limited', message: 'Gumloop is already running as many flows as your plan allows; try again when one finishes.' },
          exitCode: 1,
        });
      } finally {
        await rm(limits);
      }
    });

    test('the download fails after DONE: the run, its state and the error', async () => {
      const out = path.join(cwd, 'taken');
      await mkdir(out, { recursive: true });
      await writeFile(path.join(out, 'report.csv'), 'mine');
      const run = await cli(['run', '--flow', 'QuickW1re001', ...scope, '--download', '--out', out, '--json']);
      assert.equal(run.code, 1);
      const report = onlyJsonObject(run);
      assert.match(String(report.runId), /^[A-Za-z0-9]{12}$/);
      assert.equal(report.state, 'DONE');
      assert.equal((report.error as { code: string }).code, 'conflict');
      assert.equal(report.exitCode, 1);
    });

    test('a watch that gets no answer before --timeout, a run that does not exist, a key Gumloop refuses', async () => {
      emu.get().setFaultFor({ endpoint: 'get_pl_run', subject: DEMO.runs.running }, { type: 'status', status: 503, times: 1000 });
      try {
        const gaveUp = await cli(['watch', '--run-id', DEMO.runs.running, ...scope, '--timeout', '1', '--json']);
        // 503s are transient: retried until --timeout, then the time ran out (124), saying what Gumloop did.
        assert.equal(gaveUp.code, 124, gaveUp.stderr);
        const report = onlyJsonObject(gaveUp);
        assert.equal(report.runId, DEMO.runs.running);
        assert.equal(report.exitCode, 124);
        const error = report.error as { code: string; message: string };
        assert.equal(error.code, 'timeout', gaveUp.stdout);
        assert.match(error.message, /503/, gaveUp.stdout);
      } finally {
        emu.get().setFaultFor({ endpoint: 'get_pl_run', subject: DEMO.runs.running }, undefined);
      }
      const missing = await cli(['watch', '--run-id', 'NoSuchRun123', ...scope, '--json']);
      assert.deepEqual(onlyJsonObject(missing), { runId: 'NoSuchRun123', error: { code: 'not-found', message: JSON.parse(missing.stdout).error.message }, exitCode: 1 });
      for (const args of [['flows', ...scope, '--json'], ['runs', '--flow', 'QuickW1re001', ...scope, '--json'], ['download', '--run-id', DEMO.runs.report, '--file', 'x', ...scope, '--json']]) {
        const refused = await cli(args, { GUMLOOP_API_KEY: 'wrong-key-123456789012345' });
        assert.equal(refused.code, 3);
        assert.equal((onlyJsonObject(refused).error as { code: string }).code, 'unauthorized');
        assert.equal(onlyJsonObject(refused).exitCode, 3);
      }
    });

    test('download --json reports the written files', async () => {
      const run = await cli(['download', '--run-id', DEMO.runs.report, '--file', 'chart.png', '--out', path.join(cwd, 'dl'), ...scope, '--json']);
      assert.equal(run.code, 0, run.stderr);
      const report = onlyJsonObject(run);
      assert.deepEqual([report.runId, report.files, report.exitCode], [DEMO.runs.report, ['chart.png'], 0]);
    });

    test('Ctrl-C exits 130 and SIGTERM 143, each with the run and its state', async () => {
      // The runs stopped here go on in Gumloop: room for them beyond the plan's default of 5.
      await writeFile(path.join(emu.get().dataDir, 'limits.json'), JSON.stringify({ concurrent_runs: 100 }));
      for (const [signal, exitCode] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
        for (const json of [true, false]) {
          const { child, done } = startCli(['run', '--flow', 'SLowW1re0001', ...scope, '--wait', ...(json ? ['--json'] : [])], env(), cwd);
          let stderr = '';
          let sent = false;
          child.stderr!.on('data', (chunk: Buffer) => {
            stderr += chunk;
            // Once: a second signal ends the CLI at once, by design.
            if (!sent && /is running/.test(stderr)) sent = child.kill(signal);
          });
          const run = await done;
          assert.equal(run.code, exitCode, `${signal}: ${run.stderr}`);
          if (!json) continue;
          const report = onlyJsonObject(run);
          assert.equal(report.state, 'RUNNING');
          assert.equal(report.flowId, 'SLowW1re0001');
          assert.match(String(report.runId), /^[A-Za-z0-9]{12}$/);
          assert.deepEqual([(report.error as { code: string }).code, report.exitCode], ['cancelled', exitCode]);
        }
      }
    });

    test('server text in the JSON carries no raw C1 controls, line separators or bidi overrides', async () => {
      const hostile = 'a\u009b31mred\u0085b\u2028c\u202eevil\u2066';
      await addRun(emu.get().dataDir, 'HostileOut01', { state: 'DONE', outputs: { note: hostile }, log: [hostile] }, {});
      const run = await cli(['watch', '--run-id', 'HostileOut01', ...scope, '--json']);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!/[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(run.stdout), JSON.stringify(run.stdout));
      assert.equal((onlyJsonObject(run).outputs as { note: string }).note, hostile, 'the same string once parsed');
    });
  });

  describe('usage errors are usage errors', () => {
    test('a malformed --base-url or GUMLOOP_BASE_URL exits 2 at once with the reason, sending nothing', async () => {
      emu.get().clearRequests();
      const cases: [string[], Record<string, string>, RegExp][] = [
        [['--base-url', 'not a url'], {}, /--base-url: “not a url” is not a URL/],
        [['--base-url', 'ftp://example.com/api/v1'], {}, /--base-url: “ftp:\/\/example.com\/api\/v1” is a ftp: URL: give an http:\/\/ or https:\/\/ URL/],
        [[], { GUMLOOP_BASE_URL: 'api.gumloop.com/api/v1' }, /GUMLOOP_BASE_URL: “api.gumloop.com\/api\/v1” is not a URL/],
      ];
      for (const [flags, extra, reason] of cases) {
        const started = Date.now();
        const run = await cli(['flows', ...scope, ...flags], extra);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, reason);
        assert.ok(Date.now() - started < 5_000, 'at once, not after retries');
      }
      assert.equal(emu.get().requests.length, 0);
    });

    test('run needs --user-id: start_pipeline requires it, and both SDKs always send it', async () => {
      const run = await cli(['run', '--flow', 'QuickW1re001', '--project-id', DEMO.projectId, '--oauth'], { GUMLOOP_API_KEY: DEMO.oauthToken });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /run needs --user-id/);
    });
  });

  describe('a lost start_pipeline answer', () => {
    test('the run is found among the flow’s recent runs and watched; start_pipeline is sent once', async () => {
      emu.get().clearRequests();
      emu.get().setFaultFor({ endpoint: 'start_pipeline' }, { type: 'drop' });
      try {
        const run = await cli(['run', '--flow', 'QuickW1re001', ...scope, '--wait', '--json']);
        assert.equal(run.code, 0, run.stderr);
        const report = onlyJsonObject(run);
        assert.equal(report.state, 'DONE');
        assert.match(run.stderr, new RegExp(`answer to start_pipeline was lost, but run ${report.runId} of this flow started at \\S+Z; watching it`));
        assert.equal(starts().length, 1);
      } finally {
        emu.get().setFaultFor({ endpoint: 'start_pipeline' }, undefined);
      }
    });

    test('when no run is found: the run may have started, check the flow’s runs first', async () => {
      emu.get().clearRequests();
      emu.get().setFaultFor({ endpoint: 'start_pipeline' }, { type: 'status', status: 502 });
      const run = await cli(['run', '--flow', 'NeverRun0001', ...scope, '--json']);
      assert.equal(run.code, 3);
      assert.match(run.stderr, /the run may have started: check the flow's runs before starting it again \(gumloop-files runs --flow NeverRun0001 --user-id \S+ --base-url \S+\)/);
      assert.equal((onlyJsonObject(run).error as { code: string }).code, 'server-error');
      assert.equal(starts().length, 1, 'never retried');
    });
  });

  describe('a log Gumloop rewrites', () => {
    test('is not printed again: one notice, then only lines beyond those printed', async () => {
      const data = emu.get().dataDir;
      const polls = () => emu.get().requests.filter((r) => r.path.endsWith('/get_pl_run') && r.query.run_id === 'RewrittenL01').length;
      const pollsAfter = async (count: number) => {
        while (polls() < count) await new Promise((resolve) => setTimeout(resolve, 50));
      };
      await addRun(data, 'RewrittenL01', { state: 'RUNNING', log: ['one', 'two', 'three'] }, {});
      const { child, done } = startCli(['watch', '--run-id', 'RewrittenL01', ...scope], env(), cwd);
      // Each change waits until the CLI has shown the one before: a poll counted at the emulator
      // may still read the run after the next write, and would then never see the first log.
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
      const printed = async (text: string) => {
        while (!stderr.includes(text)) await new Promise((resolve) => setTimeout(resolve, 50));
      };
      await printed('  three\n');
      await addRun(data, 'RewrittenL01', { state: 'RUNNING', log: ['ONE'] }, {});
      await printed("(the run's log was rewritten)");
      const seen = polls();
      await pollsAfter(seen + 1);
      await addRun(data, 'RewrittenL01', { state: 'DONE', log: ['ONE', 'TWO', 'THREE', 'four'] }, {});
      const run = await done;
      assert.equal(run.code, 0, run.stderr);
      const lines = run.stderr.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim());
      assert.deepEqual(lines, ['one', 'two', 'three', "(the run's log was rewritten)", 'four']);
    });
  });

  describe('big answers', () => {
    test('a run whose log is past 16 MiB is watched to the end, not “not JSON”', async () => {
      const line = `${'x'.repeat(1023)}`;
      await addRun(emu.get().dataDir, 'BigLog000001', { state: 'DONE', log: Array.from({ length: 17 * 1024 }, (_, i) => `${i} ${line}`), outputs: {} }, {});
      const run = await cli(['watch', '--run-id', 'BigLog000001', ...scope, '--json']);
      assert.equal(run.code, 0, run.stderr.slice(-500));
      assert.equal(onlyJsonObject(run).state, 'DONE');
      assert.match(run.stderr, /\n {2}17407 x+$/);
    });
  });
});
