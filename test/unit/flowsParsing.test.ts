// Parsing list_saved_items, list_workbooks and get_plrun_saved_item_map: the documented shapes, the
// undocumented ones Gumloop might send (bare lists, other keys, missing fields), wrong types as a
// clear invalid-response error, and the real client against the emulator.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isGumloopError } from '../../src/errors';
import { GumloopClient } from '../../src/gumloop/client';
import { listFlows, listWorkbooks, parseSavedItems, parseWorkbooks } from '../../src/gumloop/flows';
import { listRecentRuns, parseRunHistory } from '../../src/gumloop/runHistory';
import { isLive, runPhase } from '../../src/remote/runState';
import { DEMO } from '../emulator/server';
import { withEmulator } from '../support/emulatorFixture';

const json = (value: unknown): string => JSON.stringify(value);

function assertInvalid(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(isGumloopError(error, 'invalid-response'), `an invalid-response GumloopError, got ${String(error)}`);
    assert.match(error.message, message);
    assert.match(error.message, /Check the base URL setting/);
    return true;
  });
}

void describe('list_saved_items', () => {
  void test('the documented shape', () => {
    const flows = parseSavedItems(json({ saved_items: [{ saved_item_id: 'f1', name: 'Report', description: 'Makes it', created_ts: '2023-11-07T05:31:56Z' }] }));
    assert.deepEqual(flows, [{ savedItemId: 'f1', name: 'Report', description: 'Makes it', createdTs: '2023-11-07T05:31:56Z' }]);
  });

  void test('a bare list, unknown fields ignored, missing optional fields unknown, the id as the name', () => {
    const flows = parseSavedItems(json([{ saved_item_id: 'f1', extra: { nested: true } }, { saved_item_id: 'f2', name: 'Two', description: null, created_ts: 17 }]));
    assert.deepEqual(flows, [
      { savedItemId: 'f1', name: 'f1', description: undefined, createdTs: undefined },
      { savedItemId: 'f2', name: 'Two', description: undefined, createdTs: undefined },
    ]);
  });

  void test('no saved_items, null, or an empty list: no flows', () => {
    assert.deepEqual(parseSavedItems(json({})), []);
    assert.deepEqual(parseSavedItems(json({ saved_items: null })), []);
    assert.deepEqual(parseSavedItems(json({ saved_items: [] })), []);
  });

  void test('items without an id are skipped; a list of nothing usable is an error', () => {
    assert.deepEqual(parseSavedItems(json({ saved_items: [{ name: 'no id' }, 'text', { saved_item_id: 'f1' }] })).map((flow) => flow.savedItemId), ['f1']);
    assertInvalid(() => parseSavedItems(json({ saved_items: [{ name: 'no id' }, 3] })), /no saved_item_id/);
  });

  void test('wrong types are a clear error, never a crash', () => {
    assertInvalid(() => parseSavedItems('<html>'), /not JSON/);
    assertInvalid(() => parseSavedItems(json('flows')), /a string where an object with “saved_items” was expected/);
    assertInvalid(() => parseSavedItems(json(null)), /null where an object/);
    assertInvalid(() => parseSavedItems(json({ saved_items: { f1: {} } })), /“saved_items” as an object, not a list/);
  });
});

void describe('list_workbooks', () => {
  void test('workbooks with their flows, tolerant the same way', () => {
    const workbooks = parseWorkbooks(
      json({ workbooks: [{ workbook_id: 'w1', name: 'Finance', saved_items: [{ saved_item_id: 'f1', name: 'Report' }] }, { workbook_id: 'w2' }, { name: 'no id' }] }),
    );
    assert.deepEqual(
      workbooks.map((workbook) => [workbook.workbookId, workbook.name, workbook.flows.map((flow) => flow.savedItemId)]),
      [
        ['w1', 'Finance', ['f1']],
        ['w2', 'w2', []],
      ],
    );
    assertInvalid(() => parseWorkbooks(json({ workbooks: 'none' })), /“workbooks” as a string/);
  });
});

