// The one start path (start/startFlowRun), against the emulator over real HTTP and with a scripted
// client: inputs checked against get_inputs, each file uploaded once, start_pipeline sent once and
// never again on a lost answer, and the run returned with exactly the inputs that were sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GumloopError } from '../../src/errors';
import { GumloopClient } from '../../src/gumloop/client';
import type { JsonCaller } from '../../src/gumloop/pipelines';
import type { FileAssignment } from '../../src/runs/runInputs';
import { startFlowRun, type StartFlowRunRequest } from '../../src/start/startFlowRun';
import { DEMO } from '../emulator/server';
import { withEmulator } from '../support/emulatorFixture';

const SHEET = Buffer.from('order,amount\n1,10\n');

describe('startFlowRun against the emulator', () => {
  const emu = withEmulator({ before, after });
  let client: GumloopClient;
  before(() => {
    client = new GumloopClient({ credentials: { apiKey: DEMO.apiKey, authMode: 'personal', userId: DEMO.userId }, baseUrl: emu.get().baseUrl });
  });
  after(() => client.close());

  const sent = (endpoint: string) => emu.get().requests.filter((r) => r.path.endsWith(`/${endpoint}`));
  /** The sales flow: quarter (text) and orders_sheet (file); reads count per path. */
  function request(extra: Partial<StartFlowRunRequest> = {}): StartFlowRunRequest & { reads: string[] } {
    const reads: string[] = [];
    return {
      savedItemId: DEMO.flows.sales,
      text: [{ name: 'quarter', value: 'Q3' }],
      files: [{ name: 'orders_sheet', path: 'data/orders.csv' }],
      readFile: async (file: FileAssignment) => {
        reads.push(file.path);
        return SHEET;
      },
      checkRuns: 'the flow’s runs',
      reads,
      ...extra,
    };
  }

  test('an input the flow does not have is refused before anything is uploaded or started, naming its inputs', async () => {
    emu.get().clearRequests();
    const asked = request({ text: [{ name: 'quater', value: 'Q3' }] });
    await assert.rejects(startFlowRun(client, asked), (error: GumloopError) => {
      assert.equal(error.code, 'invalid-input');
      assert.match(error.message, /This flow has no input “quater”; its inputs are: quarter, orders_sheet/);
      return true;
    });
    assert.deepEqual(asked.reads, []);
    assert.equal(sent('upload_file').length + sent('start_pipeline').length, 0);
  });

  test('the file is uploaded once, the run started once, and the returned inputs are exactly what start_pipeline was sent', async () => {
    emu.get().clearRequests();
    const asked = request();
    const started = await startFlowRun(client, asked);
    assert.ok(started);
    assert.deepEqual(asked.reads, ['data/orders.csv']);
    const uploads = sent('upload_file');
    assert.equal(uploads.length, 1);
    assert.equal((uploads[0].body as { file_name: string }).file_name, 'orders.csv');
    const starts = sent('start_pipeline');
    assert.equal(starts.length, 1);
    const wire = (starts[0].body as { pipeline_inputs: { input_name: string; value: string }[] }).pipeline_inputs;
    assert.deepEqual(
      started.inputs.map(({ name, value }) => ({ input_name: name, value })),
      wire,
    );
    assert.deepEqual(started.inputs, [
      { name: 'quarter', value: 'Q3' },
      { name: 'orders_sheet', value: started.inputs[1].value, file: 'data/orders.csv' },
    ]);
    assert.match(started.inputs[1].value, /orders/);
    assert.deepEqual(started.left, []);
    assert.equal(started.savedItemId, DEMO.flows.sales);
    assert.match(started.runId, /^[A-Za-z0-9_-]+$/);
  });

  test('a file Gumloop already has (Run Again, --inputs-from) is sent by its uploaded name: not read, not uploaded', async () => {
    emu.get().clearRequests();
    const asked = request({ files: [{ name: 'orders_sheet', path: 'data/orders.csv', uploaded: 'orders-q3.csv' }] });
    const started = await startFlowRun(client, asked);
    assert.ok(started);
    assert.deepEqual(asked.reads, []);
    assert.equal(sent('upload_file').length, 0);
    assert.deepEqual((sent('start_pipeline')[0].body as { pipeline_inputs: unknown }).pipeline_inputs, [
      { input_name: 'quarter', value: 'Q3' },
      { input_name: 'orders_sheet', value: 'orders-q3.csv' },
    ]);
    assert.deepEqual(started.inputs[1], { name: 'orders_sheet', value: 'orders-q3.csv', file: 'data/orders.csv' });
  });

  test('an input left out is listed, not refused, and not sent', async () => {
    emu.get().clearRequests();
    const started = await startFlowRun(client, request({ text: [] }));
    assert.deepEqual(started?.left, ['quarter']);
    assert.deepEqual(started?.inputs.map((input) => input.name), ['orders_sheet']);
    const wire = (sent('start_pipeline')[0].body as { pipeline_inputs: { input_name: string }[] }).pipeline_inputs;
    assert.deepEqual(wire.map((input) => input.input_name), ['orders_sheet']);
  });

  test('a lost start answer: start_pipeline is sent once, the run it started is found, and its inputs are returned', async () => {
    emu.get().clearRequests();
    emu.get().setFaultFor({ endpoint: 'start_pipeline' }, { type: 'drop' });
    try {
      const started = await startFlowRun(client, request());
      assert.ok(started);
      assert.equal(sent('start_pipeline').length, 1);
      assert.equal(sent('upload_file').length, 1);
      assert.match(started.recoveredNotice ?? '', new RegExp(`answer to start_pipeline was lost, but run ${started.runId} of this flow started`));
      assert.deepEqual(started.inputs.map((input) => input.name), ['quarter', 'orders_sheet']);
    } finally {
      emu.get().setFaultFor({ endpoint: 'start_pipeline' }, undefined);
    }
  });
});

