// Recent Runs' follower on a manual clock: a run shown as running is polled at the slow pace until
// it ends, only while active, never while another watcher has it, and never once it has ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GumloopError } from '../../src/errors';
import type { RunInfo } from '../../src/gumloop/types';
import { HistoryFollower, isShownRunning } from '../../src/remote/historyFollower';
import { PollSkipped } from '../../src/remote/flowsApi';
import { RunHistory, type RunRecord } from '../../src/runs/history';
import { ManualClock } from '../support/manualClock';

const record = (runId: string, state: string | undefined): RunRecord => ({ runId, fileNames: [], files: [], destination: `/ws/${runId}`, downloadedAt: 1, state });

function harness(records: RunRecord[]) {
  const clock = new ManualClock(1_000_000);
  const history = new RunHistory({ get: () => records, set: async () => undefined }, 20);
  const states = new Map<string, string | Error>();
  const polls: string[] = [];
  const activity = { active: true };
  const follower = new HistoryFollower({
    history,
    clock,
    isActive: () => activity.active,
    getRun: async (runId, options) => {
      if (options.stillWanted && !options.stillWanted()) throw new PollSkipped();
      polls.push(runId);
      const state = states.get(runId) ?? 'RUNNING';
      if (state instanceof Error) throw state;
      return { userId: 'u', state, log: [], outputs: {}, finishedTs: state === 'DONE' ? '2026-12-05T10:00:00Z' : undefined } as RunInfo;
    },
  });
  return { clock, history, states, polls, activity, follower };
}

test('only runs whose last known state is not final are shown running', () => {
  assert.equal(isShownRunning({ state: 'RUNNING' }), true);
  assert.equal(isShownRunning({ state: 'QUEUED' }), true);
  assert.equal(isShownRunning({ state: 'DONE' }), false);
  assert.equal(isShownRunning({ state: 'TERMINATED' }), false);
  assert.equal(isShownRunning({ state: undefined }), false);
});

test('a run shown running is polled at 5 s, then slower, and its record ends DONE; then polling stops', async () => {
  const h = harness([record('r1', 'RUNNING'), record('old', undefined), record('d1', 'DONE')]);
  assert.equal(h.follower.isFollowing('r1'), true);
  assert.equal(h.follower.isFollowing('old'), false);
  await h.clock.advance(4_900);
  assert.deepEqual(h.polls, []);
  await h.clock.advance(200);
  assert.deepEqual(h.polls, ['r1']);
  // Nothing changed: the next poll waits 7.5 s, not 5 s.
  await h.clock.advance(7_000);
  assert.deepEqual(h.polls, ['r1']);
  await h.clock.advance(600);
  assert.deepEqual(h.polls, ['r1', 'r1']);
  h.states.set('r1', 'DONE');
  await h.clock.advance(12_000);
  assert.equal(h.history.get('r1')?.state, 'DONE');
  assert.equal(h.history.get('r1')?.finishedTs, '2026-12-05T10:00:00Z');
  const count = h.polls.length;
  await h.clock.advance(120_000);
  assert.equal(h.polls.length, count);
  assert.equal(h.follower.isFollowing('r1'), false);
  h.follower.dispose();
});

test('nothing is polled while inactive; once active the run is polled', async () => {
  const h = harness([record('r1', 'RUNNING')]);
  h.activity.active = false;
  await h.clock.advance(60_000);
  assert.deepEqual(h.polls, []);
  h.activity.active = true;
  h.follower.activityChanged();
  await h.clock.advance(100);
  assert.deepEqual(h.polls, ['r1']);
  h.follower.dispose();
});

test('a run recorded as running later is followed; one Gumloop no longer knows is given up until the key or settings change', async () => {
  const h = harness([]);
  h.states.set('gone', new GumloopError('not-found', 'no such run'));
  await h.history.record(record('gone', 'RUNNING'));
  await h.clock.advance(5_100);
  assert.deepEqual(h.polls, ['gone']);
  await h.history.record(record('r2', 'QUEUED'));
  await h.clock.advance(60_000);
  assert.equal(h.polls.filter((id) => id === 'gone').length, 1);
  assert.ok(h.polls.includes('r2'));
  // A new key or settings: asked about once more.
  h.follower.retryGivenUp();
  await h.clock.advance(5_100);
  assert.equal(h.polls.filter((id) => id === 'gone').length, 2);
  h.follower.dispose();
});
