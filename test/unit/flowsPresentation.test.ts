// How the Flows tree shows flows, runs, outputs, failures and errors: pure functions, no vscode.
import { formatDuration } from '../../src/text';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GumloopError } from '../../src/errors';
import type { RunInfo } from '../../src/gumloop/types';
import {
  filterFlows,
  gumloopFlowUrl,
  gumloopRunUrl,
  lastRunText,
  outputFiles,
  presentConnectionProblem,
  presentFailure,
  presentFlow,
  presentNodeError,
  presentOutput,
  presentRemoteRun,
  runViewOf,
  scopeDescription,
} from '../../src/ui/flowsPresentation';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const details = (fields: Partial<RunInfo>): RunInfo => ({ userId: 'u', state: 'DONE', outputs: {}, log: [], ...fields });

void describe('flows', () => {
  void test('name as the label; description and created date in the tooltip; the last run as the description', () => {
    const flow = { savedItemId: 'f1', name: 'Quarterly sales report', description: 'Reads orders', createdTs: '2026-06-02T09:00:00Z' };
    const view = presentFlow(flow, { runId: 'r1', state: 'FAILED', createdTs: '2026-11-27T10:00:00Z' }, NOW);
    assert.equal(view.label, 'Quarterly sales report');
    assert.match(view.tooltip(), /Reads orders/);
    assert.match(view.tooltip(), /Created: Jun 2, 2026/);
    assert.match(view.tooltip(), /Flow ID: `f1`/);
    assert.equal(view.description, 'last run failed · 2 h ago');
    assert.equal(view.contextValue, 'flow');
    assert.equal(presentFlow({ savedItemId: 'f2', name: 'f2' }, undefined, NOW).description, undefined);
    assert.equal(presentFlow(flow, { runId: 'r2', state: 'QUEUED', createdTs: '2026-11-27T11:56:00Z' }, NOW).description, 'last run queued · 4 min ago');
    assert.equal(presentFlow(flow, { runId: 'r3', state: 'DONE', createdTs: '2026-11-27T11:56:00Z' }, NOW).description, 'last run done · 4 min ago', 'the same word as the run rows');
  });

  void test('"last run" reads the same wherever it is known in part (Run Flow’s picker knows only the time)', () => {
    assert.equal(lastRunText('FAILED', NOW - 2 * 3_600_000, NOW), 'last run failed · 2 h ago');
    assert.equal(lastRunText(undefined, NOW - 4 * 60_000, NOW), 'last run 4 min ago');
    assert.equal(lastRunText('RUNNING', undefined, NOW), 'last run running');
    assert.equal(lastRunText(undefined, undefined, NOW), undefined);
  });

  void test('filter by name or id, ignoring case; empty keeps all', () => {
    const flows = [
      { savedItemId: 'SaLes7', name: 'Quarterly sales report' },
      { savedItemId: 'CrM', name: 'CRM contacts export' },
    ];
    assert.deepEqual(filterFlows(flows, 'SALES').map((flow) => flow.savedItemId), ['SaLes7']);
    assert.deepEqual(filterFlows(flows, 'crm').map((flow) => flow.savedItemId), ['CrM']);
    assert.equal(filterFlows(flows, '  ').length, 2);
    assert.equal(filterFlows(flows, undefined).length, 2);
  });

  void test('the scope shown on the view', () => {
    assert.equal(scopeDescription({ userId: 'demo-user' }), 'user demo-user');
    assert.equal(scopeDescription({ userId: 'demo-user', projectId: 'team' }), 'project team');
    assert.equal(scopeDescription({}), 'no user ID set');
  });
});

