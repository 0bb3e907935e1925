// The emulator's flow endpoints over real HTTP: list_saved_items, list_workbooks,
// get_plrun_saved_item_map, run lifecycles on a test-controlled clock, per-endpoint faults and
// request counts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addRun, DEMO, plannedLifecycle } from '../emulator/server';
import { CREDENTIALS_ECHO } from '../emulator/httpIo';
import { withEmulator } from '../support/emulatorFixture';

const PERSONAL = { authorization: `Bearer ${DEMO.apiKey}`, 'x-auth-key': DEMO.userId };
const OTHER_PERSONAL = { authorization: `Bearer ${DEMO.otherApiKey}`, 'x-auth-key': DEMO.otherUserId };
const OAUTH = { authorization: `Bearer ${DEMO.oauthToken}` };
const USER = { user_id: DEMO.userId };
const PROJECT = { project_id: DEMO.projectId };
const STARTED_AT = Date.parse('2026-11-27T08:00:00.000Z');

let nowMs = STARTED_AT;
const emu = withEmulator({ before, after }, { now: () => nowMs });

function get(endpoint: string, query: Record<string, string>, headers: Record<string, string> = PERSONAL): Promise<Response> {
  return fetch(`${emu.get().baseUrl}/${endpoint}?${new URLSearchParams(query)}`, { headers });
}

async function getJson(endpoint: string, query: Record<string, string>, headers: Record<string, string> = PERSONAL): Promise<unknown> {
  const response = await get(endpoint, query, headers);
  const body = (await response.json()) as unknown;
  assert.equal(response.status, 200, `expected 200, got ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

async function assertError(response: Response, status: number, message: RegExp): Promise<void> {
  const body = (await response.json()) as { error: string };
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${body.error}`);
  assert.match(body.error.replace(CREDENTIALS_ECHO, ''), message);
}

type RunRecord = { run_id: string; state: string; created_ts: string; finished_ts: string | null };

async function history(savedItemId: string, scope: Record<string, string> = USER): Promise<Record<string, RunRecord[]>> {
  return (await getJson('get_plrun_saved_item_map', { saved_item_id: savedItemId, ...scope })) as Record<string, RunRecord[]>;
}

function control(route: string, body: unknown): Promise<Response> {
  return fetch(`${new URL(emu.get().baseUrl).origin}/__emulator/${route}`, { method: 'POST', body: JSON.stringify(body) });
}

void describe('list_saved_items', () => {
  void test("user scope: the user's own flows in the documented shape, oldest first", async () => {
    const body = (await getJson('list_saved_items', USER)) as { saved_items: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(body), ['saved_items']);
    assert.deepEqual(
      body.saved_items.map((item) => item.saved_item_id),
      [DEMO.flows.sales, DEMO.flows.crm, DEMO.flows.boardPack, DEMO.flows.warehouseSync, DEMO.flows.multilingual, DEMO.flows.invoiceTriage, DEMO.flows.blogWriter, DEMO.flows.summariser, DEMO.flows.brokenImporter],
    );
    const sales = body.saved_items[0];
    assert.deepEqual(Object.keys(sales).sort(), ['created_ts', 'description', 'name', 'saved_item_id']);
    assert.equal(sales.name, 'Quarterly sales report');
    assert.ok(!Number.isNaN(Date.parse(sales.created_ts as string)));
  });

  void test("project scope: the project's flows only; an OAuth token needs no x-auth-key", async () => {
    const body = (await getJson('list_saved_items', PROJECT, OAUTH)) as { saved_items: { saved_item_id: string }[] };
    assert.deepEqual(body.saved_items.map((item) => item.saved_item_id), [DEMO.flows.projectNotes]);
  });

  void test('auth and scope: 401, 400, 403 in the same order as the other endpoints', async () => {
    await assertError(await get('list_saved_items', USER, {}), 401, /Missing API key/);
    await assertError(await get('list_saved_items', {}), 400, /user_id or project_id/);
    await assertError(await get('list_saved_items', USER, { authorization: PERSONAL.authorization }), 401, /x-auth-key/);
    await assertError(await get('list_saved_items', USER, { ...PERSONAL, 'x-auth-key': DEMO.otherUserId }), 403, /does not match/);
    await assertError(await get('list_saved_items', USER, OTHER_PERSONAL), 403, /does not belong to user demo-user/);
    await assertError(await get('list_saved_items', PROJECT, OTHER_PERSONAL), 403, /not a member of project/);
    const others = (await getJson('list_saved_items', { user_id: DEMO.otherUserId }, OTHER_PERSONAL)) as { saved_items: { saved_item_id: string }[] };
    assert.deepEqual(others.saved_items.map((item) => item.saved_item_id), [DEMO.flows.otherUsers]);
  });
});