void describe('get_plrun_saved_item_map', () => {
  const run = (id: string, created: string, extra: Record<string, unknown> = {}) => ({ run_id: id, state: 'DONE', created_ts: created, finished_ts: created, ...extra });

  void test('the documented map, newest first', () => {
    const runs = parseRunHistory(json({ f1: [run('old', '2026-01-01T00:00:00Z'), run('new', '2026-02-01T00:00:00Z', { state: 'RUNNING', finished_ts: null })] }), 'f1');
    assert.deepEqual(runs, [
      { runId: 'new', state: 'RUNNING', createdTs: '2026-02-01T00:00:00Z', finishedTs: null, savedItemId: undefined },
      { runId: 'old', state: 'DONE', createdTs: '2026-01-01T00:00:00Z', finishedTs: '2026-01-01T00:00:00Z', savedItemId: undefined },
    ]);
  });

  void test('a bare list, and a map keyed otherwise (all its lists are taken; other flows filtered out)', () => {
    assert.deepEqual(parseRunHistory(json([run('a', '2026-01-01T00:00:00Z')]), 'f1').map((r) => r.runId), ['a']);
    const wrapped = { runs: [run('a', '2026-01-01T00:00:00Z', { saved_item_id: 'f1' }), run('b', '2026-01-02T00:00:00Z', { saved_item_id: 'other' })], total: 2 };
    assert.deepEqual(parseRunHistory(json(wrapped), 'f1').map((r) => r.runId), ['a']);
    assert.deepEqual(parseRunHistory(json({}), 'f1'), []);
    assert.deepEqual(parseRunHistory(json({ f1: null }), 'f1'), []);
  });

  void test('missing optional fields are unknown, unknown fields ignored, runs without a time keep their order last', () => {
    const runs = parseRunHistory(json({ f1: [{ run_id: 'x' }, { run_id: 'y', credit_cost: 3, outputs: {} }, run('z', '2026-01-01T00:00:00Z'), { state: 'DONE' }] }), 'f1');
    assert.deepEqual(runs.map((r) => r.runId), ['z', 'x', 'y']);
    assert.deepEqual(runs[1], { runId: 'x', state: undefined, createdTs: undefined, finishedTs: undefined, savedItemId: undefined });
    assert.equal(runPhase(runs[1].state), 'unknown');
    assert.ok(isLive(runs[1].state), 'an unknown state is polled, like the SDKs do');
  });

  void test('wrong types are a clear error, never a crash', () => {
    assertInvalid(() => parseRunHistory('not json', 'f1'), /not JSON/);
    assertInvalid(() => parseRunHistory(json('runs'), 'f1'), /a string where a map of runs was expected/);
    assertInvalid(() => parseRunHistory(json(42), 'f1'), /a number where a map/);
    assertInvalid(() => parseRunHistory(json({ f1: { run_id: 'a' } }), 'f1'), /the runs of this flow as an object, not a list/);
    assertInvalid(() => parseRunHistory(json({ f1: [1, 'two', { state: 'DONE' }] }), 'f1'), /no run_id/);
  });

  void test('state mapping: every documented state, STARTED, case and unknown values', () => {
    const states = ['QUEUED', 'STARTED', 'RUNNING', 'TERMINATING', 'DONE', 'FAILED', 'TERMINATED', 'done', 'PAUSED'];
    const runs = parseRunHistory(json({ f1: states.map((state, index) => ({ run_id: `r${index}`, state })) }), 'f1');
    assert.deepEqual(runs.map((r) => runPhase(r.state)), ['queued', 'running', 'running', 'terminating', 'done', 'failed', 'terminated', 'done', 'unknown']);
  });
});

void describe('against the emulator', () => {
  const emu = withEmulator({ before, after });
  const client = (userId: string = DEMO.userId, projectId?: string): GumloopClient =>
    new GumloopClient({ credentials: { apiKey: DEMO.apiKey, authMode: 'personal', userId, projectId }, baseUrl: emu.get().baseUrl, retry: { retries: 0 } });

  void test('flows, workbooks and recent runs of the demo account, one request each', async () => {
    const c = client();
    emu.get().clearRequests();
    const flows = await listFlows(c);
    assert.equal(flows[0].name, 'Quarterly sales report');
    assert.ok(flows.every((flow) => flow.savedItemId !== DEMO.flows.otherUsers && flow.savedItemId !== DEMO.flows.projectNotes));
    const workbooks = await listWorkbooks(c);
    assert.deepEqual(workbooks.map((workbook) => workbook.name), ['Finance', 'Operations']);
    const runs = await listRecentRuns(c, DEMO.flows.sales);
    assert.deepEqual(runs.map((r) => [r.runId, r.state]), [
      [DEMO.runs.queued, 'QUEUED'],
      [DEMO.runs.report, 'DONE'],
      [DEMO.runs.olderReport, 'DONE'],
    ]);
    assert.deepEqual(emu.get().requestCounts(), { 'GET /list_saved_items': 1, 'GET /list_workbooks': 1, 'GET /get_plrun_saved_item_map': 1 });
    const project = await listFlows(client(DEMO.userId, DEMO.projectId));
    assert.deepEqual(project.map((flow) => flow.savedItemId), [DEMO.flows.projectNotes]);
    await c.close();
  });

  void test('a 404 names the flow; a 403 says to check the user ID; a wrong body is invalid-response', async () => {
    const c = client();
    await assert.rejects(listRecentRuns(c, DEMO.flows.otherUsers, { flowName: 'Theirs' }), (error: unknown) => isGumloopError(error, 'not-found') && /Flow “Theirs” was not found/.test(error.message));
    await assert.rejects(listFlows(client(DEMO.otherUserId)), (error: unknown) => isGumloopError(error, 'forbidden') && /Check the user ID/.test(error.message));
    emu.get().setFaultFor({ endpoint: 'get_plrun_saved_item_map', subject: DEMO.flows.sales }, { type: 'body', body: 'oops' });
    await assert.rejects(listRecentRuns(c, DEMO.flows.sales), (error: unknown) => isGumloopError(error, 'invalid-response'));
    emu.get().setFaultFor({ endpoint: 'get_plrun_saved_item_map', subject: DEMO.flows.sales }, undefined);
    await c.close();
  });
});
