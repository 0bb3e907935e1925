// The Flows view's store, poller and request budget on a manual clock, against an in-memory
// Gumloop that answers like the real API (through the real parsers) and records when each
// request was sent: one request per expanded node, the poll schedule and backoff, the budget
// under 20 running runs, 429 + Retry-After, nothing while hidden or unfocused, per-node events.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GumloopError } from '../../src/errors';
import type { JsonCallOptions } from '../../src/gumloop/client';
import type { JsonGetter } from '../../src/gumloop/flows';
import { budgetedFlowsApi } from '../../src/remote/flowsApi';
import { FlowsStore, type RunFinished, type StoreChange } from '../../src/remote/flowsStore';
import { RequestBudget } from '../../src/remote/requestBudget';
import { nextDelay, VIEW_POLL_SCHEDULE } from '../../src/remote/runWatcher';
import { ManualClock, driveUntilSettled } from '../support/manualClock';
import { busiestWindow } from '../support/requestTiming';

const LATENCY_MS = 20;

interface FakeRun {
  flowId: string;
  state: string;
  log: string[];
  outputs: Record<string, unknown>;
}

interface SentRequest {
  at: number;
  endpoint: string;
  subject?: string;
}

/** An in-memory Gumloop: flows f0…fN, runs by id; faults are errors thrown for an endpoint[:subject]. */
class FakeGumloop implements JsonGetter {
  readonly sent: SentRequest[] = [];
  readonly runs = new Map<string, FakeRun>();
  readonly faults = new Map<string, GumloopError[]>();
  flowIds: string[] = [];

  constructor(private readonly clock: ManualClock) {}

  async getJson(endpoint: string, query: Record<string, string>, options: JsonCallOptions = {}): Promise<string> {
    assert.deepEqual(options.retry, { retries: 0 }, 'the view turns the client’s own retries off');
    const subject = query.run_id ?? query.saved_item_id;
    this.sent.push({ at: this.clock.now(), endpoint, subject });
    await this.clock.sleep(LATENCY_MS);
    const fault = this.faults.get(`${endpoint}:${subject}`)?.shift() ?? this.faults.get(endpoint)?.shift();
    if (fault) throw fault;
    switch (endpoint) {
      case 'list_saved_items':
        return JSON.stringify({ saved_items: this.flowIds.map((id) => ({ saved_item_id: id, name: `Flow ${id}`, created_ts: '2026-01-01T00:00:00Z' })) });
      case 'get_plrun_saved_item_map': {
        const runs = [...this.runs].filter(([, run]) => run.flowId === subject).map(([runId, run]) => ({ run_id: runId, state: run.state, created_ts: '2026-01-01T00:00:00Z', finished_ts: null }));
        return JSON.stringify({ [subject]: runs });
      }
      case 'get_pl_run': {
        const run = this.runs.get(subject);
        if (!run) throw new GumloopError('not-found', 'no such run', { status: 404 });
        return JSON.stringify({ user_id: 'u', state: run.state, outputs: run.outputs, created_ts: '2026-01-01T00:00:00Z', finished_ts: null, log: run.log });
      }
      default:
        throw new GumloopError('not-found', `no endpoint ${endpoint}`);
    }
  }

  count(endpoint: string, subject?: string): number {
    return this.sent.filter((request) => request.endpoint === endpoint && (subject === undefined || request.subject === subject)).length;
  }

  pollTimes(runId: string): number[] {
    return this.sent.filter((request) => request.endpoint === 'get_pl_run' && request.subject === runId).map((request) => request.at);
  }
}

interface Harness {
  clock: ManualClock;
  gumloop: FakeGumloop;
  store: FlowsStore;
  view: { visible: boolean; focused: boolean };
  changes: StoreChange[];
  finished: RunFinished[];
  /** Moves the clock in 10 ms steps until the store promise settles (at most a minute). */
  drive<T>(promise: Promise<T>): Promise<T>;
}

