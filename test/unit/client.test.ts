// The API client against the real emulator over loopback: request shape, every status, retries,
// timeouts, and the key never leaking into an error.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { GumloopClient, credentialProblem } from '../../src/gumloop/client';
import { listFlows, listWorkbooks } from '../../src/gumloop/flows';
import { getInputs, killPipeline, startPipeline, uploadFile } from '../../src/gumloop/pipelines';
import { listRecentRuns } from '../../src/gumloop/runHistory';
import { isGumloopError, type GumloopError } from '../../src/errors';
import type { Credentials } from '../../src/gumloop/types';
import { DEMO, addRun } from '../emulator/server';
import { withEmulator } from '../support/emulatorFixture';
import { backoffDelay, parseRetryAfter, DEFAULT_RETRY_POLICY } from '../../src/gumloop/retry';

const personal: Credentials = { apiKey: DEMO.apiKey, authMode: 'personal', userId: DEMO.userId };
const FAST_RETRY = { retries: 3, baseDelayMs: 10, maxDelayMs: 40 };

describe('GumloopClient against the emulator', () => {
  const emu = withEmulator({ before, after });
  let scratch = '';
  before(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'gl-client-'));
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  let n = 0;
  const target = () => path.join(scratch, `z${n++}.zip`);
  const client = (credentials: Partial<Credentials> = {}, extra: Partial<ConstructorParameters<typeof GumloopClient>[0]> = {}) =>
    new GumloopClient({ credentials: { ...personal, ...credentials }, baseUrl: emu.get().baseUrl, retry: FAST_RETRY, ...extra });
  const download = async (c: GumloopClient, runId: string = DEMO.runs.report, fileNames = ['sales-report.csv']) => {
    try {
      return await c.downloadFiles({ runId, fileNames }, target());
    } finally {
      await c.close();
    }
  };
  const failure = async (promise: Promise<unknown>): Promise<GumloopError> => {
    const error = await promise.then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(isGumloopError(error), `a GumloopError, got ${String(error)}`);
    const everything = `${error.message} ${JSON.stringify(error)} ${String(error.stack)} ${String((error.cause as Error | undefined)?.message)}`;
    assert.ok(!everything.includes(DEMO.apiKey) && !everything.includes(DEMO.oauthToken), 'the key never appears in an error');
    return error;
  };

  test('user scope: body fields and headers as the spec names them', async () => {
    emu.get().clearRequests();
    const file = target();
    const c = client();
    const result = await c.downloadFiles({ runId: DEMO.runs.report, fileNames: ['sales-report.csv', 'chart.png'], savedItemId: 'saved-1' }, file);
    await c.close();
    const [request] = emu.get().requests;
    assert.deepEqual(request.body, { file_names: ['sales-report.csv', 'chart.png'], run_id: DEMO.runs.report, user_id: DEMO.userId, saved_item_id: 'saved-1' });
    assert.equal(request.headers.authorization, `Bearer ${DEMO.apiKey}`);
    assert.equal(request.headers['x-auth-key'], DEMO.userId);
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(result.bytes, (await stat(file)).size);
    assert.equal((await readFile(file)).readUInt32LE(0), 0x04034b50);
  });

  test('user_id whenever known, plus project_id, on every endpoint (as both SDKs send them); absent saved_item_id is left out', async () => {
    emu.get().clearRequests();
    const c = client({ projectId: DEMO.projectId });
    try {
      await c.downloadFiles({ runId: DEMO.runs.project, fileNames: ['project-notes.md'] }, target());
      await c.getRun(DEMO.runs.project);
      await listFlows(c);
      await listWorkbooks(c);
      await listRecentRuns(c, DEMO.flows.projectNotes);
      await getInputs(c, DEMO.flows.projectNotes);
      await uploadFile(c, 'brief.txt', Buffer.from('brief'));
      const started = await startPipeline(c, DEMO.flows.projectNotes, []);
      await killPipeline(c, started.runId);
    } finally {
      await c.close();
    }
    const requests = emu.get().requests;
    assert.deepEqual(requests[0].body, { file_names: ['project-notes.md'], run_id: DEMO.runs.project, user_id: DEMO.userId, project_id: DEMO.projectId });
    const endpoints = requests.map((request) => request.path.split('/').pop());
    assert.deepEqual(endpoints, ['download_files', 'get_pl_run', 'list_saved_items', 'list_workbooks', 'get_plrun_saved_item_map', 'get_inputs', 'upload_file', 'start_pipeline', 'kill_pipeline']);
    for (const request of requests) {
      const sent = request.method === 'GET' ? request.query : (request.body as Record<string, unknown>);
      assert.equal(sent.user_id, DEMO.userId, `${request.path} user_id`);
      assert.equal(sent.project_id, DEMO.projectId, `${request.path} project_id`);
    }
  });

  test('an OAuth token sends no x-auth-key', async () => {
    emu.get().clearRequests();
    await download(client({ apiKey: DEMO.oauthToken, authMode: 'oauth' }));
    assert.equal(emu.get().requests[0].headers['x-auth-key'], undefined);
    assert.equal(emu.get().requests[0].headers.authorization, `Bearer ${DEMO.oauthToken}`);
  });

  test('401 for an unknown key, and for a personal key without its user ID', async () => {
    assert.equal((await failure(download(client({ apiKey: 'not-a-real-key-0000000000' })))).code, 'unauthorized');
    const noUser = await failure(download(client({ userId: undefined, projectId: DEMO.projectId }), DEMO.runs.project, ['project-notes.md']));
    assert.equal(noUser.code, 'unauthorized');
    assert.equal(noUser.status, 401);
    assert.match(noUser.message, /Set a valid API key/);
  });

  test('403 when the key and the user ID do not match', async () => {
    const error = await failure(download(client({ userId: DEMO.otherUserId })));
    assert.equal(error.code, 'forbidden');
    assert.match(error.message, /does not match user “other-user”.*Check the user ID/);
  });

  test('404 for an unknown run, and for another user’s run', async () => {
    const unknown = await failure(download(client(), 'NoSuchRun123'));
    assert.equal(unknown.code, 'not-found');
    assert.match(unknown.message, /NoSuchRun123/);
    const other = await failure(download(client({ apiKey: DEMO.otherApiKey, userId: DEMO.otherUserId })));
    assert.equal(other.code, 'not-found');
  });

  test('400 carries the server’s words and is never retried', async () => {
    emu.get().clearRequests();
    const error = await failure(download(client(), DEMO.runs.report, []));
    assert.equal(error.code, 'bad-request');
    assert.match(error.message, /file_names/);
    assert.equal(emu.get().requests.length, 1);
  });

  test('500 when a file cannot be served, after bounded retries', async () => {
    await addRun(emu.get().dataDir, 'BrokenRun001', { user_id: DEMO.userId, state: 'DONE', broken_files: ['lost.csv'] }, { 'lost.csv': 'x' });
    emu.get().clearRequests();
    const error = await failure(download(client(), 'BrokenRun001', ['lost.csv']));
    assert.equal(error.code, 'server-error');
    assert.match(error.message, /Failed to download file lost.csv/);
    assert.equal(emu.get().requests.length, FAST_RETRY.retries + 1, 'one try plus the retries');
  });

  test('503 twice, then success: retried with backoff', async () => {
    emu.get().setFault(DEMO.runs.report, { type: 'status', status: 503, times: 2 });
    emu.get().clearRequests();
    const result = await download(client());
    assert.ok(result.bytes > 0);
    assert.equal(emu.get().requests.length, 3);
  });

  test('429 honours Retry-After before trying again', async () => {
    emu.get().setFault(DEMO.runs.report, { type: 'status', status: 429, times: 1, retryAfter: 1 });
    const started = Date.now();
    await download(client());
    assert.ok(Date.now() - started >= 950, 'waited for Retry-After');
  });

  test('429 with a Retry-After past the limit is reported, not waited for', async () => {
    emu.get().setFault(DEMO.runs.report, { type: 'status', status: 429, times: 1, retryAfter: 3600 });
    const error = await failure(download(client()));
    emu.get().setFault(DEMO.runs.report, undefined);
    assert.equal(error.code, 'rate-limited');
    assert.match(error.message, /Try again in 3600 s/);
  });

  test('a connection dropped mid-body is retried, then reported as a network error', async () => {
    emu.get().setFault(DEMO.runs.report, { type: 'drop' });
    emu.get().clearRequests();
    const error = await failure(download(client()));
    emu.get().setFault(DEMO.runs.report, undefined);
    assert.equal(error.code, 'network');
    assert.equal(emu.get().requests.length, FAST_RETRY.retries + 1);
  });

  test('a stalled body trips the idle timeout and is not retried', async () => {
    emu.get().setFault(DEMO.runs.report, { type: 'stall', afterBytes: 10 });
    emu.get().clearRequests();
    const started = Date.now();
    const error = await failure(download(client({}, { network: { requestTimeoutMs: 400 } })));
    emu.get().setFault(DEMO.runs.report, undefined);
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /did not send data for 0 s|did not send data/);
    assert.ok(Date.now() - started < 5000);
    assert.equal(emu.get().requests.length, 1);
  });

  test('nothing listening: a network error that says what to check', async () => {
    const c = new GumloopClient({ credentials: personal, baseUrl: 'http://127.0.0.1:9/api/v1', retry: FAST_RETRY });
    const error = await failure(download(c));
    assert.equal(error.code, 'network');
    assert.match(error.message, /127\.0\.0\.1:9 \(ECONNREFUSED\).*base URL/);
  });

  test('cancelling mid-download stops at once', async () => {
    emu.get().setFault(DEMO.runs.report, { type: 'slow', bytesPerSecond: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const c = client();
    const error = await failure(c.downloadFiles({ runId: DEMO.runs.report, fileNames: ['sales-report.csv', 'invoice.pdf'] }, target(), { signal: controller.signal }));
    await c.close();
    emu.get().setFault(DEMO.runs.report, undefined);
    assert.equal(error.code, 'cancelled');
  });

  test('a JSON answer that dribbles a byte at a time ends at the request timeout (a total limit, not only idle time)', async () => {
    // One byte every 100 ms never trips undici's 300 ms silence timeout; only a total limit ends it.
    const getPlRun = { endpoint: 'get_pl_run', subject: DEMO.runs.running };
    emu.get().setFaultFor(getPlRun, { type: 'slow', bytesPerSecond: 10 });
    const started = Date.now();
    const c = client({}, { network: { requestTimeoutMs: 300 } });
    try {
      const error = await failure(c.getRun(DEMO.runs.running));
      assert.equal(error.code, 'timeout');
      assert.match(error.message, /did not finish answering within/);
      assert.ok(Date.now() - started < 4000, `ended after ${Date.now() - started} ms`);
    } finally {
      emu.get().setFaultFor(getPlRun, undefined);
      await c.close();
    }
  });

  test('a time limit from outside (AbortSignal.timeout) is a timeout, never the user’s cancel', async () => {
    const getPlRun = { endpoint: 'get_pl_run', subject: DEMO.runs.running };
    emu.get().setFaultFor(getPlRun, { type: 'stall' });
    const c = client();
    try {
      const error = await failure(c.getRun(DEMO.runs.running, { signal: AbortSignal.timeout(200) }));
      assert.equal(error.code, 'timeout');
      assert.doesNotMatch(error.message, /cancelled/);
    } finally {
      emu.get().setFaultFor(getPlRun, undefined);
      await c.close();
    }
  });

  test('get_pl_run: state, outputs, times and log', async () => {
    const c = client();
    const info = await c.getRun(DEMO.runs.report);
    const running = await c.getRun(DEMO.runs.running);
    await c.close();
    assert.equal(info.state, 'DONE');
    assert.deepEqual((info.outputs.files as string[]).slice(0, 2), ['sales-report.csv', 'summary.json']);
    assert.ok(info.createdTs && info.finishedTs && info.log.length > 0);
    assert.equal(running.state, 'RUNNING');
    assert.equal(running.finishedTs, undefined);
    assert.equal((await failure(client({ apiKey: 'nope-nope-nope-nope-nope' }).getRun(DEMO.runs.report))).code, 'unauthorized');
  });
});

