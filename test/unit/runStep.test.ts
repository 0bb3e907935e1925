import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastLogLines, plainLogLine } from '../../src/remote/runLog';
import { stepForRun, unknownRunMessage, waitText } from '../../src/ui/runStep';

test('a finished run goes on to the file names', () => {
  assert.deepEqual(stepForRun('R', { state: 'DONE', log: [] }), { kind: 'download' });
});

test('a running or queued run offers to wait; so does an unknown state', () => {
  for (const state of ['RUNNING', 'QUEUED', 'STARTED', 'TERMINATING', 'PAUSED']) {
    const step = stepForRun('R5', { state, log: [] });
    assert.equal(step.kind, 'offer-wait', state);
    assert.match(step.kind === 'offer-wait' ? step.message : '', /^Run R5 is still .*Download them when it is done\?$/);
  }
});

test('a failed or stopped run says why, with its last log lines', () => {
  const log = ['one', '', 'two', '\u001b[31mthree\u001b[0m', 'four', 'five', 'six'];
  const step = stepForRun('F2', { state: 'FAILED', log });
  assert.equal(step.kind, 'offer-partial');
  if (step.kind !== 'offer-partial') return;
  assert.equal(step.message, 'Run F2 failed: its files may be missing or incomplete.');
  assert.equal(step.detail, 'Last lines of its log:\ntwo\nthree\nfour\nfive\nsix');
  const stopped = stepForRun('T', { state: 'TERMINATED', log: [] });
  assert.equal(stopped.kind === 'offer-partial' && stopped.detail, 'Its log is empty.');
  assert.deepEqual(lastLogLines(['a', 'b'], 5), ['a', 'b']);
  assert.deepEqual(lastLogLines(['a', '', '\u001b[31mb\u001b[0m  ', '   '], 5), ['a', 'b']);
  assert.equal(plainLogLine('\u001b[34m__system__\u001b[0m\u0007 \u001b]8;;https://x\u0007link\u001b]8;;\u0007'), '__system__ link');
});

test('waiting text and unknown-run text', () => {
  assert.equal(waitText('running', 'RUNNING', 3_000), 'Run is running · waiting 0:03');
  assert.equal(waitText('unknown', 'PAUSED', 0), 'Run is state “PAUSED” · waiting 0:00');
  // A wait without a limit keeps trying through trouble, and says so instead of looking stuck.
  assert.equal(waitText('running', 'RUNNING', 65_000, 'Gumloop answered 503 for the last 40 s'), 'Run is running · waiting 1:05 · Gumloop answered 503 for the last 40 s; still trying');
  assert.match(unknownRunMessage('X1', { userId: 'u' }), /^Gumloop has no run “X1” for user “u” \(404\)\. Check the run ID/);
  assert.match(unknownRunMessage('X1', { userId: 'u', projectId: 'p' }), /for project “p”/);
});