void describe('list_workbooks', () => {
  void test('each workbook in scope with its flows', async () => {
    const body = (await getJson('list_workbooks', USER)) as { workbooks: { workbook_id: string; name: string; saved_items: { saved_item_id: string }[] }[] };
    assert.deepEqual(
      body.workbooks.map((workbook) => [workbook.workbook_id, workbook.name, workbook.saved_items.map((item) => item.saved_item_id)]),
      [
        [DEMO.workbooks.finance, 'Finance', [DEMO.flows.sales, DEMO.flows.crm]],
        [DEMO.workbooks.operations, 'Operations', [DEMO.flows.boardPack, DEMO.flows.warehouseSync]],
      ],
    );
    const project = (await getJson('list_workbooks', PROJECT)) as { workbooks: { workbook_id: string; saved_items: unknown[] }[] };
    assert.deepEqual(project.workbooks.map((workbook) => [workbook.workbook_id, workbook.saved_items.length]), [[DEMO.workbooks.team, 1]]);
  });

  void test('auth and scope', async () => {
    await assertError(await get('list_workbooks', USER, { authorization: 'Bearer nope', 'x-auth-key': DEMO.userId }), 401, /Invalid API key/);
    await assertError(await get('list_workbooks', {}), 400, /user_id or project_id/);
    await assertError(await get('list_workbooks', PROJECT, OTHER_PERSONAL), 403, /not a member/);
  });
});

