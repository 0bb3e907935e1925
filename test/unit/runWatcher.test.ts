import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GumloopError } from '../../src/errors';
import type { RunInfo } from '../../src/gumloop/types';
import { isFinished, isLive, runPhase } from '../../src/remote/runState';
import { LOG_START, newLogLines, nextDelay, watchRun, WATCH_SCHEDULE, type RunUpdate } from '../../src/remote/runWatcher';
import { FakeClock } from '../support/fakeClock';

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

test('passing failures are reported and waited out; too many in a row give up; others fail at once', async () => {
  const blip = new GumloopError('network', 'Could not reach Gumloop.');
  const seen: string[] = [];
  const clock = new FakeClock();
  const result = await watchRun({ runId: 'r', getRun: scripted([run('RUNNING'), blip, blip, run('DONE')]).getRun, clock, onTransientError: (e) => seen.push(e.code) });
  assert.equal(result.phase, 'done');
  assert.deepEqual(seen, ['network', 'network']);
  assert.deepEqual(clock.waits, [1000, 5000, 5000]);
  await assert.rejects(watchRun({ runId: 'r', getRun: scripted([run('RUNNING'), blip]).getRun, clock: new FakeClock() }), /Could not reach/);
  const denied = new GumloopError('forbidden', 'The API key does not match (403).');
  await assert.rejects(watchRun({ runId: 'r', getRun: scripted([run('RUNNING'), denied]).getRun, clock: new FakeClock() }), (error) => error === denied);
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
