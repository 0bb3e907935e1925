// The run monitor on a manual clock: one request per run per tick however many subscribers, at the
// fastest pace an active subscriber asks for; a subscriber leaving slows the pace; nothing is
// polled while no subscriber that asks is active; a run that ends is told to all and not polled again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GumloopError } from '../../src/errors';
import type { RunInfo } from '../../src/gumloop/types';
import { PollSkipped } from '../../src/remote/flowsApi';
import { RunMonitor } from '../../src/remote/runMonitor';
import { VIEW_POLL_SCHEDULE, WATCH_SCHEDULE, type RunUpdate } from '../../src/remote/runWatcher';
import { ManualClock } from '../support/manualClock';

function harness() {
  const clock = new ManualClock(1_000_000);
  const states = new Map<string, string | Error>();
  /** Each request sent: run and time. */
  const polls: { runId: string; at: number }[] = [];
  const monitor = new RunMonitor({
    clock,
    getRun: async (runId, options) => {
      if (options.stillWanted && !options.stillWanted()) throw new PollSkipped();
      polls.push({ runId, at: clock.now() });
      const state = states.get(runId) ?? 'RUNNING';
      if (state instanceof Error) throw state;
      return { userId: 'u', state, log: [`${state} at ${clock.now()}`], outputs: {} } as RunInfo;
    },
  });
  const gaps = (runId: string) => {
    const times = polls.filter((poll) => poll.runId === runId).map((poll) => poll.at);
    return times.slice(1).map((at, index) => at - times[index]);
  };
  return { clock, states, polls, monitor, gaps, count: (runId: string) => polls.filter((poll) => poll.runId === runId).length };
}

test('three subscribers on one run cost one request per tick, at the fastest pace asked', async () => {
  const h = harness();
  const updates: number[] = [0, 0, 0];
  h.monitor.watch('r1', { schedule: VIEW_POLL_SCHEDULE, onUpdate: () => updates[0]++ });
  h.monitor.watch('r1', { schedule: WATCH_SCHEDULE, onUpdate: () => updates[1]++ });
  h.monitor.watch('r1', { schedule: VIEW_POLL_SCHEDULE, onUpdate: () => updates[2]++ });
  await h.clock.advance(20_000);
  // The watch pace (1 s, ×1.5 while the state stays, up to 5 s), not three loops and not the views' 5 s.
  // The log changes on every answer here (it names the time), so every wait is the first one.
  assert.deepEqual(h.gaps('r1').slice(0, 5), [1000, 1000, 1000, 1000, 1000]);
  assert.equal(h.count('r1'), 21);
  // Every subscriber heard every answer.
  assert.deepEqual(updates, [21, 21, 21]);
  h.monitor.dispose();
});

test('the pace backs off while nothing changes, and two runs are polled independently', async () => {
  const h = harness();
  const quiet = new RunMonitor({
    clock: h.clock,
    getRun: async (runId) => {
      h.polls.push({ runId, at: h.clock.now() });
      return { userId: 'u', state: 'RUNNING', log: [], outputs: {} } as RunInfo;
    },
  });
  quiet.watch('a', { schedule: WATCH_SCHEDULE });
  quiet.watch('b', { schedule: VIEW_POLL_SCHEDULE });
  await h.clock.advance(60_000);
  assert.deepEqual(h.gaps('a').slice(0, 6), [1000, 1500, 2250, 3375, 5000, 5000]);
  assert.deepEqual(h.gaps('b').slice(0, 4), [5000, 7500, 11250, 16875]);
  quiet.dispose();
});

test('a subscriber leaving slows the pace to the fastest one left; the last leaving stops the polls', async () => {
  const h = harness();
  const view = h.monitor.watch('r1', { schedule: VIEW_POLL_SCHEDULE });
  const wait = h.monitor.watch('r1', { schedule: WATCH_SCHEDULE });
  await h.clock.advance(10_000);
  assert.deepEqual(h.gaps('r1').slice(-3), [1000, 1000, 1000]);
  wait.dispose();
  const before = h.count('r1');
  await h.clock.advance(4_900);
  assert.equal(h.count('r1'), before, 'no poll sooner than the view pace once the fast subscriber left');
  await h.clock.advance(20_000);
  assert.deepEqual(h.gaps('r1').slice(-3), [5000, 5000, 5000]);
  view.dispose();
  const after = h.count('r1');
  await h.clock.advance(120_000);
  assert.equal(h.count('r1'), after);
  assert.equal(h.monitor.isPolling('r1'), false);
});

test('a faster subscriber joining brings the next poll forward to its pace', async () => {
  const h = harness();
  h.monitor.watch('r1', { schedule: VIEW_POLL_SCHEDULE });
  await h.clock.advance(100);
  assert.equal(h.count('r1'), 1);
  h.monitor.watch('r1', { schedule: WATCH_SCHEDULE });
  await h.clock.advance(1_000);
  assert.equal(h.count('r1'), 2, 'the next poll came 1 s after the first, not 5 s');
  h.monitor.dispose();
});