void describe('get_plrun_saved_item_map', () => {
  void test('the documented map: saved item id → its runs, newest first, four fields each', async () => {
    const body = await history(DEMO.flows.sales);
    assert.deepEqual(Object.keys(body), [DEMO.flows.sales]);
    assert.deepEqual(body[DEMO.flows.sales].map((run) => [run.run_id, run.state]), [
      [DEMO.runs.queued, 'QUEUED'],
      [DEMO.runs.report, 'DONE'],
      [DEMO.runs.olderReport, 'DONE'],
    ]);
    for (const run of body[DEMO.flows.sales]) assert.deepEqual(Object.keys(run).sort(), ['created_ts', 'finished_ts', 'run_id', 'state']);
    assert.equal(body[DEMO.flows.sales][0].finished_ts, null);
  });

  void test('runs in every state across the seed, and a flow without runs answers an empty list', async () => {
    const states = new Set<string>();
    for (const flow of [DEMO.flows.sales, DEMO.flows.crm, DEMO.flows.boardPack, DEMO.flows.warehouseSync, DEMO.flows.multilingual]) {
      for (const run of (await history(flow))[flow]) states.add(run.state);
    }
    assert.deepEqual([...states].sort(), ['DONE', 'FAILED', 'QUEUED', 'RUNNING', 'TERMINATED']);
    assert.deepEqual(await history(DEMO.flows.invoiceTriage), { [DEMO.flows.invoiceTriage]: [] });
  });

  void test('at most 10 runs per flow, the newest', async () => {
    for (let index = 0; index < 12; index++) {
      await addRun(emu.get().dataDir, `Many${String(index).padStart(2, '0')}Runs`, { saved_item_id: DEMO.flows.invoiceTriage, created_ts: new Date(STARTED_AT - index * 60_000).toISOString() }, {});
    }
    const runs = (await history(DEMO.flows.invoiceTriage))[DEMO.flows.invoiceTriage];
    assert.deepEqual(runs.map((run) => run.run_id), Array.from({ length: 10 }, (_, index) => `Many${String(index).padStart(2, '0')}Runs`));
  });

  void test('by workbook: one key per flow of the workbook', async () => {
    const body = (await getJson('get_plrun_saved_item_map', { workbook_id: DEMO.workbooks.operations, ...USER })) as Record<string, RunRecord[]>;
    assert.deepEqual(Object.keys(body).sort(), [DEMO.flows.boardPack, DEMO.flows.warehouseSync].sort());
    assert.deepEqual(body[DEMO.flows.boardPack].map((run) => run.run_id), [DEMO.runs.nested, DEMO.runs.terminated]);
  });

  void test('project scope sees the project flow; user scope does not', async () => {
    assert.deepEqual((await history(DEMO.flows.projectNotes, PROJECT))[DEMO.flows.projectNotes].map((run) => run.run_id), [DEMO.runs.project]);
    await assertError(await get('get_plrun_saved_item_map', { saved_item_id: DEMO.flows.projectNotes, ...USER }), 404, /Saved item .* not found/);
  });

  void test('400, 401, 403, 404', async () => {
    await assertError(await get('get_plrun_saved_item_map', USER), 400, /saved_item_id or workbook_id/);
    await assertError(await get('get_plrun_saved_item_map', { saved_item_id: '..', ...USER }), 400, /Invalid saved_item_id/);
    await assertError(await get('get_plrun_saved_item_map', { saved_item_id: DEMO.flows.sales }), 400, /user_id or project_id/);
    await assertError(await get('get_plrun_saved_item_map', { saved_item_id: DEMO.flows.sales, ...USER }, {}), 401, /Missing API key/);
    await assertError(await get('get_plrun_saved_item_map', { saved_item_id: DEMO.flows.sales, ...USER }, OTHER_PERSONAL), 403, /does not belong/);
    await assertError(await get('get_plrun_saved_item_map', { saved_item_id: DEMO.flows.otherUsers, ...USER }), 404, /not found/);
    await assertError(await get('get_plrun_saved_item_map', { saved_item_id: 'NoSuchFlow00', ...USER }), 404, /not found/);
    await assertError(await get('get_plrun_saved_item_map', { workbook_id: 'NoSuchWb', ...USER }), 404, /^Workbook not found$/);
  });
});

