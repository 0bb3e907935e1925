import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cancelledError } from '../../src/errors';
import type { RunInfo } from '../../src/gumloop/types';
import { DownloadWhenDone, whenDoneMessage, type WhenDoneMark, type WhenDoneMarks } from '../../src/views/downloadWhenDone';
import { FakeClock } from '../support/fakeClock';
import { settle } from '../support/manualClock';

const run = (state: string, outputs: Record<string, unknown> = {}): RunInfo => ({ userId: 'u', state, outputs, log: [`state ${state}`] });

/** The file the extension keeps the marks in, shared by the "windows" of one test. */
function memoryMarks(initial: unknown = []): WhenDoneMarks & { saved: WhenDoneMark[] } {
  const box = { saved: initial as WhenDoneMark[] };
  return Object.assign(box, {
    get: () => box.saved,
    update: async (change: (stored: unknown) => WhenDoneMark[]) => {
      box.saved = change(box.saved);
    },
  });
}

/** One window's Download When Done, recording what it did. */
function window(marks: WhenDoneMarks, getRun: (runId: string, options: { signal?: AbortSignal }) => Promise<RunInfo>) {
  const record = { downloads: [] as { runId: string; flowId?: string; names: string[] }[], notices: [] as string[], armed: [] as string[], flowNames: [] as string[] };
  const waiters = new DownloadWhenDone({
    getRun,
    onArmed: (mark) => record.armed.push(mark.runId),
    download: async (runId, flowId, info, flowName) => {
      record.downloads.push({ runId, flowId, names: Object.keys(info.outputs) });
      if (flowName) record.flowNames.push(flowName);
    },
    notify: (message) => void record.notices.push(message),
    onChange: () => undefined,
    log: () => undefined,
    marks,
    clock: new FakeClock(),
  });
  return { waiters, record };
}

/** A getRun that answers RUNNING until the wait is aborted, as a long run would. */
function neverFinishes(calls: { count: number }) {
  return (_runId: string, options: { signal?: AbortSignal }) =>
    new Promise<RunInfo>((resolve, reject) => {
      calls.count++;
      if (calls.count === 1) return resolve(run('RUNNING'));
      options.signal?.addEventListener('abort', () => reject(cancelledError()), { once: true });
    });
}

test('a marked run is remembered while it runs, downloaded when DONE, then forgotten', async () => {
  const marks = memoryMarks();
  const answers = [run('RUNNING'), run('RUNNING'), run('DONE', { 'report.csv': 'report.csv' })];
  let call = 0;
  const { waiters, record } = window(marks, async () => {
    const answer = answers[Math.min(call++, answers.length - 1)];
    if (call === 1) assert.deepEqual(marks.saved, [{ runId: 'r1', flowId: 'f1', flowName: 'Weekly report' }], 'remembered before the first poll');
    return answer;
  });
  await waiters.start('r1', 'f1', 'Weekly report');
  assert.deepEqual(record.downloads, [{ runId: 'r1', flowId: 'f1', names: ['report.csv'] }]);
  assert.deepEqual(marks.saved, []);
  assert.equal(waiters.isWatched('r1'), false);
  assert.deepEqual(record.armed, ['r1'], 'the status bar and done notifications hear of the mark');
});

test('a window closed while waiting keeps the mark, and the next window downloads the run when it is done', async () => {
  const marks = memoryMarks();
  const calls = { count: 0 };
  const first = window(marks, neverFinishes(calls));
  const waiting = first.waiters.start('r2', 'f1', 'Weekly report');
  while (calls.count < 2) await settle();
  first.waiters.dispose();
  await waiting;
  assert.deepEqual(first.record.downloads, []);
  assert.deepEqual(first.record.notices, [], 'closing the window is not an error');
  assert.deepEqual(marks.saved, [{ runId: 'r2', flowId: 'f1', flowName: 'Weekly report' }], 'the mark outlives the window');

  const second = window(marks, async () => run('DONE', { 'out.csv': 'out.csv' }));
  await second.waiters.resume();
  assert.deepEqual(second.record.downloads, [{ runId: 'r2', flowId: 'f1', names: ['out.csv'] }]);
  assert.deepEqual(second.record.flowNames, ['Weekly report'], 'the flow name comes from the mark, for Recent Runs');
  assert.deepEqual(marks.saved, []);
});

