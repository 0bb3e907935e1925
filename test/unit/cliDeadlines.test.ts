// `--timeout` is a wall-clock deadline and transient faults are retried until it: the built CLI in a
// child process against an emulator that hangs, dribbles, sends an HTML page mid-watch, rate-limits
// for a day, or never answers a stop request.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO, addFlow } from '../emulator/server';
import { flowFolder } from '../emulator/flowStore';
import { startCli, type CliRun } from '../support/cliRunner';
import { withEmulator } from '../support/emulatorFixture';

describe('gumloop-files: every limit is a deadline', () => {
  const emu = withEmulator({ before, after });
  let cwd = '';
  const scope = ['--user-id', DEMO.userId];
  const running = { endpoint: 'get_pl_run', subject: DEMO.runs.running };
  /** Runs the CLI; `onStderr` sees all of stderr so far each time more arrives. */
  const cli = async (args: string[], onStderr?: (text: string, interrupt: () => void) => void): Promise<CliRun & { ms: number }> => {
    const started = Date.now();
    const { child, done } = startCli(args, { GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl }, cwd);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk;
      onStderr?.(stderr, () => child.kill('SIGINT'));
    });
    const result = await done;
    return { ...result, ms: Date.now() - started };
  };

  before(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'gl-cli-deadline-'));
    const data = emu.get().dataDir;
    await addFlow(data, 'PaGeFlow0001', { inputs: [], run_ms: 1500, run_log: ['Reader: read 3 rows', 'Flow finished'] });
    await mkdir(path.join(flowFolder(data, 'PaGeFlow0001'), 'files'), { recursive: true });
    await writeFile(path.join(flowFolder(data, 'PaGeFlow0001'), 'files', 'report.csv'), 'a,b\n1,2\n');
    await addFlow(data, 'SLow0Flow123', { inputs: [], run_ms: 60_000, run_log: ['step 1', 'step 2'] });
  });
  after(() => rm(cwd, { recursive: true, force: true }));

  test('the first poll hanging ends at --timeout with 124, saying Gumloop did not answer', async () => {
    emu.get().setFaultFor(running, { type: 'stall' });
    try {
      const result = await cli(['watch', '--run-id', DEMO.runs.running, ...scope, '--timeout', '2']);
      assert.equal(result.code, 124, result.stderr);
      assert.ok(result.ms < 4_000, `took ${result.ms} ms`);
      assert.match(result.stderr, /Gumloop did not answer for the last 2 s about run “R5unNing8QwE”, so the wait ended at its time limit\. Check your connection/);
    } finally {
      emu.get().setFaultFor(running, undefined);
    }
  });

  test('a poll that hangs mid-watch, and an answer that dribbles a byte at a time, end at --timeout (124)', async () => {
    for (const fault of [{ type: 'stall' as const }, { type: 'slow' as const, bytesPerSecond: 5 }]) {
      try {
        // Armed once the first poll has answered: the watch has seen the run, then Gumloop goes quiet.
        const result = await cli(['watch', '--run-id', DEMO.runs.running, ...scope, '--timeout', '2.5'], (text) => {
          if (/is running/.test(text)) emu.get().setFaultFor(running, fault);
        });
        assert.equal(result.code, 124, `${fault.type}: ${result.stderr}`);
        assert.ok(result.ms < 4_500, `${fault.type} took ${result.ms} ms`);
        assert.match(result.stderr, /is still running after 2\.5 s; it goes on in Gumloop\. Gumloop did not answer for the last \d s\. Wait again with/);
      } finally {
        emu.get().setFaultFor(running, undefined);
      }
    }
  });

  test('500s and then an HTML page mid-watch do not end run --download --timeout 60: it reaches DONE and downloads', async () => {
    const getPlRun = { endpoint: 'get_pl_run' };
    // The first poll answers; the second meets 500 on every try (the client's own retries included).
    emu.get().setFaultFor(getPlRun, { type: 'status', status: 500, after: 1, times: 4 });
    let paged = false;
    try {
      const result = await cli(['run', '--flow', 'PaGeFlow0001', ...scope, '--download', '--out', 'paged', '--timeout', '60'], (text) => {
        // Then, on the next poll, one HTML page (a proxy's), as in the script.
        if (!paged && /Gumloop answered 500/.test(text)) {
          paged = true;
          emu.get().setFaultFor(getPlRun, { type: 'page' });
        }
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /warning: Gumloop could not serve the files \(500\)\..*\(Gumloop answered 500 for the last \d s; still watching, next try in 5 s\)/);
      assert.match(result.stderr, /warning: Gumloop answered get_pl_run with something that is not JSON.*Gumloop sent a page that is not JSON for the last \d+ s; still watching/);
      assert.deepEqual(await readdir(path.join(cwd, 'paged')), ['report.csv']);
    } finally {
      emu.get().setFaultFor(getPlRun, undefined);
    }
  });

  test('Retry-After: 86400 is honoured up to the deadline (no polling meanwhile), and the message names the 429', async () => {
    emu.get().setFaultFor(running, { type: 'status', status: 429, retryAfter: 86_400, after: 1, times: 100 });
    emu.get().clearRequests();
    try {
      const result = await cli(['watch', '--run-id', DEMO.runs.running, ...scope, '--timeout', '3']);
      assert.equal(result.code, 124, result.stderr);
      assert.ok(result.ms < 5_000, `took ${result.ms} ms`);
      assert.match(result.stderr, /still running after 3 s; it goes on in Gumloop\. Gumloop answered 429 \(too many requests\) for the last \d s, asking to wait 24 h\./);
      assert.equal(emu.get().requestCounts()['GET /get_pl_run'], 2);
    } finally {
      emu.get().setFaultFor(running, undefined);
    }
  });

  test('a download that dribbles after DONE is ended by the same deadline (124), nothing written', async () => {
    emu.get().setFault(DEMO.runs.report, { type: 'slow', bytesPerSecond: 200 });
    try {
      const result = await cli(['watch', '--run-id', DEMO.runs.report, ...scope, '--download', '--out', 'dribbled', '--timeout', '2']);
      assert.equal(result.code, 124, result.stderr);
      assert.ok(result.ms < 4_000, `took ${result.ms} ms`);
      assert.match(result.stderr, /finished, but its files did not finish downloading within --timeout 2 s; nothing was written\. Download them with: gumloop-files watch --run-id Q7kR2mXv9LpT --user-id demo-user .*--download --out /);
      assert.deepEqual(await readdir(path.join(cwd, 'dribbled')).catch(() => []), []);
    } finally {
      emu.get().setFault(DEMO.runs.report, undefined);
    }
  });

  test('Ctrl-C with --kill-on-interrupt and a kill_pipeline that hangs: bounded to 5 s, says the run may still be going', async () => {
    emu.get().setFaultFor({ endpoint: 'kill_pipeline' }, { type: 'stall' });
    let interruptedAt = 0;
    try {
      const result = await cli(['run', '--flow', 'SLow0Flow123', ...scope, '--wait', '--kill-on-interrupt'], (text, interrupt) => {
        if (!interruptedAt && /is running/.test(text)) {
          interruptedAt = Date.now();
          interrupt();
        }
      });
      const runId = result.stdout.trim();
      assert.equal(result.code, 130, result.stderr);
      const held = Date.now() - interruptedAt;
      assert.ok(held >= 4_500 && held < 7_000, `Ctrl-C held for ${held} ms`);
      assert.match(result.stderr, new RegExp(`could not stop run ${runId} on Gumloop: The request to stop run ${runId} got no answer from Gumloop within 5 s, so the run may still be going\\. Stop it on its page in Gumloop`));
      assert.doesNotMatch(result.stderr, /download was cancelled/);
    } finally {
      emu.get().setFaultFor({ endpoint: 'kill_pipeline' }, undefined);
    }
  });
});