void describe('runs', () => {
  const run = (state: string | undefined, finishedTs: string | null | undefined, extra: Partial<ReturnType<typeof runViewOf>> = {}) =>
    presentRemoteRun({ runId: 'Q7kR2mXv9LpT', flowId: 'f1', flowName: 'Sales', state, createdTs: '2026-11-27T11:58:00Z', finishedTs, downloadWhenDone: false, ...extra }, NOW);

  void test('state icons: queued and running spin, done, failed, terminated', () => {
    assert.deepEqual(
      ['QUEUED', 'RUNNING', 'STARTED', 'TERMINATING', 'DONE', 'FAILED', 'TERMINATED', 'PAUSED'].map((state) => run(state, null).icon.id),
      ['loading~spin', 'sync~spin', 'sync~spin', 'loading~spin', 'pass', 'error', 'circle-slash', 'question'],
    );
  });

  void test('start time as the label, state and duration as the description', () => {
    const done = run('DONE', '2026-11-27T11:59:44Z');
    assert.match(done.label, /^Nov 27, \d{1,2}:\d\d [AP]M$/, 'this year’s runs leave the year out');
    assert.match(presentRemoteRun({ runId: 'r', flowId: 'f', state: 'DONE', createdTs: '2025-03-01T12:00:00Z', downloadWhenDone: false }, NOW).label, /^Mar 1, 2025/);
    assert.equal(done.description, 'Done · 1 min 44 s');
    assert.match(done.tooltip(), /Finished: /);
    assert.equal(run('RUNNING', null).description, 'Running · 2 min so far');
    const watched = run('RUNNING', null, { downloadWhenDone: true });
    assert.equal(watched.description, 'Downloads when done · Running · 2 min so far', 'the mark first: a narrow sidebar cuts the end of a row off');
    assert.equal(watched.icon.id, 'cloud-download', 'and the icon says it, where even the description is cut off');
    assert.equal(run('DONE', undefined).description, 'Done', 'no finish time: no duration rather than a wrong one');
    assert.match(run('PAUSED', null).tooltip(), /State: PAUSED/, 'a state Gumloop has not documented is shown as it came');
    const unknown = presentRemoteRun({ runId: 'Q7kR2mXv9LpT', flowId: 'f1', downloadWhenDone: false }, NOW);
    assert.equal(unknown.label, 'Q7kR2mXv9LpT');
    assert.match(unknown.tooltip(), /Started: unknown/);
  });

  void test('context tokens drive the menus: live runs can be watched, done runs with outputs downloaded', () => {
    assert.equal(run('RUNNING', null).contextValue, 'remoteRun live canWatch');
    assert.equal(run('RUNNING', null, { downloadWhenDone: true }).contextValue, 'remoteRun live watching');
    const withOutputs = presentRemoteRun({ ...runViewOf({ runId: 'r', createdTs: '2026-11-27T11:00:00Z' }, 'f1', 'Sales', details({ outputs: { files: ['a.csv'] } }), false) }, NOW);
    assert.equal(withOutputs.contextValue, 'remoteRun finished done hasOutputs');
    assert.equal(run('FAILED', '2026-11-27T11:59:00Z').contextValue, 'remoteRun finished failed');
  });

  void test('details overlay the history record (a poll saw it finish)', () => {
    const view = runViewOf({ runId: 'r', state: 'RUNNING', createdTs: '2026-11-27T11:00:00Z', finishedTs: null }, 'f1', 'Sales', details({ state: 'DONE', finishedTs: '2026-11-27T11:30:00Z' }), false);
    assert.deepEqual([view.state, view.finishedTs], ['DONE', '2026-11-27T11:30:00Z']);
  });

  void test('links to the run and the flow in Gumloop', () => {
    assert.equal(gumloopRunUrl('R1', 'F1'), 'https://www.gumloop.com/pipeline?run_id=R1&flow_id=F1');
    assert.equal(gumloopFlowUrl('F 1'), 'https://www.gumloop.com/pipeline?flow_id=F+1');
  });

  void test('durations', () => {
    assert.deepEqual([0, 45_000, 60_000, 104_000, 3_600_000, 7_500_000].map((ms) => formatDuration(ms)), ['0 s', '45 s', '1 min', '1 min 44 s', '1 h', '2 h 5 min']);
    // Said in passing, the seconds past the first minute go; minutes are whole ones passed in both
    // forms (119 s is “1 min”, never “2 min”), so the two never disagree.
    assert.deepEqual([850, 45_000, 104_000, 119_000, 7_500_000].map((ms) => formatDuration(ms, { coarse: true })), ['1 s', '45 s', '1 min', '1 min', '2 h 5 min']);
  });
});