function harness(setup: (gumloop: FakeGumloop) => void): Harness {
  const clock = new ManualClock(1_000_000);
  const gumloop = new FakeGumloop(clock);
  setup(gumloop);
  const view = { visible: true, focused: true };
  const budget = new RequestBudget({ clock });
  const store = new FlowsStore({ api: budgetedFlowsApi(gumloop, budget), clock, isVisible: () => view.visible, isFocused: () => view.focused });
  const changes: StoreChange[] = [];
  const finished: RunFinished[] = [];
  store.onDidChange((change) => changes.push(change));
  store.onRunFinished((event) => finished.push(event));
  return {
    clock,
    gumloop,
    store,
    view,
    changes,
    finished,
    drive: (promise) => driveUntilSettled(clock, promise),
  };
}

function oneRunningRun(gumloop: FakeGumloop): void {
  gumloop.flowIds = ['f1'];
  gumloop.runs.set('r1', { flowId: 'f1', state: 'RUNNING', log: ['started'], outputs: {} });
}

/** The largest number of requests sent within any `windowMs`. */
function gaps(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]);
}

void describe('loading: one request per node, cached until refresh', () => {
  void test('flows, a flow’s runs and a run’s details each cost one request, however often asked', async () => {
    const h = harness(oneRunningRun);
    await h.drive(Promise.all([h.store.loadFlows(), h.store.loadFlows()]));
    await h.drive(h.store.loadFlows());
    assert.equal(h.gumloop.count('list_saved_items'), 1);
    assert.deepEqual(h.store.flowsState(), { status: 'loaded', value: [{ savedItemId: 'f1', name: 'Flow f1', description: undefined, createdTs: '2026-01-01T00:00:00Z' }] });
    await h.drive(Promise.all([h.store.loadRuns('f1'), h.store.loadRuns('f1')]));
    assert.equal(h.gumloop.count('get_plrun_saved_item_map'), 1);
    h.view.visible = false; // keep the poller out of the count
    await h.drive(h.store.loadRunDetails('r1'));
    await h.drive(h.store.loadRunDetails('r1'));
    assert.equal(h.gumloop.count('get_pl_run'), 1);
    h.store.refreshFlow('f1');
    assert.deepEqual(h.changes.at(-1), { scope: 'flow', flowId: 'f1' });
    await h.drive(h.store.loadRuns('f1'));
    await h.drive(h.store.loadRunDetails('r1'));
    assert.deepEqual([h.gumloop.count('list_saved_items'), h.gumloop.count('get_plrun_saved_item_map'), h.gumloop.count('get_pl_run')], [1, 2, 2]);
    h.store.refreshAll();
    await h.drive(h.store.loadFlows());
    assert.equal(h.gumloop.count('list_saved_items'), 2);
    h.store.dispose();
  });

  void test('an error stays on its node: a 403 on one flow, the others load; Retry loads it again', async () => {
    const h = harness((gumloop) => {
      gumloop.flowIds = ['f1', 'f2'];
      gumloop.faults.set('get_plrun_saved_item_map:f2', [new GumloopError('forbidden', 'The API key does not match user “u” (403).', { status: 403 })]);
    });
    await h.drive(h.store.loadFlows());
    await h.drive(Promise.all([h.store.loadRuns('f1'), h.store.loadRuns('f2')]));
    assert.equal(h.store.runsState('f1').status, 'loaded');
    const failed = h.store.runsState('f2');
    assert.ok(failed.status === 'failed' && failed.error.code === 'forbidden');
    assert.equal(h.store.connectionProblem(), undefined);
    h.store.refreshFlow('f2');
    await h.drive(h.store.loadRuns('f2'));
    assert.equal(h.store.runsState('f2').status, 'loaded');
    h.store.dispose();
  });

  void test('a network failure is one problem for the whole view, and pauses polling until Try Again', async () => {
    const h = harness((gumloop) => {
      oneRunningRun(gumloop);
      gumloop.flowIds = ['f1', 'f2'];
    });
    await h.drive(h.store.loadFlows());
    const before = h.changes.length;
    h.gumloop.faults.set('get_plrun_saved_item_map', [0, 1].map(() => new GumloopError('network', 'Couldn’t reach Gumloop.')));
    await h.drive(Promise.all([h.store.loadRuns('f1'), h.store.loadRuns('f2')]));
    assert.equal(h.store.connectionProblem()?.code, 'network');
    assert.equal(h.changes.slice(before).filter((change) => change.scope === 'all').length, 1, 'one view-wide event, not one per flow');
    h.store.refreshAll();
    assert.equal(h.store.connectionProblem(), undefined);
    await h.drive(h.store.loadFlows());
    await h.drive(h.store.loadRuns('f1'));
    assert.equal(h.store.runsState('f1').status, 'loaded');
    h.gumloop.faults.set('get_pl_run', [new GumloopError('timeout', 'Gumloop did not answer.')]);
    await h.clock.advance(5_100);
    assert.equal(h.store.connectionProblem()?.code, 'timeout');
    const pollsBefore = h.gumloop.count('get_pl_run');
    await h.clock.advance(120_000);
    assert.equal(h.gumloop.count('get_pl_run'), pollsBefore, 'no polling while Gumloop is unreachable');
    h.store.dispose();
  });
});

