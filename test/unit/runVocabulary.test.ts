// One word per run state, and every place that names a state uses it: the Flows and Recent Runs rows,
// Run Flow's progress and Download Run Files' messages read the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLogText } from '../../src/remote/runLog';
import { progressMessage } from '../../src/remote/runProgress';
import { describePhase, phaseWord, runPhase, stateWord } from '../../src/remote/runState';
import { stepForRun } from '../../src/ui/runStep';
import { presentRemoteRun } from '../../src/ui/flowsPresentation';
import { presentRun } from '../../src/ui/runPresentation';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const GUMLOOP_STATES = ['QUEUED', 'STARTED', 'RUNNING', 'TERMINATING', 'DONE', 'FAILED', 'TERMINATED'];

test('every documented state has one word; STARTED reads as Running; case and blanks are forgiven', () => {
  assert.deepEqual(GUMLOOP_STATES.map(stateWord), ['Queued', 'Running', 'Running', 'Stopping', 'Done', 'Failed', 'Stopped']);
  assert.equal(stateWord(' failed '), 'Failed');
  assert.equal(stateWord('PAUSED'), 'PAUSED', 'an undocumented state is shown as Gumloop sent it');
  assert.equal(stateWord('\u001b[31mPAUSED\u001b[0m'), 'PAUSED', 'cleaned like any text from Gumloop');
  assert.equal(stateWord(undefined), 'Unknown');
  assert.equal(stateWord('  '), 'Unknown');
});

test('inside a sentence the same word, in lower case', () => {
  for (const state of GUMLOOP_STATES) assert.equal(describePhase(runPhase(state)), stateWord(state).toLowerCase());
  assert.equal(phaseWord('terminated'), 'Stopped');
});

test('the Flows view, Recent Runs and Run Flow’s progress use the word, never Gumloop’s capitals', () => {
  for (const state of GUMLOOP_STATES) {
    const word = stateWord(state);
    const flowsRow = presentRemoteRun({ runId: 'R1', flowId: 'f', state, createdTs: '2026-11-27T11:58:00Z', finishedTs: null, downloadWhenDone: false }, NOW);
    assert.ok(flowsRow.description?.startsWith(word), `Flows row for ${state}: ${flowsRow.description}`);
    assert.match(flowsRow.tooltip(), new RegExp(`State: ${word}`));
    const recentRow = presentRun({ runId: 'R1', fileNames: [], files: [], destination: '/d', downloadedAt: NOW, state }, NOW, true);
    assert.ok(recentRow.description.startsWith(word), `Recent Runs row for ${state}: ${recentRow.description}`);
    assert.ok(progressMessage(runPhase(state), state, 0, undefined).startsWith(`${word} · `));
    if (state !== 'STARTED') assert.ok(!flowsRow.description?.includes(state) && !recentRow.description.includes(state), `no raw ${state}`);
    // And the same icon: a queued run was a clock in Recent Runs and a yellow spinner in Flows.
    assert.deepEqual(recentRow.icon, flowsRow.icon, `icon for ${state}`);
  }
});

test('Download Run Files says a failed or stopped run in the same words', () => {
  const failed = stepForRun('R9', { state: 'FAILED', log: [] });
  assert.equal(failed.kind === 'offer-partial' && failed.message, 'Run R9 failed: its files may be missing or incomplete.');
  const stopped = stepForRun('R9', { state: 'TERMINATED', log: [] });
  assert.match(stopped.kind === 'offer-partial' ? stopped.message : '', /^Run R9 stopped before it finished/);
  const waiting = stepForRun('R9', { state: 'TERMINATING', log: [] });
  assert.match(waiting.kind === 'offer-wait' ? waiting.message : '', /^Run R9 is still stopping:/);
});

test('Show Run Log’s document heads the log with the run and its state in words', () => {
  assert.equal(runLogText('R1', 'FAILED', ['\u001b[31mError: no rows\u001b[0m']), 'Run R1 · Failed\n\nError: no rows\n');
  assert.equal(runLogText('R1', 'QUEUED', []), 'Run R1 · Queued\n\n(the log is empty)\n');
});
