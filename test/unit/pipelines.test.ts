import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GumloopError } from '../../src/errors';
import type { JsonCallOptions } from '../../src/gumloop/client';
import { getInputs, killPipeline, MAX_UPLOAD_BYTES, parseInputs, PLAN_LIMIT_MESSAGE, startPipeline, uploadFile, type JsonCaller } from '../../src/gumloop/pipelines';

interface Call {
  method: 'GET' | 'POST';
  endpoint: string;
  payload: Record<string, unknown>;
  options?: JsonCallOptions;
}

/** A JsonCaller that records each call and answers with the next scripted text (or throws it). */
function fake(...answers: (string | Error)[]): JsonCaller & { calls: Call[] } {
  const calls: Call[] = [];
  const answer = async () => {
    const next = answers.shift();
    if (next instanceof Error) throw next;
    return next ?? '{}';
  };
  return {
    calls,
    getJson: (endpoint, query, options) => (calls.push({ method: 'GET', endpoint, payload: query, options }), answer()),
    postJson: (endpoint, body, options) => (calls.push({ method: 'POST', endpoint, payload: body, options }), answer()),
  };
}

test('startPipeline sends the SDKs’ pipeline_inputs shape, is never retried, and reads run_id and url', async () => {
  const client = fake(JSON.stringify({ run_id: 'R1', url: 'https://www.gumloop.com/pipeline?run_id=R1', saved_item_id: 'F1', extra: 1 }));
  const started = await startPipeline(client, 'F1', [{ name: 'topic', value: 'cats=dogs' }, { name: 'empty', value: '' }]);
  assert.deepEqual(started, { runId: 'R1', url: 'https://www.gumloop.com/pipeline?run_id=R1', savedItemId: 'F1', workbookId: undefined });
  assert.equal(client.calls[0].endpoint, 'start_pipeline');
  assert.deepEqual(client.calls[0].payload, { saved_item_id: 'F1', pipeline_inputs: [{ input_name: 'topic', value: 'cats=dogs' }, { input_name: 'empty', value: '' }] });
  assert.deepEqual(client.calls[0].options?.retry, { retries: 0 });
});

test('startPipeline: 429 becomes the plan message; an answer without run_id or not JSON is a clear error', async () => {
  const limited = fake(new GumloopError('rate-limited', 'Gumloop is limiting requests (429). Try again in a moment.', { status: 429 }));
  await assert.rejects(startPipeline(limited, 'F1', []), (error: GumloopError) => error.code === 'rate-limited' && error.message === `${PLAN_LIMIT_MESSAGE}.`);
  await assert.rejects(startPipeline(fake('{"url":"x"}'), 'F1', []), /without a usable run ID/);
  await assert.rejects(startPipeline(fake('<html>'), 'F1', []), /not JSON/);
  await assert.rejects(startPipeline(fake('null'), 'F1', []), /instead of an object/);
  const forbidden = new GumloopError('forbidden', 'no');
  await assert.rejects(startPipeline(fake(forbidden), 'F1', []), (error) => error === forbidden);
});

test('killPipeline posts the run id; a missing success field counts as accepted', async () => {
  const client = fake('{"success":true,"run_id":"R1"}', '{}', '{"success":false}');
  assert.deepEqual(await killPipeline(client, 'R1'), { success: true });
  assert.deepEqual(client.calls[0].payload, { run_id: 'R1' });
  assert.deepEqual(await killPipeline(client, 'R1'), { success: true });
  assert.deepEqual(await killPipeline(client, 'R1'), { success: false });
});

test('get_inputs: documented shape, null descriptions, unknown types as text, junk skipped, wrong type an error', async () => {
  const client = fake(JSON.stringify({ inputs: [{ name: 'topic', data_type: 'string', description: 'What to write about' }, { name: 'doc', data_type: 'file', description: null }] }));
  assert.deepEqual(await getInputs(client, 'F1'), [
    { name: 'topic', dataType: 'string', description: 'What to write about' },
    { name: 'doc', dataType: 'file', description: undefined },
  ]);
  assert.deepEqual(client.calls[0].payload, { saved_item_id: 'F1' });
  assert.deepEqual(parseInputs(JSON.stringify({ inputs: [null, 3, { data_type: 'string' }, { name: 'a', data_type: 'number' }, { name: 'a' }] })), [{ name: 'a', dataType: 'string', description: undefined }]);
  assert.deepEqual(parseInputs('{}'), []);
  assert.deepEqual(parseInputs('[{"name":"bare","data_type":"FILE"}]'), [{ name: 'bare', dataType: 'file', description: undefined }]);
  assert.throws(() => parseInputs('{"inputs":"x"}'), /not a list/);
  assert.throws(() => parseInputs('3'), /a number instead of an object/);
});

test('uploadFile sends base64 content and answers the stored name; oversized files are refused before sending', async () => {
  const client = fake('{"success":true,"file_name":"notes.txt"}');
  assert.deepEqual(await uploadFile(client, 'notes.txt', Buffer.from('héllo')), { fileName: 'notes.txt' });
  assert.deepEqual(client.calls[0].payload, { file_name: 'notes.txt', file_content: Buffer.from('héllo').toString('base64') });
  const empty = fake();
  await assert.rejects(uploadFile(empty, 'big.bin', Buffer.alloc(MAX_UPLOAD_BYTES + 1)), /can be uploaded as a flow input/);
  assert.equal(empty.calls.length, 0);
  await assert.rejects(uploadFile(fake('{"success":false}'), 'a', Buffer.from('x')), /could not store/);
});
