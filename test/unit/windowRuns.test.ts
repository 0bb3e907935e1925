// The runs this window follows: counted while they run, said once when they end (not when someone
// else holds the voice), and the words of the status bar and the done notification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunInfo } from '../../src/gumloop/types';
import { RunMonitor } from '../../src/remote/runMonitor';
import { doneMessage, statusText, WindowRuns, type RunEnd } from '../../src/remote/windowRuns';
import { ManualClock } from '../support/manualClock';

function harness() {
  const clock = new ManualClock(0);
  const states = new Map<string, RunInfo>();
  let requests = 0;
  const monitor = new RunMonitor({
    clock,
    getRun: async (runId) => {
      requests++;
      return states.get(runId) ?? { userId: 'u', state: 'RUNNING', log: [], outputs: {} };
    },
  });
  const runs = new WindowRuns(monitor, clock);
  const ends: RunEnd[] = [];
  runs.onDidEnd((end) => ends.push(end));
  return { clock, states, monitor, runs, ends, requests: () => requests };
}

test('runs are counted while they run and said once when they end; a held voice keeps the notification quiet', async () => {
  const h = harness();
  h.runs.add('r1', { flowName: 'Weekly report', flowId: 'f1' });
  h.runs.add('r2', { flowName: 'Digest' });
  const voice = h.runs.holdVoice('r2');
  await h.clock.advance(100);
  assert.equal(statusText(h.runs.running()), '$(sync~spin) 2 Gumloop runs');
  h.states.set('r1', { userId: 'u', state: 'DONE', log: [], outputs: { file: 'out/report.csv' } });
  h.states.set('r2', { userId: 'u', state: 'FAILED', log: ['Node failed: boom'], outputs: {} });
  await h.clock.advance(60_000);
  voice.dispose();
  assert.deepEqual(
    h.ends.map((end) => [end.runId, end.phase, end.voicedElsewhere]),
    [
      ['r1', 'done', false],
      ['r2', 'failed', true],
    ],
  );
  assert.equal(statusText(h.runs.running()), undefined);
  const polled = h.requests();
  await h.clock.advance(120_000);
  assert.equal(h.requests(), polled, 'ended runs cost nothing more');
});

test('one run in the status bar is named; a run marked Download When Done speaks through its download', async () => {
  const h = harness();
  h.runs.add('r1', { flowName: 'Weekly\u001b[31m report', whenDone: true });
  await h.clock.advance(100);
  assert.equal(statusText(h.runs.running()), '$(sync~spin) Gumloop: “Weekly report” running', 'the name is cleaned of control sequences');
  h.states.set('r1', { userId: 'u', state: 'DONE', log: [], outputs: {} });
  await h.clock.advance(60_000);
  assert.equal(h.ends.length, 1);
  assert.equal(h.ends[0].voicedElsewhere, true);
});

test('the status bar, the Flows view and a waiter on the same run cost one poll a tick', async () => {
  const h = harness();
  h.runs.add('r1', { flowName: 'A' });
  h.runs.add('r1', { whenDone: true });
  assert.equal(h.runs.running().length, 1);
  assert.equal(h.runs.get('r1')?.whenDone, true);
  await h.clock.advance(20_000);
  // The views' pace alone: at 0, 5 s, 12.5 s (nothing changes).
  assert.equal(h.requests(), 3);
  h.runs.dispose();
});

test('done, failed and stopped read as the issue says, in words and cleaned', () => {
  const done = doneMessage({ runId: 'r1', flowName: 'Weekly report', phase: 'done', run: { userId: 'u', state: 'DONE', log: [], outputs: { a: 'a.csv', b: 'b.pdf', c: 'c.txt' } } });
  assert.equal(done.text, '“Weekly report” is done: 3 files (run r1).');
  assert.deepEqual([done.kind, done.files.length], ['info', 3]);
  const failed = doneMessage({ runId: 'r2', flowName: 'Digest', phase: 'failed', run: { userId: 'u', state: 'FAILED', log: ['__system__: __NODE_FAILED__: Timeout \u001b[31mred'], outputs: {} } });
  assert.equal(failed.kind, 'error');
  assert.match(failed.text, /^“Digest” failed \(run r2\): Node failed: Timeout/);
  assert.doesNotMatch(failed.text, /\u001b/);
  const stopped = doneMessage({ runId: 'r3', phase: 'terminated', run: { userId: 'u', state: 'TERMINATED', log: [], outputs: {} } });
  assert.deepEqual([stopped.text, stopped.kind], ['A Gumloop run was stopped (run r3).', 'info']);
});