void describe('run lifecycle', () => {
  type PlRun = { state: string; finished_ts: string | null; created_ts: string; log: string[]; outputs: Record<string, unknown> };
  const plRun = async (runId: string): Promise<PlRun> => (await getJson('get_pl_run', { run_id: runId, ...USER })) as PlRun;

  void test('the seed run that finishes a minute after start: RUNNING with no outputs, then DONE with its files', async () => {
    nowMs = STARTED_AT + 59_000;
    const running = await plRun(DEMO.runs.finishesSoon);
    assert.equal(running.state, 'RUNNING');
    assert.equal(running.finished_ts, null);
    assert.deepEqual(running.outputs, {});
    assert.equal(running.created_ts, new Date(STARTED_AT - 20_000).toISOString());
    assert.equal(running.log.at(-1), 'Warehouse Writer: loaded customers');
    nowMs = STARTED_AT + 60_000;
    const done = await plRun(DEMO.runs.finishesSoon);
    assert.equal(done.state, 'DONE');
    assert.equal(done.finished_ts, new Date(STARTED_AT + 60_000).toISOString());
    assert.deepEqual(done.outputs, { files: ['row-counts.csv', 'sync-report.txt'] });
    assert.match(done.log.at(-1) ?? '', /Flow finished/);
    const [latest] = (await history(DEMO.flows.warehouseSync))[DEMO.flows.warehouseSync];
    assert.deepEqual([latest.run_id, latest.state], [DEMO.runs.finishesSoon, 'DONE']);
    nowMs = STARTED_AT;
  });

  void test('plannedLifecycle: QUEUED → RUNNING with log lines → DONE, read at any time', async () => {
    const startedAt = new Date(STARTED_AT);
    const plan = plannedLifecycle({ startedAt, queuedMs: 1_000, runningMs: 3_000, log: ['step one', 'step two', 'finished'] });
    await addRun(emu.get().dataDir, 'PlannedRun01', { state: plan.state, lifecycle: plan.lifecycle, created_ts: startedAt.toISOString(), outputs: undefined }, { 'out.txt': 'hi' });
    const at = async (ms: number): Promise<PlRun> => {
      nowMs = STARTED_AT + ms;
      return plRun('PlannedRun01');
    };
    assert.equal((await at(0)).state, 'QUEUED');
    const running = await at(1_000);
    assert.deepEqual([running.state, running.log, running.outputs], ['RUNNING', [], {}]);
    assert.deepEqual((await at(2_000)).log, ['step one']);
    assert.deepEqual((await at(2_999)).log, ['step one']);
    assert.deepEqual((await at(3_000)).log, ['step one', 'step two']);
    const done = await at(4_000);
    assert.deepEqual([done.state, done.log, done.outputs], ['DONE', ['step one', 'step two', 'finished'], { files: ['out.txt'] }]);
    nowMs = STARTED_AT;
  });

  void test('the test hook: POST /__emulator/runs/<id>/state moves a run now, in process too', async () => {
    const response = await control(`runs/${DEMO.runs.running}/state`, { state: 'DONE', log: ['Finished by the test hook'] });
    assert.equal(response.status, 200);
    const run = await plRun(DEMO.runs.running);
    assert.equal(run.state, 'DONE');
    assert.equal(run.finished_ts, new Date(nowMs).toISOString());
    assert.equal(run.log.at(-1), 'Finished by the test hook');
    await emu.get().setRunState(DEMO.runs.running, 'RUNNING');
    assert.deepEqual([(await plRun(DEMO.runs.running)).state, (await plRun(DEMO.runs.running)).finished_ts], ['RUNNING', null]);
    await assertError(await control(`runs/${DEMO.runs.running}/state`, { state: 'EXPLODED' }), 400, /state must be one of/);
    await assertError(await control('runs/NoSuchRun000/state', { state: 'DONE' }), 404, /not found/);
  });
});

