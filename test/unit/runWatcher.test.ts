import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GumloopError } from '../../src/errors';
import type { RunInfo } from '../../src/gumloop/types';
import { isFinished, isLive, runPhase } from '../../src/remote/runState';
import { LOG_START, newLogLines, nextDelay, STOPPING_LIMIT_MS, UNANSWERED_LIMIT_MS, watchRun, WATCH_SCHEDULE, type RunUpdate } from '../../src/remote/runWatcher';
import { followRun } from '../../src/cli/followRun';
import type { CommandContext } from '../../src/cli/context';
import type { GumloopClient } from '../../src/gumloop/client';
import { FakeClock } from '../support/fakeClock';
import { ManualClock } from '../support/manualClock';

const run = (state: string, log: string[] = [], outputs: Record<string, unknown> = {}): RunInfo => ({ userId: 'u', state, outputs, log });

/** getRun answering from a script: one entry per call (the last repeats); an Error entry is thrown. */
function scripted(answers: (RunInfo | Error)[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    getRun: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

test('every documented state maps to a phase; unknown and odd spellings are handled', () => {
  assert.deepEqual(
    ['QUEUED', 'STARTED', 'RUNNING', 'TERMINATING', 'DONE', 'FAILED', 'TERMINATED'].map(runPhase),
    ['queued', 'running', 'running', 'terminating', 'done', 'failed', 'terminated'],
  );
  assert.equal(runPhase(' done '), 'done');
  assert.equal(runPhase('PAUSED'), 'unknown');
  assert.equal(runPhase(undefined), 'unknown');
  assert.deepEqual(['DONE', 'FAILED', 'TERMINATED'].map(isFinished), [true, true, true]);
  assert.deepEqual(['QUEUED', 'RUNNING', 'TERMINATING', 'PAUSED'].map(isLive), [true, true, true, true]);
});

test('schedule: 1 s first and after a change, ×1.5 while unchanged, capped at 5 s, never below 1 s', () => {
  assert.equal(nextDelay(undefined, false, WATCH_SCHEDULE), 1000);
  assert.equal(nextDelay(1000, false, WATCH_SCHEDULE), 1500);
  assert.equal(nextDelay(4000, false, WATCH_SCHEDULE), 5000);
  assert.equal(nextDelay(5000, false, WATCH_SCHEDULE), 5000);
  assert.equal(nextDelay(5000, true, WATCH_SCHEDULE), 1000);
  assert.equal(nextDelay(10, false, WATCH_SCHEDULE), 1000);
});

test('new log lines: appended lines, a sliding window, and a log that starts over', () => {
  const after = (log: string[]) => newLogLines(LOG_START, log).position;
  const lines = (previous: string[], current: string[]) => newLogLines(after(previous), current).lines;
  assert.deepEqual(lines([], ['a', 'b']), ['a', 'b']);
  assert.deepEqual(lines(['a', 'b'], ['a', 'b', 'c']), ['c']);
  assert.deepEqual(lines(['a', 'b'], ['a', 'b']), []);
  assert.deepEqual(lines(['a', 'b', 'c'], ['c', 'd']), ['d']);
});

test('a log Gumloop rewrote is not printed again: only lines beyond those reported, and one rewritten flag', () => {
  const reported = newLogLines(LOG_START, ['a', 'b', 'c']).position;
  const shrunk = newLogLines(reported, ['A', 'B']);
  assert.deepEqual(shrunk.lines, []);
  assert.equal(shrunk.rewritten, true);
  const grown = newLogLines(shrunk.position, ['A', 'B', 'C', 'D']);
  assert.deepEqual(grown.lines, ['D']);
  assert.equal(grown.rewritten, false);
  const replaced = newLogLines(reported, ['x', 'y', 'z', 'w']);
  assert.deepEqual([replaced.lines, replaced.rewritten], [['w'], true]);
});

test('watching a log that shrinks prints each line once and flags the rewrite once', async () => {
  const api = scripted([run('RUNNING', ['one', 'two', 'three']), run('RUNNING', ['ONE']), run('RUNNING', ['ONE']), run('DONE', ['ONE', 'TWO', 'THREE', 'four'])]);
  const updates: RunUpdate[] = [];
  await watchRun({ runId: 'r1', getRun: api.getRun, clock: new FakeClock(), onUpdate: (u) => updates.push(u) });
  assert.deepEqual(updates.flatMap((u) => u.newLogLines), ['one', 'two', 'three', 'four']);
  assert.deepEqual(updates.map((u) => u.logRewritten), [false, true, false, false]);
});

test('watches QUEUED → RUNNING → DONE, streaming each log line once, backing off while unchanged', async () => {
  const clock = new FakeClock();
  const api = scripted([run('QUEUED'), run('RUNNING', ['start']), run('RUNNING', ['start']), run('RUNNING', ['start']), run('RUNNING', ['start', 'step 2']), run('DONE', ['start', 'step 2', 'end'], { f: 'a.csv' })]);
  const updates: RunUpdate[] = [];
  const result = await watchRun({ runId: 'r1', getRun: api.getRun, clock, onUpdate: (u) => updates.push(u) });
  assert.equal(result.phase, 'done');
  assert.equal(result.timedOut, false);
  assert.deepEqual(result.run.outputs, { f: 'a.csv' });
  assert.deepEqual(updates.map((u) => u.phase), ['queued', 'running', 'running', 'running', 'running', 'done']);
  assert.deepEqual(updates.flatMap((u) => u.newLogLines), ['start', 'step 2', 'end']);
  assert.deepEqual(clock.waits, [1000, 1000, 1500, 2250, 1000]);
  assert.ok(clock.waits.every((w) => w >= 1000 && w <= 5000));
});

test('FAILED and TERMINATED end the watch with their phase', async () => {
  for (const state of ['FAILED', 'TERMINATED']) {
    const result = await watchRun({ runId: 'r', getRun: scripted([run('RUNNING'), run(state, ['boom'])]).getRun, clock: new FakeClock() });
    assert.equal(result.phase, state === 'FAILED' ? 'failed' : 'terminated');
  }
});

test('an unknown state keeps the watch going until a known end', async () => {
  const clock = new FakeClock();
  const result = await watchRun({ runId: 'r', getRun: scripted([run('PAUSED'), run('PAUSED'), run('DONE')]).getRun, clock });
  assert.equal(result.phase, 'done');
  assert.deepEqual(clock.waits, [1000, 1500]);
});

test('a long unchanged run is polled every 5 s at most once the backoff is reached', async () => {
  const clock = new FakeClock();
  const answers = [...Array.from({ length: 30 }, () => run('RUNNING')), run('DONE')];
  const api = scripted(answers);
  await watchRun({ runId: 'r', getRun: api.getRun, clock });
  assert.equal(api.calls, 31);
  assert.deepEqual(clock.waits.slice(0, 6), [1000, 1500, 2250, 3375, 5000, 5000]);
  assert.ok(clock.waits.slice(4).every((w) => w === 5000));
});

test('a run that vanishes while watched is a clear error; one never seen keeps the original 404', async () => {
  const notFound = new GumloopError('not-found', 'Run “r” or its files were not found (404).', { status: 404 });
  await assert.rejects(watchRun({ runId: 'r', getRun: scripted([run('RUNNING'), notFound]).getRun, clock: new FakeClock() }), /disappeared from Gumloop while it was being watched/);
  await assert.rejects(watchRun({ runId: 'r', getRun: scripted([notFound]).getRun, clock: new FakeClock() }), (error) => error === notFound);
});

test('passing failures are waited out with a growing backoff, however many in a row; permanent ones fail at once', async () => {
  const blip = new GumloopError('network', 'Could not reach Gumloop.', { cause: { code: 'ECONNRESET' } });
  const seen: string[] = [];
  const clock = new FakeClock();
  // Twenty failures in a row (the old watcher gave up after five) and no deadline: still watching.
  const result = await watchRun({ runId: 'r', getRun: scripted([run('RUNNING'), ...Array<Error>(20).fill(blip), run('DONE')]).getRun, clock, onTransientError: (_e, trouble) => seen.push(trouble.text) });
  assert.equal(result.phase, 'done');
  assert.equal(seen.length, 20);
  assert.deepEqual(clock.waits.slice(0, 5), [1000, 5000, 7500, 11250, 16875]);
  assert.equal(Math.max(...clock.waits), 30_000);
  assert.match(seen[1], /^Gumloop could not be reached \(ECONNRESET\) for the last 5 s$/);
  const denied = new GumloopError('forbidden', 'The API key does not match (403).', { status: 403 });
  await assert.rejects(watchRun({ runId: 'r', getRun: scripted([run('RUNNING'), denied]).getRun, clock: new FakeClock(), timeoutMs: 60_000 }), (error) => error === denied);
});

test('without a deadline, a watch that never had an answer gives up after 2 min, saying what Gumloop did', async () => {
  const refused = new GumloopError('network', 'Could not reach Gumloop at example.invalid (ECONNREFUSED).', { cause: { code: 'ECONNREFUSED' } });
  const clock = new FakeClock();
  await assert.rejects(
    watchRun({ runId: 'r', getRun: scripted([refused]).getRun, clock }),
    (error) => error instanceof GumloopError && /^Gumloop could not be reached \(ECONNREFUSED\) for the last \d+ min about run “r”, so the wait ended before any answer came\. Check your connection/.test(error.message),
  );
  assert.ok(clock.now() >= UNANSWERED_LIMIT_MS && clock.now() < UNANSWERED_LIMIT_MS + 30_000, `gave up after ${clock.now()} ms`);
});

test('a wait asked to outlive an outage (Download When Done) keeps trying past 2 min without an answer, then reaches DONE', async () => {
  const refused = new GumloopError('network', 'Could not reach Gumloop at example.invalid (ECONNREFUSED).', { cause: { code: 'ECONNREFUSED' } });
  const clock = new FakeClock();
  const api = scripted([...Array<Error>(12).fill(refused), run('DONE')]);
  const result = await watchRun({ runId: 'r', getRun: api.getRun, clock, unansweredLimitMs: Number.POSITIVE_INFINITY });
  assert.equal(result.run.state, 'DONE');
  assert.ok(clock.now() > UNANSWERED_LIMIT_MS, `answered after ${clock.now()} ms`);
  assert.equal(api.calls, 13);
});

test('5xx and an HTML page mid-watch do not end a watch that has a deadline; it reaches DONE', async () => {
  const serverError = new GumloopError('server-error', 'Gumloop could not serve the files (500).', { status: 500 });
  const page = new GumloopError('invalid-response', 'Gumloop answered get_pl_run with something that is not JSON.', { cause: new SyntaxError('Unexpected token <') });
  const texts: string[] = [];
  const clock = new FakeClock();
  const answers = [run('RUNNING'), serverError, serverError, serverError, page, run('RUNNING'), run('DONE')];
  const result = await watchRun({ runId: 'r', getRun: scripted(answers).getRun, clock, timeoutMs: 60_000, onTransientError: (_e, trouble) => texts.push(trouble.text) });
  assert.equal(result.phase, 'done');
  assert.equal(result.timedOut, false);
  assert.deepEqual(texts, ['Gumloop answered 500 for the last 0 s', 'Gumloop answered 500 for the last 5 s', 'Gumloop answered 500 for the last 13 s', 'Gumloop sent a page that is not JSON for the last 24 s']);
});

test('Retry-After is honoured, and cut at the deadline; the final message names what Gumloop did', async () => {
  const limited = (seconds: number) => new GumloopError('rate-limited', `Gumloop is limiting requests (429). Try again in ${seconds} s.`, { status: 429, retryAfterMs: seconds * 1000 });
  const honoured = new FakeClock();
  await watchRun({ runId: 'r', getRun: scripted([run('RUNNING'), limited(42), run('DONE')]).getRun, clock: honoured, timeoutMs: 600_000 });
  assert.deepEqual(honoured.waits, [1000, 42_000]);

  const capped = new FakeClock();
  const result = await watchRun({ runId: 'r', getRun: scripted([run('RUNNING'), limited(86_400)]).getRun, clock: capped, timeoutMs: 60_000 });
  assert.equal(result.timedOut, true);
  assert.equal(capped.now(), 60_000);
  assert.deepEqual(capped.waits, [1000, 59_000]);
  assert.equal(result.trouble, 'Gumloop answered 429 (too many requests) for the last 59 s, asking to wait 24 h');

  const neverAnswered = new GumloopError('server-error', 'Gumloop could not serve the files (503).', { status: 503 });
  await assert.rejects(
    watchRun({ runId: 'r', getRun: scripted([neverAnswered]).getRun, clock: new FakeClock(), timeoutMs: 240_000 }),
    (error) => error instanceof GumloopError && error.code === 'timeout' && /^Gumloop answered 503 for the last 4 min about run “r”, so the wait ended at its time limit\. Try again later/.test(error.message),
  );
});

test('a request in flight is aborted at the deadline, also the very first one', async () => {
  // getRun that never answers until its signal fires, like a poll to a server that holds it.
  const hanging = (signal?: AbortSignal) =>
    new Promise<RunInfo>((_resolve, reject) => signal?.addEventListener('abort', () => reject(new GumloopError('timeout', 'aborted')), { once: true }));
  const clock = new ManualClock();
  let calls = 0;
  const watching = watchRun({ runId: 'r', getRun: async (_id, { signal }) => (calls++ === 0 ? run('RUNNING') : hanging(signal)), clock, timeoutMs: 10_000 });
  await clock.advance(10_000);
  const result = await watching;
  assert.equal(result.timedOut, true);
  assert.equal(result.phase, 'running');
  assert.equal(result.trouble, 'Gumloop did not answer for the last 9 s');
  assert.equal(calls, 2);

  const first = new ManualClock();
  const never = watchRun({ runId: 'r', getRun: (_id, { signal }) => hanging(signal), clock: first, timeoutMs: 10_000 });
  const settled = never.then(
    () => 'resolved',
    (error: GumloopError) => error.message,
  );
  await first.advance(10_000);
  assert.match(await settled, /^Gumloop did not answer for the last 10 s about run “r”, so the wait ended at its time limit\. Check your connection/);
});

test('the user’s cancel during a request is a cancel, not a timeout', async () => {
  const controller = new AbortController();
  const clock = new ManualClock();
  const watching = watchRun({
    runId: 'r',
    signal: controller.signal,
    clock,
    timeoutMs: 10_000,
    getRun: (_id, { signal }) => new Promise<RunInfo>((_resolve, reject) => signal?.addEventListener('abort', () => reject(new GumloopError('cancelled', 'cancelled')), { once: true })),
  });
  controller.abort();
  await assert.rejects(watching, (error) => error instanceof GumloopError && error.code === 'cancelled');
});

test('TERMINATING ends the wait after 30 s in that state; TERMINATED within them ends it as usual', async () => {
  const clock = new FakeClock();
  let terminatingAt: number | undefined;
  const stuck = await watchRun({
    runId: 'r',
    getRun: scripted([run('RUNNING'), run('TERMINATING')]).getRun,
    clock,
    onUpdate: (update) => (terminatingAt ??= update.phase === 'terminating' ? clock.now() : undefined),
  });
  assert.equal(stuck.phase, 'terminating');
  assert.equal(stuck.timedOut, false);
  assert.equal(clock.now() - terminatingAt!, STOPPING_LIMIT_MS);
  const stopped = await watchRun({ runId: 'r', getRun: scripted([run('TERMINATING'), run('TERMINATING'), run('TERMINATED')]).getRun, clock: new FakeClock() });
  assert.equal(stopped.phase, 'terminated');
});

test('the timeout stops waiting (the run goes on) and reports the last state seen', async () => {
  const clock = new FakeClock();
  const api = scripted([run('RUNNING')]);
  const result = await watchRun({ runId: 'r', getRun: api.getRun, clock, timeoutMs: 10_000 });
  assert.equal(result.timedOut, true);
  assert.equal(result.phase, 'running');
  assert.equal(clock.now(), 10_000);
  assert.equal(clock.waits.reduce((a, b) => a + b, 0), 10_000);
});

test('cancelling stops the watch with the cancellation', async () => {
  const controller = new AbortController();
  const api = scripted([run('RUNNING')]);
  const clock = new FakeClock();
  const watching = watchRun({ runId: 'r', getRun: api.getRun, clock, signal: controller.signal, onUpdate: () => controller.abort() });
  await assert.rejects(watching, (error) => error instanceof GumloopError && error.code === 'cancelled');
  assert.equal(api.calls, 1);
});

test('the CLI: a run stuck TERMINATING exits 1 after 30 s, saying it is stopping on Gumloop', async () => {
  const stderr: string[] = [];
  const context: CommandContext = {
    values: {},
    env: {},
    signal: new AbortController().signal,
    stdout: () => undefined,
    stderr: (text) => stderr.push(text),
    json: () => undefined,
    note: () => undefined,
    markMoving: () => undefined,
    connect: () => assert.fail('not connected here'),
  };
  const client = { getRun: scripted([run('RUNNING'), run('TERMINATING')]).getRun } as unknown as GumloopClient;
  const clock = new FakeClock();
  const code = await followRun(context, client, { runId: 'r', killOnInterrupt: false, clock });
  assert.equal(code, 1);
  assert.match(stderr.join(''), /run r has been stopping on Gumloop \(TERMINATING\) for 30 s; it will not finish, so its files were not downloaded/);
  assert.ok(clock.now() <= 1_000 + STOPPING_LIMIT_MS, `watched for ${clock.now()} ms`);
});