test('backoff grows exponentially with jitter, within bounds', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(backoffDelay(0, policy, () => 0), 50);
  assert.equal(backoffDelay(0, policy, () => 1), 100);
  assert.equal(backoffDelay(3, policy, () => 1), 800);
  assert.equal(backoffDelay(10, policy, () => 1), 1000);
  assert.equal(parseRetryAfter('2'), 2000);
  assert.equal(parseRetryAfter(new Date(Date.now() + 5000).toUTCString()) ! > 3000, true);
  assert.equal(parseRetryAfter('soon'), undefined);
});

test('credentials: flows need a user or project scope; the agents API needs none with an OAuth token; a personal key always needs its user', () => {
  const oauth = { apiKey: 'tok_abc', authMode: 'oauth' as const };
  assert.match(credentialProblem(oauth) ?? '', /Set a user ID or a project ID/);
  assert.equal(credentialProblem(oauth, 'agents'), undefined);
  assert.equal(credentialProblem({ ...oauth, projectId: 'p1' }), undefined);
  const personal = { apiKey: 'key_abc', authMode: 'personal' as const };
  for (const api of ['flows', 'agents'] as const) assert.match(credentialProblem(personal, api) ?? '', /needs your Gumloop user ID/);
  assert.equal(credentialProblem({ ...personal, userId: 'u1' }, 'agents'), undefined);
});
