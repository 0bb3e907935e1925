import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_FILES_PER_RUN, RunHistory, namesFound, type RunRecord, type HistoryChange } from '../../src/runs/history';

function memory(initial?: unknown) {
  const store = { value: initial, writes: 0 };
  return { store, storage: { get: () => store.value, set: async (records: RunRecord[]) => void ((store.value = records), store.writes++) } };
}

const record = (runId: string, extra: Partial<RunRecord> = {}): RunRecord => ({ runId, fileNames: ['a.csv'], files: ['a.csv'], destination: `/ws/${runId}`, downloadedAt: 1, ...extra });

test('records most recent first, capped, and persisted', async () => {
  const { store, storage } = memory();
  const history = new RunHistory(storage, 3);
  for (const id of ['r1', 'r2', 'r3', 'r4']) await history.record(record(id));
  assert.deepEqual(history.all().map((r) => r.runId), ['r4', 'r3', 'r2']);
  assert.deepEqual((store.value as RunRecord[]).map((r) => r.runId), ['r4', 'r3', 'r2']);
  await history.record(record('r2'));
  assert.deepEqual(history.all().map((r) => r.runId), ['r2', 'r4', 'r3']);
  const reloaded = new RunHistory(storage, 2);
  assert.deepEqual(reloaded.all().map((r) => r.runId), ['r2', 'r4']);
});

test('a repeated download merges names and files into the same destination', async () => {
  const history = new RunHistory(memory().storage, 10);
  await history.record(record('r1', { fileNames: ['a.csv'], files: ['a.csv'] }));
  await history.record(record('r1', { fileNames: ['b.csv'], files: ['b.csv'] }));
  assert.deepEqual(history.get('r1')?.fileNames, ['b.csv', 'a.csv']);
  assert.deepEqual(history.knownFileNames('r1'), ['b.csv', 'a.csv']);
  assert.deepEqual(history.get('r1')?.files, ['b.csv', 'a.csv']);
});

test('events say which run changed: one run for updates, the list for adds and removes', async () => {
  const history = new RunHistory(memory().storage, 10);
  const events: HistoryChange[] = [];
  history.onDidChange((change) => events.push(change));
  await history.record(record('r1'));
  await history.update('r1', { state: 'DONE' });
  await history.update('unknown', { state: 'DONE' });
  await history.remove('r1');
  await history.remove('r1');
  assert.deepEqual(events, [{}, { runId: 'r1' }, {}]);
  assert.equal(history.all().length, 0);
});

test('ignores malformed stored data and can shrink its cap', async () => {
  const history = new RunHistory(memory([null, 3, { runId: 'ok', destination: '/x', files: ['a', 7] }, { runId: 5 }]).storage, 10);
  assert.deepEqual(history.all().map((r) => r.runId), ['ok']);
  assert.deepEqual(history.get('ok')?.files, ['a']);
  await history.record(record('r2'));
  await history.setMaxRuns(1);
  assert.deepEqual(history.all().map((r) => r.runId), ['r2']);
  await history.clear();
  assert.equal(history.all().length, 0);
});

test('names the run lacked are not remembered for Download Again', async () => {
  assert.deepEqual(namesFound(['nope.csv', 'summary.json'], ['nope.csv']), ['summary.json']);
  const history = new RunHistory(memory().storage, 10);
  await history.record(record('r1', { fileNames: namesFound(['nope.csv', 'a.csv'], ['nope.csv']) }));
  assert.deepEqual(history.knownFileNames('r1'), ['a.csv']);
});

test('more names than a record keeps: none are kept, so Download Again asks instead of taking the first 1,000', async () => {
  const history = new RunHistory(memory().storage, 10);
  const names = Array.from({ length: MAX_FILES_PER_RUN + 1 }, (_, i) => `part-${i}.csv`);
  await history.record(record('r1', { fileNames: names, files: names }));
  assert.deepEqual(history.get('r1')?.fileNames, []);
  assert.equal(history.get('r1')?.fileCount, MAX_FILES_PER_RUN + 1);
  await history.record(record('r2', { fileNames: names.slice(0, MAX_FILES_PER_RUN) }));
  assert.equal(history.get('r2')?.fileNames.length, MAX_FILES_PER_RUN);
});

test('Undo puts a removed run back where it was', async () => {
  const history = new RunHistory(memory().storage, 10);
  for (const id of ['r3', 'r2', 'r1']) await history.record(record(id));
  const removed = history.get('r2');
  assert.ok(removed);
  await history.remove('r2');
  await history.restore(removed, 1);
  assert.deepEqual(history.all().map((r) => r.runId), ['r1', 'r2', 'r3']);
  await history.restore(record('r1', { downloadedAt: 99 }), 2);
  assert.equal(history.get('r1')?.downloadedAt, 1, 'a run present again is left as it is');
});

test('a run recorded as not downloaded (Run Flow) is downloaded once any download records it, and stays so after reload', async () => {
  const { storage } = memory();
  const history = new RunHistory(storage, 10);
  await history.record(record('r1', { files: [], fileNames: [], notDownloaded: true, state: 'RUNNING' }));
  assert.equal(new RunHistory(storage, 10).get('r1')?.notDownloaded, true);
  await history.update('r1', { state: 'DONE' });
  assert.equal(history.get('r1')?.notDownloaded, true, 'a state change is not a download');
  await history.record(record('r1'));
  assert.equal(history.get('r1')?.notDownloaded, undefined);
  assert.equal(new RunHistory(storage, 10).get('r1')?.notDownloaded, undefined);
});

test('the inputs Run Flow started a run with stay through state updates, a later download and a reload; malformed ones are dropped', async () => {
  const { store, storage } = memory();
  const history = new RunHistory(storage, 10);
  const inputs = [
    { name: 'quarter', value: 'Q3' },
    { name: 'orders_sheet', value: 'orders.csv', file: 'data/orders.csv', source: { uri: 'file:///ws/data/orders.csv', size: 18, mtime: 1_764_900_000_000 } },
  ];
  await history.record(record('r1', { fileNames: [], files: [], notDownloaded: true, inputs }));
  await history.update('r1', { state: 'DONE', finishedTs: '2026-12-05T10:00:00Z' });
  await history.record(record('r1'));
  assert.deepEqual(history.get('r1')?.inputs, inputs);
  assert.deepEqual(new RunHistory(storage, 10).get('r1')?.inputs, inputs);
  const stored = store.value as Record<string, unknown>[];
  store.value = [{ ...stored[0], inputs: [{ name: 'ok', value: 'v', file: 7 }, { name: 'no value' }, 'junk', null, { name: 'f', value: 'a.txt', file: 'a.txt', source: { uri: 'file:///a.txt', size: '3' } }] }, { ...stored[0], runId: 'r2', inputs: 'junk' }];
  const reloaded = new RunHistory(storage, 10);
  // A malformed source is dropped: Run Again then has nothing to compare and reuses the uploaded name.
  assert.deepEqual(reloaded.get('r1')?.inputs, [{ name: 'ok', value: 'v' }, { name: 'f', value: 'a.txt', file: 'a.txt' }]);
  assert.equal(reloaded.get('r2')?.inputs, undefined);
});