void describe('faults on JSON endpoints', () => {
  void test('a 429 with Retry-After on one flow leaves the other flows alone, then recovers', async () => {
    emu.get().setFaultFor({ endpoint: 'get_plrun_saved_item_map', subject: DEMO.flows.crm }, { type: 'status', status: 429, retryAfter: 3, times: 2 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await get('get_plrun_saved_item_map', { saved_item_id: DEMO.flows.crm, ...USER });
      assert.equal(response.headers.get('retry-after'), '3');
      await assertError(response, 429, /Too Many Requests/);
      assert.equal((await get('get_plrun_saved_item_map', { saved_item_id: DEMO.flows.sales, ...USER })).status, 200);
    }
    assert.equal((await get('get_plrun_saved_item_map', { saved_item_id: DEMO.flows.crm, ...USER })).status, 200);
  });

  void test('a status fault on a whole endpoint, armed over HTTP; the key is still checked first', async () => {
    assert.equal((await control('faults', { endpoint: 'list_saved_items', fault: { type: 'status', status: 403, error: 'API key does not match' } })).status, 200);
    await assertError(await get('list_saved_items', USER, {}), 401, /Missing API key/);
    await assertError(await get('list_saved_items', USER), 403, /does not match/);
    assert.equal((await get('list_saved_items', USER)).status, 200);
  });

  void test('body: a wrong-shaped 200 for parser tests; truncated: invalid JSON', async () => {
    emu.get().setFaultFor({ endpoint: 'get_plrun_saved_item_map' }, { type: 'body', body: ['not', 'a', 'map'] });
    assert.deepEqual(await getJson('get_plrun_saved_item_map', { saved_item_id: DEMO.flows.sales, ...USER }), ['not', 'a', 'map']);
    emu.get().setFaultFor({ endpoint: 'get_plrun_saved_item_map' }, { type: 'truncated' });
    const response = await get('get_plrun_saved_item_map', { saved_item_id: DEMO.flows.sales, ...USER });
    assert.equal(response.status, 200);
    await assert.rejects(response.json());
    emu.get().setFaultFor({ endpoint: 'get_plrun_saved_item_map' }, undefined);
  });

  void test('stall and slow on get_pl_run of one run', async () => {
    const target = { endpoint: 'get_pl_run', subject: DEMO.runs.report };
    emu.get().setFaultFor(target, { type: 'stall' });
    const controller = new AbortController();
    const giveUp = setTimeout(() => controller.abort(), 200);
    const response = await fetch(`${emu.get().baseUrl}/get_pl_run?${new URLSearchParams({ run_id: DEMO.runs.report, ...USER })}`, { headers: PERSONAL, signal: controller.signal });
    await assert.rejects(response.text());
    clearTimeout(giveUp);
    assert.equal((await get('get_pl_run', { run_id: DEMO.runs.nested, ...USER })).status, 200);
    emu.get().setFaultFor(target, { type: 'slow', bytesPerSecond: 2_000 });
    const startedAt = performance.now();
    const run = (await getJson('get_pl_run', { run_id: DEMO.runs.report, ...USER })) as { state: string };
    assert.equal(run.state, 'DONE');
    assert.ok(performance.now() - startedAt >= 150, 'the answer was throttled');
    emu.get().setFaultFor(target, undefined);
  });

  void test('page: an HTML 200 on the Nth request only (after), then normal answers again; status takes after too', async () => {
    const target = { endpoint: 'get_pl_run', subject: DEMO.runs.report };
    emu.get().setFaultFor(target, { type: 'page', after: 2 });
    const types: string[] = [];
    for (let poll = 0; poll < 4; poll++) types.push((await get('get_pl_run', { run_id: DEMO.runs.report, ...USER })).headers.get('content-type') ?? '');
    assert.deepEqual(
      types.map((type) => type.split(';')[0]),
      ['application/json', 'application/json', 'text/html', 'application/json'],
    );
    emu.get().setFaultFor(target, { type: 'status', status: 500, after: 1, times: 2 });
    const statuses: number[] = [];
    for (let poll = 0; poll < 4; poll++) statuses.push((await get('get_pl_run', { run_id: DEMO.runs.report, ...USER })).status);
    assert.deepEqual(statuses, [200, 500, 500, 200]);
    await assertError(await control('faults', { endpoint: 'get_pl_run', fault: { type: 'page', after: -1 } }), 400, /page\.after must be a non-negative integer/);
    assert.throws(() => emu.get().setFault(DEMO.runs.report, { type: 'page' }), /page is for JSON endpoints/);
  });

  void test('zip-only faults are refused for JSON endpoints, and body faults for runs', async () => {
    await assertError(await control('faults', { endpoint: 'list_saved_items', fault: { type: 'not-zip' } }), 400, /JSON endpoint takes/);
    assert.throws(() => emu.get().setFault(DEMO.runs.report, { type: 'body', body: {} }), /body is for JSON endpoints/);
  });
});

void describe('request counts', () => {
  void test('per endpoint, in process and over HTTP', async () => {
    emu.get().clearRequests();
    await get('list_saved_items', USER);
    await history(DEMO.flows.sales);
    await history(DEMO.flows.crm);
    await get('get_pl_run', { run_id: DEMO.runs.report, ...USER });
    const expected = { 'GET /list_saved_items': 1, 'GET /get_plrun_saved_item_map': 2, 'GET /get_pl_run': 1 };
    assert.deepEqual(emu.get().requestCounts(), expected);
    const overHttp = await (await fetch(`${new URL(emu.get().baseUrl).origin}/__emulator/requests/counts`)).json();
    assert.deepEqual(overHttp, expected);
    emu.get().clearRequests();
    assert.deepEqual(emu.get().requestCounts(), {});
  });
});