void describe('the view stays current without a click', () => {
  void test('a flow’s runs arriving redraw the flow’s own row, whose "last run" they are', async () => {
    const h = harness(oneRunningRun);
    await h.drive(h.store.loadFlows());
    const before = h.changes.length;
    await h.drive(h.store.loadRuns('f1'));
    assert.deepEqual(h.changes.slice(before), [{ scope: 'flow', flowId: 'f1' }]);
    h.store.dispose();
  });

  void test('a refresh drops the old "Couldn’t reach Gumloop" at once, says it is loading, and redraws when the flows arrive', async () => {
    const h = harness(oneRunningRun);
    h.gumloop.faults.set('list_saved_items', [new GumloopError('network', 'Couldn’t reach Gumloop.')]);
    await h.drive(h.store.loadFlows());
    assert.equal(h.store.connectionProblem()?.code, 'network');
    await h.drive(h.store.loadFlows());
    assert.equal(h.gumloop.count('list_saved_items'), 1, 'a failure is not asked again by a mere redraw (each answer fires one)');
    h.store.refreshAll();
    assert.equal(h.store.connectionProblem(), undefined, 'the old problem is gone before the new answer');
    const loading = h.store.loadFlows();
    assert.equal(h.store.flowsState().status, 'loading');
    const before = h.changes.length;
    await h.drive(loading);
    assert.equal(h.store.flowsState().status, 'loaded');
    assert.ok(h.changes.slice(before).some((change) => change.scope === 'all'), 'the answer redraws the view, which showed a loading row');
    h.store.dispose();
  });
});