void describe('outputs and failures', () => {
  void test('output files are the file-like values of outputs, sorted; plain values are not files', () => {
    assert.deepEqual(outputFiles({ files: ['sales-report.csv', 'chart.png'], total_revenue_usd: '54556.00', top_region: 'APAC', nested: { pdf: 'invoice.pdf' } }), [
      'chart.png',
      'invoice.pdf',
      'sales-report.csv',
    ]);
    assert.deepEqual(outputFiles(undefined), []);
  });

  void test('an output: click downloads it, or opens it when already downloaded (and says so)', () => {
    const fresh = presentOutput('r', 'reports/q3/summary.csv', undefined);
    assert.deepEqual([fresh.label, fresh.description, fresh.contextValue, fresh.icon.id], ['summary.csv', 'reports/q3', 'output', 'cloud-download']);
    assert.match(fresh.tooltip(), /download just this file/);
    const done = presentOutput('r', 'chart.png', '/ws/gumloop/r/chart.png');
    assert.deepEqual([done.description, done.contextValue, done.icon.id], ['downloaded', 'output downloaded', 'pass-filled']);
    assert.match(done.tooltip(), /Click to open it/);
  });

  void test('why a run failed: its last log line, colour codes stripped, the last lines in the tooltip', () => {
    const log = ['Starting', '\u001b[31mCRM Reader: page 2 failed: 401\u001b[0m', '', 'Flow failed after 81.6s: reconnect the CRM'];
    const view = presentFailure('r', log);
    assert.equal(view.label, 'Why: Flow failed after 81.6s: reconnect the CRM');
    assert.match(view.tooltip(), /CRM Reader: page 2 failed: 401/);
    assert.ok(!view.tooltip().includes('\u001b'));
    assert.equal(presentFailure('r', []).label, 'Why: Gumloop gave no reason.');
  });
});

void describe('errors', () => {
  void test('an error node names what failed and why in short, offers Retry and the matching fix', () => {
    const forbidden = presentNodeError('f1', 'runs', new GumloopError('forbidden', 'The API key does not match user “x” (403). Check the user ID.', { status: 403 }));
    assert.equal(forbidden.label, "Couldn’t load runs: the key does not match this user or project (403)");
    assert.equal(forbidden.contextValue, 'nodeError retryable fixUserId');
    assert.match(forbidden.tooltip(), /Check the user ID/);
    const unauthorized = presentNodeError('flows', 'flows', new GumloopError('unauthorized', 'Set a valid API key.', { status: 401 }));
    assert.equal(unauthorized.label, "Couldn’t load flows: the API key was not accepted (401)");
    assert.equal(unauthorized.contextValue, 'nodeError retryable fixApiKey');
    const limited = presentNodeError('r', 'run', new GumloopError('rate-limited', 'Try again in 3 s.', { status: 429 }));
    assert.equal(limited.label, "Couldn’t load run details: Gumloop is limiting requests (429)");
    assert.equal(limited.contextValue, 'nodeError retryable');
  });

  void test('a network failure is one message with Try Again', () => {
    const view = presentConnectionProblem(new GumloopError('network', 'Could not reach Gumloop at api.gumloop.com (ECONNREFUSED).'));
    assert.equal(view.label, 'Couldn’t reach Gumloop');
    assert.equal(view.description, 'Try Again');
    assert.match(view.contextValue, /\bretryable\b/);
  });
});
