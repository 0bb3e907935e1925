// The emulator's run-a-flow endpoints over real HTTP, on a test-controlled clock: start_pipeline
// (both input shapes, the lifecycle, the 429 limit), kill_pipeline, get_inputs and upload_file.

import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO } from '../emulator/server';
import { withEmulator } from '../support/emulatorFixture';

const PERSONAL = { authorization: `Bearer ${DEMO.apiKey}`, 'x-auth-key': DEMO.userId };
const OTHER_PERSONAL = { authorization: `Bearer ${DEMO.otherApiKey}`, 'x-auth-key': DEMO.otherUserId };

let nowMs = Date.parse('2026-11-27T08:00:00.000Z');
const emu = withEmulator({ before, after }, { now: () => nowMs });

async function call(method: 'GET' | 'POST', endpoint: string, payload: Record<string, unknown>, headers: Record<string, string> = PERSONAL): Promise<{ status: number; body: Record<string, unknown> }> {
  const response =
    method === 'GET'
      ? await fetch(`${emu.get().baseUrl}/${endpoint}?${new URLSearchParams(payload as Record<string, string>)}`, { headers })
      : await fetch(`${emu.get().baseUrl}/${endpoint}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const run = (runId: string) => call('GET', 'get_pl_run', { run_id: runId, user_id: DEMO.userId });
const start = (flow: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = PERSONAL) => call('POST', 'start_pipeline', { saved_item_id: flow, user_id: DEMO.userId, ...extra }, headers);

describe('emulator: running flows', () => {
  test('get_inputs serves each flow’s inputs: a string input and a file input among the demo flows', async () => {
    assert.deepEqual((await call('GET', 'get_inputs', { saved_item_id: DEMO.flows.blogWriter, user_id: DEMO.userId })).body, {
      inputs: [{ name: 'topic', data_type: 'string', description: 'What should the post be about?' }],
    });
    assert.deepEqual((await call('GET', 'get_inputs', { saved_item_id: DEMO.flows.summariser, user_id: DEMO.userId })).body.inputs, [
      { name: 'document', data_type: 'file', description: 'The document to summarise (PDF, Word or text)' },
    ]);
    assert.equal((await call('GET', 'get_inputs', { saved_item_id: DEMO.flows.otherUsers, user_id: DEMO.userId })).status, 404);
    assert.equal((await call('GET', 'get_inputs', { user_id: DEMO.userId })).status, 400);
    assert.equal((await call('GET', 'get_inputs', { saved_item_id: DEMO.flows.blogWriter, user_id: DEMO.userId }, OTHER_PERSONAL)).status, 403);
  });

  test('start_pipeline: QUEUED → RUNNING (log lines arrive) → DONE with the flow’s files as outputs', async () => {
    const started = await start(DEMO.flows.blogWriter, { pipeline_inputs: [{ input_name: 'topic', value: 'otters' }] });
    assert.equal(started.status, 200);
    const runId = started.body.run_id as string;
    assert.equal(started.body.saved_item_id, DEMO.flows.blogWriter);
    assert.match(started.body.url as string, new RegExp(`run_id=${runId}`));
    assert.equal((await run(runId)).body.state, 'QUEUED');
    nowMs += 2_000;
    const running = (await run(runId)).body;
    assert.equal(running.state, 'RUNNING');
    assert.ok((running.log as string[]).length >= 1);
    assert.deepEqual(running.outputs, {});
    nowMs += 4_000;
    const done = (await run(runId)).body;
    assert.equal(done.state, 'DONE');
    assert.equal((done.log as string[]).at(-1), 'Flow finished');
    assert.deepEqual(done.outputs, { files: ['hero.svg', 'outline.txt', 'post.md'] });
    assert.ok(done.finished_ts);
    const stored = JSON.parse(await readFile(path.join(emu.get().dataDir, 'runs', runId, 'run.json'), 'utf8'));
    assert.deepEqual(stored.inputs, [{ input_name: 'topic', value: 'otters' }]);
  });

  test('the docs’ other shape (inputs as top-level keys) is read too; unknown or foreign flows are 404', async () => {
    const started = await start(DEMO.flows.blogWriter, { topic: 'owls' });
    const stored = JSON.parse(await readFile(path.join(emu.get().dataDir, 'runs', started.body.run_id as string, 'run.json'), 'utf8'));
    assert.deepEqual(stored.inputs, [{ input_name: 'topic', value: 'owls' }]);
    assert.equal((await start('NoSuchFlow99')).status, 404);
    assert.equal((await start(DEMO.flows.otherUsers)).status, 404);
    assert.equal((await call('POST', 'start_pipeline', { user_id: DEMO.userId })).status, 400);
    // The spec marks user_id required on start_pipeline; project_id alone is not enough.
    const projectOnly = await call('POST', 'start_pipeline', { saved_item_id: DEMO.flows.projectNotes, project_id: DEMO.projectId });
    assert.equal(projectOnly.status, 400);
    assert.match(String(projectOnly.body.error), /user_id is required/);
    assert.equal((await start(DEMO.flows.projectNotes, { project_id: DEMO.projectId })).status, 200);
    assert.equal((await start(DEMO.flows.blogWriter, {}, { authorization: 'Bearer wrong-key-000000000' })).status, 401);
    nowMs += 10_000;
  });

  test('a flow set to fail ends FAILED, with its error as the last log line and no outputs', async () => {
    const runId = (await start(DEMO.flows.brokenImporter)).body.run_id as string;
    nowMs += 4_000;
    const failed = (await run(runId)).body;
    assert.equal(failed.state, 'FAILED');
    assert.match((failed.log as string[]).at(-1) ?? '', /the sheet has no rows/);
    assert.deepEqual(failed.outputs, {});
  });

  test('kill_pipeline: TERMINATING at once, TERMINATED a moment later; a finished run is left alone', async () => {
    const runId = (await start(DEMO.flows.blogWriter, { topic: 'x' })).body.run_id as string;
    nowMs += 1_000;
    assert.deepEqual((await call('POST', 'kill_pipeline', { run_id: runId, user_id: DEMO.userId })).body, { success: true, run_id: runId });
    assert.equal((await run(runId)).body.state, 'TERMINATING');
    nowMs += 2_000;
    const terminated = (await run(runId)).body;
    assert.equal(terminated.state, 'TERMINATED');
    assert.deepEqual(terminated.outputs, {});
    assert.deepEqual((await call('POST', 'kill_pipeline', { run_id: runId, user_id: DEMO.userId })).body, { success: false, run_id: runId });
    assert.equal((await call('POST', 'kill_pipeline', { run_id: 'NoSuchRun123', user_id: DEMO.userId })).status, 404);
    assert.equal((await call('POST', 'kill_pipeline', { run_id: runId, user_id: DEMO.otherUserId }, OTHER_PERSONAL)).status, 404);
  });

  test('the per-account concurrency limit answers 429; queued and finished runs do not count', async () => {
    nowMs += 60_000; // everything started above has finished
    await writeFile(path.join(emu.get().dataDir, 'limits.json'), JSON.stringify({ accounts: { [DEMO.userId]: 2 } }));
    try {
      // The seed's forever-RUNNING run counts; its forever-QUEUED run does not.
      const first = await start(DEMO.flows.blogWriter, { topic: 'a' });
      assert.equal(first.status, 200);
      assert.equal((await start(DEMO.flows.blogWriter, { topic: 'b' })).status, 200, 'the first run is still QUEUED, so it does not count yet');
      nowMs += 1_000;
      const limited = await start(DEMO.flows.blogWriter, { topic: 'c' });
      assert.equal(limited.status, 429);
      assert.match(String(limited.body.error), /allows 2 concurrent flow runs/);
      await call('POST', 'kill_pipeline', { run_id: first.body.run_id, user_id: DEMO.userId });
      nowMs += 2_000;
      assert.equal((await start(DEMO.flows.blogWriter, { topic: 'd' })).status, 429, 'the other started run and the seed run still go');
    } finally {
      await rm(path.join(emu.get().dataDir, 'limits.json'));
    }
  });

  test('upload_file lands in the account’s files; bad names and bad base64 are 400', async () => {
    const content = Buffer.from([0, 1, 2, 250, 255]);
    const uploaded = await call('POST', 'upload_file', { file_name: 'in put.bin', file_content: content.toString('base64'), user_id: DEMO.userId });
    assert.deepEqual(uploaded.body, { success: true, file_name: 'in put.bin' });
    assert.ok((await readFile(path.join(emu.get().dataDir, 'uploads', DEMO.userId, 'in put.bin'))).equals(content));
    assert.equal((await call('POST', 'upload_file', { file_name: '../x', file_content: '', user_id: DEMO.userId })).status, 400);
    assert.equal((await call('POST', 'upload_file', { file_name: 'a.txt', file_content: 'not base64!', user_id: DEMO.userId })).status, 400);
    assert.equal((await call('POST', 'upload_file', { file_name: 'a.txt', file_content: 'YQ==' })).status, 400);
  });
});