void describe('polling running runs', () => {
  void test('5 s after loading, then ×1.5 up to 30 s while unchanged, back to 5 s on a change, none once finished', async () => {
    const h = harness(oneRunningRun);
    await h.drive(h.store.loadFlows());
    await h.drive(h.store.loadRuns('f1'));
    const loadedAt = (h.gumloop.sent.at(-1)?.at ?? 0) + LATENCY_MS; // when the run list arrived
    assert.ok(h.store.isPolling('r1'));
    await h.clock.advance(120_000);
    const times = h.gumloop.pollTimes('r1');
    // Each wait is counted from the end of the previous request (LATENCY_MS later than its start).
    let delay: number | undefined;
    const expected: number[] = [];
    // The run list told only the state, so the first full answer (with its log) counts as a change: 5 s again, then slower.
    for (let index = 0; index < times.length - 1; index++) expected.push((delay = nextDelay(delay, false, VIEW_POLL_SCHEDULE)) + LATENCY_MS);
    assert.equal(times[0] - loadedAt, VIEW_POLL_SCHEDULE.firstMs);
    assert.deepEqual(gaps(times), expected);
    assert.deepEqual(gaps(times).slice(0, 6), [5_020, 7_520, 11_270, 16_895, 25_333, 30_020]);
    assert.ok(gaps(times).every((gap) => gap >= 5_000 && gap <= 30_000 + LATENCY_MS));

    h.gumloop.runs.get('r1')?.log.push('a new line');
    const pollsBefore = h.gumloop.pollTimes('r1').length;
    while (h.gumloop.pollTimes('r1').length === pollsBefore) await h.clock.advance(100);
    const changedAt = h.gumloop.pollTimes('r1').at(-1) ?? 0;
    await h.clock.advance(5_100);
    assert.equal((h.gumloop.pollTimes('r1').at(-1) ?? 0) - changedAt, 5_000 + LATENCY_MS, 'a change brings the wait back to 5 s');

    const run = h.gumloop.runs.get('r1') as FakeRun;
    Object.assign(run, { state: 'DONE', outputs: { files: ['report.csv'] } });
    await h.clock.advance(10_000);
    assert.equal(h.store.runState('r1'), 'DONE');
    assert.equal(h.finished.length, 1);
    assert.deepEqual(h.finished[0].runId, 'r1');
    assert.ok(!h.store.isPolling('r1'));
    const polls = h.gumloop.count('get_pl_run');
    await h.clock.advance(120_000);
    assert.equal(h.gumloop.count('get_pl_run'), polls, 'a finished run is not polled');
    const runs = h.store.runsState('f1');
    assert.ok(runs.status === 'loaded' && runs.value[0].state === 'DONE', 'the flow’s run list shows the new state too');
    h.store.dispose();
  });

  void test('nothing is polled while the view is hidden or the window unfocused; due polls go out on return', async () => {
    const h = harness(oneRunningRun);
    await h.drive(h.store.loadFlows());
    await h.drive(h.store.loadRuns('f1'));
    h.view.visible = false;
    h.store.activityChanged();
    await h.clock.advance(300_000);
    assert.equal(h.gumloop.count('get_pl_run'), 0);
    h.view.visible = true;
    h.view.focused = false;
    h.store.activityChanged();
    await h.clock.advance(300_000);
    assert.equal(h.gumloop.count('get_pl_run'), 0);
    h.view.focused = true;
    const back = h.clock.now();
    h.store.activityChanged();
    await h.clock.advance(100);
    assert.deepEqual(h.gumloop.pollTimes('r1'), [back], 'the overdue poll goes out at once');
    h.store.dispose();
  });

  void test('a poll waiting in the budget when the view hides is dropped unsent', async () => {
    const h = harness((gumloop) => {
      gumloop.flowIds = ['f1'];
      for (let index = 0; index < 8; index++) gumloop.runs.set(`r${index}`, { flowId: 'f1', state: 'RUNNING', log: [], outputs: {} });
    });
    await h.drive(h.store.loadFlows());
    await h.drive(h.store.loadRuns('f1'));
    await h.clock.advance(5_600); // all 8 come due together; they leave 275 ms apart
    const sent = h.gumloop.count('get_pl_run');
    assert.ok(sent > 0 && sent < 8, `some polls still wait in the budget (${sent} sent)`);
    h.view.visible = false;
    await h.clock.advance(60_000);
    assert.equal(h.gumloop.count('get_pl_run'), sent);
    h.store.dispose();
  });

  void test('change events name the one run that changed', async () => {
    const h = harness((gumloop) => {
      oneRunningRun(gumloop);
      gumloop.runs.set('r2', { flowId: 'f1', state: 'RUNNING', log: [], outputs: {} });
    });
    await h.drive(h.store.loadFlows());
    await h.drive(h.store.loadRuns('f1'));
    await h.clock.advance(5_100); // first polls: details arrive for both
    h.changes.length = 0;
    h.gumloop.runs.get('r2')?.log.push('progress');
    await h.clock.advance(8_000);
    assert.deepEqual(h.changes, [{ scope: 'run', runId: 'r2', flowId: 'f1' }]);
    h.store.dispose();
  });
});

