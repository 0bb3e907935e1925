// The pure pieces of Run Flow's watch: what its progress shows (remote/watchDisplay) and where the
// stop question's answer leads (remote/stopQuestion).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterStopQuestion } from '../../src/remote/stopQuestion';
import { WatchDisplay } from '../../src/remote/watchDisplay';

test('the progress shows the phase, the stopwatch and the latest log line; an empty log keeps the line shown before', () => {
  const shown = new WatchDisplay(1_000);
  assert.equal(shown.message(1_000), 'Queued · 0:00');
  shown.polled('running', { state: 'RUNNING', log: ['Reader: read 3 rows'] });
  assert.equal(shown.message(13_000), 'Running · 0:12 · Reader: read 3 rows');
  shown.polled('running', { state: 'RUNNING', log: [] });
  assert.equal(shown.message(14_000), 'Running · 0:13 · Reader: read 3 rows');
});

test('while polls fail the trouble replaces the log line, and the next answer clears it', () => {
  const shown = new WatchDisplay(0);
  shown.polled('running', { state: 'RUNNING', log: ['step 1'] });
  shown.troubled('Gumloop answered 502');
  assert.equal(shown.message(5_000), 'Running · 0:05 · Gumloop answered 502; still trying');
  shown.polled('running', { state: 'RUNNING', log: ['step 2'] });
  assert.equal(shown.message(6_000), 'Running · 0:06 · step 2');
});

test('the stop question: stop, only stop watching, or dismissed keeps watching', () => {
  assert.equal(afterStopQuestion('stop', false), 'stop the run');
  assert.equal(afterStopQuestion('watch-only', false), 'stop watching');
  assert.equal(afterStopQuestion(undefined, false), 'keep watching');
});

test('a run that ended while the question was open is not stopped: it shows how it ended, unless only watching was stopped', () => {
  assert.equal(afterStopQuestion('stop', true), 'ended');
  assert.equal(afterStopQuestion(undefined, true), 'ended');
  assert.equal(afterStopQuestion('watch-only', true), 'stop watching');
});