test('nothing is polled while no subscriber that asks for the run is active, however many inactive ones there are', async () => {
  const h = harness();
  const visible = { flows: false, recent: false };
  h.monitor.watch('r1', { schedule: VIEW_POLL_SCHEDULE, active: () => visible.flows });
  h.monitor.watch('r1', { schedule: WATCH_SCHEDULE, active: () => visible.recent });
  await h.clock.advance(120_000);
  assert.equal(h.count('r1'), 0);
  // Shown: polled, at the pace of the one that is active (the view's 5 s, not the hidden fast one's 1 s).
  visible.flows = true;
  h.monitor.activityChanged();
  await h.clock.advance(10);
  assert.equal(h.count('r1'), 1);
  await h.clock.advance(15_000);
  assert.deepEqual(h.gaps('r1'), [5000, 5000, 5000]);
  // Hidden again: the polls stop.
  visible.flows = false;
  h.monitor.activityChanged();
  const hidden = h.count('r1');
  await h.clock.advance(120_000);
  assert.equal(h.count('r1'), hidden);
  h.monitor.dispose();
});

test('a poll queued while its subscriber was active is dropped unsent if none is active when its turn comes', async () => {
  const clock = new ManualClock(0);
  let active = true;
  let sent = 0;
  const gate: (() => void)[] = [];
  const monitor = new RunMonitor({
    clock,
    getRun: async (_runId, options) => {
      await new Promise<void>((resolve) => gate.push(resolve)); // waits its turn in the budget
      if (options.stillWanted && !options.stillWanted()) throw new PollSkipped();
      sent++;
      return { userId: 'u', state: 'RUNNING', log: [], outputs: {} };
    },
  });
  monitor.watch('r1', { schedule: VIEW_POLL_SCHEDULE, active: () => active });
  await clock.advance(10);
  active = false;
  gate.shift()!();
  await clock.advance(60_000);
  assert.equal(sent, 0);
  assert.equal(gate.length, 0, 'not asked again while inactive');
  monitor.dispose();
});

test('a run that ends is told to every subscriber once and not polled again; a newcomer gets the known answer without a request', async () => {
  const h = harness();
  const ends: string[] = [];
  const seen: RunUpdate[] = [];
  h.monitor.watch('r1', { schedule: WATCH_SCHEDULE, onEnd: (end) => ends.push('result' in end ? `a:${end.result.run.state}` : 'a:error') });
  await h.clock.advance(2_500);
  const polled = h.count('r1');
  h.monitor.watch('r1', { schedule: VIEW_POLL_SCHEDULE, onUpdate: (update) => seen.push(update), onEnd: (end) => ends.push('result' in end ? `b:${end.result.run.state}` : 'b:error') });
  await h.clock.advance(0);
  assert.equal(h.count('r1'), polled, 'the newcomer was served from what is known');
  assert.equal(seen.length, 1);
  assert.equal(seen[0].newLogLines.length, 1);
  h.states.set('r1', 'DONE');
  await h.clock.advance(5_000);
  assert.deepEqual(ends.sort(), ['a:DONE', 'b:DONE']);
  const final = h.count('r1');
  await h.clock.advance(60_000);
  assert.equal(h.count('r1'), final);
  assert.equal(h.monitor.isPolling('r1'), false);
});

test('passing trouble is told to subscribers and polled through; lasting trouble ends the run for all', async () => {
  const h = harness();
  const troubles: string[] = [];
  const ends: unknown[] = [];
  h.states.set('r1', new GumloopError('server-error', 'Gumloop answered 503', { status: 503 }));
  h.monitor.watch('r1', { schedule: WATCH_SCHEDULE, onTrouble: (_error, trouble) => troubles.push(trouble.text), onEnd: (end) => ends.push(end) });
  await h.clock.advance(30_000);
  assert.ok(troubles.length >= 2, 'each failing poll was told');
  assert.match(troubles[0], /503/);
  h.states.set('r1', new GumloopError('forbidden', 'No access', { status: 403 }));
  await h.clock.advance(60_000);
  assert.equal(ends.length, 1);
  assert.ok('error' in (ends[0] as object));
  assert.equal(h.monitor.isPolling('r1'), false);
});

test('a known answer makes the first request wait one interval of the pace', async () => {
  const h = harness();
  h.monitor.watch('r1', { schedule: VIEW_POLL_SCHEDULE }, { userId: 'u', state: 'RUNNING', log: [], outputs: {} });
  await h.clock.advance(4_900);
  assert.equal(h.count('r1'), 0);
  await h.clock.advance(200);
  assert.equal(h.count('r1'), 1);
  h.monitor.dispose();
});

test('wait() resolves with the final answer, and its signal leaves the run to the others', async () => {
  const h = harness();
  const controller = new AbortController();
  const other = h.monitor.watch('r1', { schedule: VIEW_POLL_SCHEDULE });
  const waited = h.monitor.wait('r1', { schedule: WATCH_SCHEDULE }, controller.signal);
  await h.clock.advance(3_000);
  controller.abort();
  await assert.rejects(waited);
  assert.equal(h.monitor.isPolling('r1'), true);
  assert.deepEqual(h.monitor.paceOf('r1'), VIEW_POLL_SCHEDULE);
  other.dispose();
  const done = h.monitor.wait('r2', { schedule: WATCH_SCHEDULE });
  h.states.set('r2', 'FAILED');
  await h.clock.advance(2_000);
  assert.equal((await done).run.state, 'FAILED');
});