void describe('the request budget', () => {
  for (const busy of [false, true]) {
    void test(`20 running runs${busy ? ', every poll seeing a change' : ''}: ≤ 4 requests in any second, each run ≥ 5 s apart, all kept fresh`, async () => {
      const h = harness((gumloop) => {
        gumloop.flowIds = Array.from({ length: 20 }, (_, index) => `f${index}`);
        for (let index = 0; index < 20; index++) gumloop.runs.set(`r${index}`, { flowId: `f${index}`, state: 'RUNNING', log: [], outputs: {} });
      });
      await h.drive(h.store.loadFlows());
      const expanding = Promise.all(h.gumloop.flowIds.map((flowId) => h.store.loadRuns(flowId)));
      const start = h.clock.now();
      const windowMs = 180_000;
      for (let elapsed = 0; elapsed < windowMs; elapsed += 1_000) {
        if (busy) for (const run of h.gumloop.runs.values()) run.log.push(`t${elapsed}`);
        await h.clock.advance(1_000);
      }
      await expanding;
      const times = h.gumloop.sent.map((request) => request.at);
      assert.ok(busiestWindow(times) <= 4, `at most 4 requests in any second, saw ${busiestWindow(times)}`);
      assert.ok(times.length / (windowMs / 1000) <= 4, 'on average at most 4 requests/s');
      for (const runId of h.gumloop.runs.keys()) {
        const polls = h.gumloop.pollTimes(runId);
        assert.ok(polls.length >= (busy ? 20 : 5), `${runId} was polled ${polls.length} times`);
        assert.ok(gaps(polls).every((gap) => gap >= 5_000), `${runId} polled less than 5 s apart: ${gaps(polls).join(', ')}`);
      }
      assert.ok(h.clock.now() - start >= windowMs);
      h.store.dispose();
    });
  }

  void test('429 honours Retry-After: nothing at all is sent until it has passed, then the call goes again', async () => {
    const h = harness(oneRunningRun);
    await h.drive(h.store.loadFlows());
    await h.drive(h.store.loadRuns('f1'));
    h.gumloop.faults.set('get_pl_run', [new GumloopError('rate-limited', 'Gumloop is limiting requests (429).', { status: 429, retryAfterMs: 8_000 })]);
    await h.clock.advance(5_100);
    const limitedAt = h.gumloop.pollTimes('r1')[0];
    h.gumloop.flowIds.push('f2');
    h.store.refreshFlow('f1');
    const reload = h.store.loadRuns('f1');
    await h.clock.advance(20_000);
    await reload;
    const after429 = h.gumloop.sent.filter((request) => request.at > limitedAt).map((request) => request.at);
    assert.ok(after429.length > 0);
    assert.ok(after429.every((at) => at >= limitedAt + LATENCY_MS + 8_000), `requests during the Retry-After pause: ${after429.map((at) => at - limitedAt).join(', ')}`);
    h.store.dispose();
  });

  void test('what a person asked for goes ahead of waiting polls', async () => {
    const clock = new ManualClock();
    const budget = new RequestBudget({ clock, maxPerWindow: 1, windowMs: 1_000 });
    const order: string[] = [];
    const request = (name: string) => async () => {
      order.push(`${name}@${clock.now()}`);
    };
    const all = [budget.run(request('poll1'), 'poll'), budget.run(request('poll2'), 'poll'), budget.run(request('user1'), 'user'), budget.run(request('poll3'), 'poll'), budget.run(request('user2'), 'user')];
    await clock.advance(5_000);
    await Promise.all(all);
    assert.deepEqual(order, ['poll1@0', 'user1@1000', 'user2@2000', 'poll2@3000', 'poll3@4000']);
  });

  void test('starts are spaced at least 275 ms after the last answer, so jitter on the way cannot put 5 into a second at the server', async () => {
    const clock = new ManualClock();
    const budget = new RequestBudget({ clock });
    const starts: number[] = [];
    const all = Array.from({ length: 12 }, () => budget.run(async () => void starts.push(clock.now()), 'poll'));
    await clock.advance(10_000);
    await Promise.all(all);
    assert.deepEqual(gaps(starts), Array.from({ length: 11 }, () => 275));
    // A slow answer (e.g. the first request of a client, which loads its HTTP library first) counts
    // from when it came: the start after it waits 275 ms from then.
    const slowStart = clock.now();
    const slow = budget.run(() => clock.sleep(400), 'poll');
    const after: number[] = [];
    const next = [0, 1].map(() => budget.run(async () => void after.push(clock.now() - slowStart), 'poll'));
    await clock.advance(2_000);
    await Promise.all([slow, ...next]);
    assert.deepEqual(after, [275, 400 + 275]);
    // Any jitter below 100 ms per request keeps every second at the server at 4 or fewer.
    const jittered = starts.map((at, index) => at + (index % 2 === 0 ? 99 : 0));
    assert.ok(busiestWindow(jittered) <= 4);
  });
});
