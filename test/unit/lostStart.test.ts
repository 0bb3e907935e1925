// A start_pipeline whose answer was lost: the run is looked for among the flow's recent runs, never
// started again; a failure before anything was sent is passed on unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GumloopError } from '../../src/errors';
import { answerMayBeLost, startRun } from '../../src/gumloop/lostStart';
import type { JsonCaller } from '../../src/gumloop/pipelines';

const NOW = Date.parse('2026-12-05T10:00:00Z');

/** Answers start_pipeline with `start` (thrown when an Error), and each get_plrun_saved_item_map with the next history. */
function gumloop(start: string | Error, ...histories: unknown[]): JsonCaller & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    postJson: async (endpoint) => {
      calls.push(endpoint);
      if (start instanceof Error) throw start;
      return start;
    },
    getJson: async (endpoint) => {
      calls.push(endpoint);
      return JSON.stringify(histories.shift() ?? {});
    },
  };
}

const lost = () => new GumloopError('network', 'Could not reach Gumloop at api.gumloop.com (UND_ERR_SOCKET). Check your network connection.', { cause: { code: 'UND_ERR_SOCKET' } });
const options = { checkRuns: 'gumloop-files runs --flow F1', now: () => NOW, relookDelayMs: 1 };
const run = (runId: string, at: number, state = 'RUNNING') => ({ run_id: runId, state, created_ts: new Date(at).toISOString(), finished_ts: null });

test('an answer that arrives is the run; no history is read', async () => {
  const client = gumloop(JSON.stringify({ run_id: 'R1' }));
  const started = await startRun(client, 'F1', [], options);
  assert.equal(started.runId, 'R1');
  assert.equal(started.recoveredNotice, undefined);
  assert.deepEqual(client.calls, ['start_pipeline']);
});

test('a lost answer: the run created since just before the request is found and named; start_pipeline is sent once', async () => {
  const client = gumloop(lost(), { F1: [run('Old1', NOW - 120_000, 'DONE'), run('Mine', NOW + 800)] });
  const started = await startRun(client, 'F1', [], options);
  assert.equal(started.runId, 'Mine');
  assert.equal(started.recoveredNotice, "Gumloop's answer to start_pipeline was lost, but run Mine of this flow started at 2026-12-05T10:00:00Z; watching it.");
  assert.deepEqual(client.calls, ['start_pipeline', 'get_plrun_saved_item_map']);
});

test('a run listed a moment late is found on the second look', async () => {
  const client = gumloop(new GumloopError('server-error', 'Gumloop could not serve the files (502).', { status: 502 }), {}, { F1: [run('Late', NOW + 1_500)] });
  assert.equal((await startRun(client, 'F1', [], options)).runId, 'Late');
});

test('nothing found: the error says the run may have started and how to check, keeping its code', async () => {
  const client = gumloop(lost(), { F1: [run('Old1', NOW - 120_000, 'DONE')] }, { F1: [] });
  await assert.rejects(startRun(client, 'F1', [], options), (error: GumloopError) => {
    assert.equal(error.code, 'network');
    assert.match(error.message, /^Could not reach Gumloop .*\. Gumloop's answer to start_pipeline was lost, so the run may have started: check the flow's runs before starting it again \(gumloop-files runs --flow F1\)\.$/);
    return true;
  });
  assert.deepEqual(client.calls, ['start_pipeline', 'get_plrun_saved_item_map', 'get_plrun_saved_item_map']);
});

test('failures that prove nothing started pass through unchanged, without a look at the history', async () => {
  const refused = new GumloopError('network', 'Could not reach Gumloop at localhost (ECONNREFUSED).', { cause: { code: 'ECONNREFUSED' } });
  const limit = new GumloopError('rate-limited', 'limited', { status: 429 });
  const bad = new GumloopError('bad-request', 'rejected (400)', { status: 400 });
  for (const error of [refused, limit, bad]) {
    assert.equal(answerMayBeLost(error), false);
    const client = gumloop(error);
    await assert.rejects(startRun(client, 'F1', [], options));
    assert.deepEqual(client.calls, ['start_pipeline']);
  }
  assert.equal(answerMayBeLost(lost()), true);
  assert.equal(answerMayBeLost(new GumloopError('timeout', 'Gumloop did not send data for 60 s.')), true);
});