describe('startFlowRun with a scripted Gumloop', () => {
  /** get_inputs answers one file input; start_pipeline answers each of `starts` in turn (thrown when an Error). */
  function gumloop(...starts: (string | Error)[]): JsonCaller & { calls: { endpoint: string; signal?: AbortSignal }[] } {
    const calls: { endpoint: string; signal?: AbortSignal }[] = [];
    return {
      calls,
      getJson: async (endpoint, _query, options) => {
        calls.push({ endpoint, signal: options?.signal });
        return JSON.stringify({ inputs: [{ name: 'doc', data_type: 'file' }] });
      },
      postJson: async (endpoint, body, options) => {
        calls.push({ endpoint, signal: options?.signal });
        if (endpoint === 'upload_file') return JSON.stringify({ success: true, file_name: `up-${body.file_name as string}` });
        const next = starts.shift() ?? new Error('no more starts scripted');
        if (next instanceof Error) throw next;
        return next;
      },
    };
  }
  const files = [{ name: 'doc', path: 'notes/a.txt' }];
  const readFile = async () => Buffer.from('text');
  const limited = () => new GumloopError('rate-limited', 'limited', { status: 429 });

  test('at the plan’s limit, Try Again sends start_pipeline again without uploading the file again', async () => {
    const client = gumloop(limited(), JSON.stringify({ run_id: 'R2' }));
    let asked = 0;
    const started = await startFlowRun(client, { savedItemId: 'F1', text: [], files, readFile, checkRuns: 'x', tryAgainWhenLimited: async () => ++asked > 0 });
    assert.equal(started?.runId, 'R2');
    assert.equal(asked, 1);
    assert.deepEqual(client.calls.map((call) => call.endpoint), ['get_inputs', 'upload_file', 'start_pipeline', 'start_pipeline']);
    assert.deepEqual(started?.inputs, [{ name: 'doc', value: 'up-a.txt', file: 'notes/a.txt' }]);
  });

  test('at the plan’s limit, giving up is undefined; without the hook the limit is the error', async () => {
    const gaveUp = await startFlowRun(gumloop(limited()), { savedItemId: 'F1', text: [], files, readFile, checkRuns: 'x', tryAgainWhenLimited: async () => false });
    assert.equal(gaveUp, undefined);
    await assert.rejects(startFlowRun(gumloop(limited()), { savedItemId: 'F1', text: [], files, readFile, checkRuns: 'x' }), (error: GumloopError) => error.code === 'rate-limited');
  });

  test('the caller’s signal goes into every request and the file read', async () => {
    const client = gumloop(JSON.stringify({ run_id: 'R1' }));
    const controller = new AbortController();
    let readSignal: AbortSignal | undefined;
    await startFlowRun(client, {
      savedItemId: 'F1',
      text: [],
      files,
      readFile: async (_file, signal) => ((readSignal = signal), Buffer.from('x')),
      checkRuns: 'x',
      signal: controller.signal,
    });
    assert.equal(readSignal, controller.signal);
    assert.equal(client.calls.length, 3);
    for (const call of client.calls) assert.equal(call.signal, controller.signal, call.endpoint);
  });

  test('inputs that do not fit are the caller’s refusal when it gives one (the CLI’s usage error)', async () => {
    class Usage extends Error {}
    await assert.rejects(
      startFlowRun(gumloop(), { savedItemId: 'F1', text: [{ name: 'doc', value: 'x' }], files: [], readFile, checkRuns: 'x', refuse: (reason) => new Usage(reason) }),
      (error: Error) => error instanceof Usage && /“doc” is a file input/.test(error.message),
    );
  });
});