test('Cancel forgets the mark; a run that fails says so and is forgotten; odd stored marks are ignored', async () => {
  const marks = memoryMarks();
  const calls = { count: 0 };
  const cancelled = window(marks, neverFinishes(calls));
  const waiting = cancelled.waiters.start('r3', undefined);
  while (calls.count < 2) await settle();
  cancelled.waiters.cancel('r3');
  await waiting;
  assert.deepEqual(marks.saved, []);
  assert.deepEqual(cancelled.record.downloads, []);

  const stored = memoryMarks([{ runId: 'r4', flowName: 'Scraper' }, { runId: 7 }, null, 'r5', { runId: '' }]);
  const failed = window(stored, async () => run('FAILED'));
  await failed.waiters.resume();
  assert.deepEqual(failed.record.downloads, []);
  assert.equal(failed.record.notices.length, 1);
  assert.match(failed.record.notices[0], /“Scraper” r4 failed, so nothing was downloaded/);
  assert.ok(!stored.saved.some((mark) => mark?.runId === 'r4'), 'the finished run is forgotten');
});

/** A getRun whose answer the test releases; like the real one, it gives up when the wait is aborted. */
function heldAnswers() {
  const pending: ((info: RunInfo) => void)[] = [];
  return {
    release: (info: RunInfo) => pending.splice(0).forEach((resolve) => resolve(info)),
    getRun: (_runId: string, options: { signal?: AbortSignal }) =>
      new Promise<RunInfo>((resolve, reject) => {
        pending.push(resolve);
        options.signal?.addEventListener('abort', () => reject(cancelledError()), { once: true });
      }),
  };
}

test('marking twice in a row leaves one wait and one download; an answer that lands after Cancel downloads nothing', async () => {
  const marks = memoryMarks();
  const twice = heldAnswers();
  const { waiters, record } = window(marks, twice.getRun);
  const first = waiters.start('r6', 'f1');
  const second = waiters.start('r6', 'f1');
  await settle();
  twice.release(run('DONE', { 'a.txt': 'a.txt' }));
  await Promise.all([first, second]);
  assert.equal(record.downloads.length, 1, 'the first wait was replaced, not left running beside the second');

  // Gumloop's answer already on its way when the user cancels: resolved, not rejected, by the abort.
  let answer: (info: RunInfo) => void = () => undefined;
  const late = window(marks, () => new Promise<RunInfo>((resolve) => (answer = resolve)));
  const waiting = late.waiters.start('r7', undefined);
  await settle();
  late.waiters.cancel('r7');
  answer(run('DONE', { 'b.txt': 'b.txt' }));
  await waiting;
  assert.deepEqual(late.record.downloads, []);
  assert.deepEqual(marks.saved, []);
});

test('the mark is dropped after the download, not before; a mark that cannot be saved still waits', async () => {
  const marks = memoryMarks();
  let duringDownload: WhenDoneMark[] = [];
  const { waiters } = window(marks, async () => run('DONE'));
  (waiters as unknown as { options: { download: () => Promise<void> } }).options.download = async () => {
    duringDownload = [...marks.saved];
  };
  await waiters.start('r8', 'f2', 'Scraper');
  assert.deepEqual(duringDownload.map((mark) => mark.runId), ['r8'], 'a window closed mid-download would resume it');
  assert.deepEqual(marks.saved, []);

  const broken: WhenDoneMarks = { get: () => [], update: async () => Promise.reject(new Error('ENOSPC: no space left on device')) };
  const unsaved = window(broken, async () => run('DONE', { 'c.txt': 'c.txt' }));
  await unsaved.waiters.start('r9', undefined);
  assert.equal(unsaved.record.downloads.length, 1);
});

test('arming says which run and where its files will go (the folder is named when it is known)', () => {
  assert.equal(whenDoneMessage('R1', 'gumloop/R1'), 'Gumloop will download run R1’s files into gumloop/R1/ when it is done.');
  assert.equal(whenDoneMessage('R1', undefined), 'Gumloop will download run R1’s files when it is done.');
});
