// The request budget's per-second cap on its own: the gap between starts is set to nothing, so only
// the sliding window can keep the rate at the documented 4 requests a second (raising the default
// cap fails here; with the 275 ms gap on, the gap alone would hide it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestBudget } from '../../src/remote/requestBudget';
import { ManualClock } from '../support/manualClock';

/** The largest number of `times` inside any window of `windowMs`. */
function busiest(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((from) => times.filter((at) => at >= from && at < from + windowMs).length));
}

test('without the gap, the default cap lets exactly 4 requests start in any second, and the rest wait for the window to slide', async () => {
  const clock = new ManualClock(0);
  const budget = new RequestBudget({ clock, minGapMs: 0 });
  const starts: number[] = [];
  const all = Array.from({ length: 12 }, () => budget.run(async () => void starts.push(clock.now()), 'poll'));
  await clock.advance(5_000);
  await Promise.all(all);
  assert.equal(starts.length, 12);
  // A burst of four at once, then four more a second later: the cap, not a lower one, and not more.
  assert.deepEqual(starts.slice(0, 4), [0, 0, 0, 0]);
  assert.equal(starts[4], 1_000);
  assert.equal(busiest(starts, 1_000), 4);
  budget.dispose();
});

test('the cap counts a request from its answer: a slow answer keeps its place in the window longer', async () => {
  const clock = new ManualClock(0);
  const budget = new RequestBudget({ clock, minGapMs: 0 });
  const starts: number[] = [];
  const slow = Array.from({ length: 4 }, () => budget.run(() => clock.sleep(500).then(() => void starts.push(clock.now())), 'poll'));
  const next = budget.run(async () => void starts.push(clock.now()), 'poll');
  await clock.advance(3_000);
  await Promise.all([...slow, next]);
  // Answered at 500 ms, so the fifth may start only at 1500 ms.
  assert.deepEqual(starts, [500, 500, 500, 500, 1_500]);
  budget.dispose();
});
