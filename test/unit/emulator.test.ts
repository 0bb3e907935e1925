// The Gumloop API emulator, exercised over real HTTP: status rules, zip bodies, get_pl_run, faults.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import AdmZip from 'adm-zip';
import { addRun, copySeed, DEMO, seedFolder, startEmulator, type Emulator } from '../emulator/server';
import { CREDENTIALS_ECHO } from '../emulator/httpIo';

const PERSONAL = { authorization: `Bearer ${DEMO.apiKey}`, 'x-auth-key': DEMO.userId };
const OTHER_PERSONAL = { authorization: `Bearer ${DEMO.otherApiKey}`, 'x-auth-key': DEMO.otherUserId };
const OAUTH = { authorization: `Bearer ${DEMO.oauthToken}` };
const REPORT_FILES = ['sales-report.csv', 'summary.json', 'invoice.pdf', 'chart.png'];

let emulator: Emulator;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'emulator-test-'));
  await copySeed(dataDir);
  emulator = await startEmulator({ dataDir, port: 0 });
});

after(async () => {
  await emulator.close();
  await rm(dataDir, { recursive: true, force: true });
});

function download(body: unknown, headers: Record<string, string> = PERSONAL, signal?: AbortSignal): Promise<Response> {
  return fetch(`${emulator.baseUrl}/download_files`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
}

function getRun(query: Record<string, string>, headers: Record<string, string> = PERSONAL): Promise<Response> {
  return fetch(`${emulator.baseUrl}/get_pl_run?${new URLSearchParams(query)}`, { headers });
}

function reportRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { file_names: REPORT_FILES, run_id: DEMO.runs.report, user_id: DEMO.userId, ...overrides };
}

async function assertError(response: Response, status: number, message: RegExp): Promise<void> {
  const body = (await response.json()) as { error: string };
  assert.equal(response.status, status, `expected ${status}, got ${response.status}: ${body.error}`);
  assert.match(body.error.replace(CREDENTIALS_ECHO, ''), message);
}

async function zipBody(response: Response): Promise<Buffer> {
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/zip');
  const body = Buffer.from(await response.arrayBuffer());
  assert.equal(Number(response.headers.get('content-length')), body.length);
  return body;
}

function entriesOf(zip: Buffer): [string, Buffer][] {
  return new AdmZip(zip).getEntries().map((entry) => [entry.entryName, entry.getData()]);
}

function seedFile(runId: string, name: string): Promise<Buffer> {
  return readFile(path.join(seedFolder(), 'runs', runId, 'files', ...name.split('/')));
}

async function assertZipHoldsSeedFiles(response: Response, runId: string, names: string[]): Promise<void> {
  const entries = entriesOf(await zipBody(response));
  assert.deepEqual(entries.map(([name]) => name), names);
  for (const [name, data] of entries) assert.ok(data.equals(await seedFile(runId, name)), `${name} differs from the seed`);
}

void describe('authentication and validation', () => {
  void test('401 without a bearer key, and 401 for an unknown one', async () => {
    await assertError(await download(reportRequest(), {}), 401, /^Missing API key$/);
    await assertError(await download(reportRequest(), { authorization: `Basic ${DEMO.apiKey}` }), 401, /^Missing API key$/);
    await assertError(await download(reportRequest(), { authorization: 'Bearer nope', 'x-auth-key': DEMO.userId }), 401, /^Invalid API key$/);
  });

  void test('400 for a malformed body, naming the field', async () => {
    await assertError(await download('{not json'), 400, /JSON/);
    await assertError(await download(reportRequest({ file_names: undefined })), 400, /file_names/);
    await assertError(await download(reportRequest({ file_names: [] })), 400, /file_names/);
    await assertError(await download(reportRequest({ file_names: ['a.csv', 3] })), 400, /file_names/);
    await assertError(await download(reportRequest({ run_id: '' })), 400, /run_id/);
    await assertError(await download(reportRequest({ user_id: undefined })), 400, /user_id or project_id/);
  });

  void test('400 for run ids and file names that would leave the data folder', async () => {
    await assertError(await download(reportRequest({ run_id: '..' })), 400, /run_id/);
    await assertError(await download(reportRequest({ run_id: '../runs/Q7kR2mXv9LpT' })), 400, /run_id/);
    await assertError(await download(reportRequest({ file_names: ['../run.json'] })), 400, /file name/);
    await assertError(await download(reportRequest({ file_names: ['/etc/passwd'] })), 400, /file name/);
    await assertError(await download(reportRequest({ file_names: ['C:/Windows/win.ini'] })), 400, /file name/);
    await assertError(await download(reportRequest({ file_names: ['..\\run.json'] })), 400, /file name/);
  });

  void test('checks run in order: the key, then the body, then x-auth-key', async () => {
    await assertError(await download('{not json', { authorization: 'Bearer nope' }), 401, /Invalid API key/);
    await assertError(await download('{not json', { authorization: `Bearer ${DEMO.apiKey}` }), 400, /JSON/);
  });

  void test('a personal key needs a matching x-auth-key', async () => {
    await assertError(await download(reportRequest(), { authorization: `Bearer ${DEMO.apiKey}` }), 401, /x-auth-key/);
    await assertError(await download(reportRequest(), { ...PERSONAL, 'x-auth-key': DEMO.otherUserId }), 403, /^API key does not match user$/);
  });

  void test('an OAuth token needs no x-auth-key, but one sent must match', async () => {
    await assertZipHoldsSeedFiles(await download(reportRequest(), OAUTH), DEMO.runs.report, REPORT_FILES);
    await assertError(await download(reportRequest(), { ...OAUTH, 'x-auth-key': DEMO.otherUserId }), 403, /does not match/);
  });

  void test("403 for another user's user_id and for a project the caller is not in", async () => {
    await assertError(await download(reportRequest({ user_id: DEMO.otherUserId })), 403, /other-user/);
    const projectRequest = { file_names: ['project-notes.md'], run_id: DEMO.runs.project, project_id: DEMO.projectId };
    await assertError(await download(projectRequest, OTHER_PERSONAL), 403, /not a member/);
  });

  void test("404 for an unknown run and for another user's run", async () => {
    await assertError(await download(reportRequest({ run_id: 'Zz9nOtThErE1' })), 404, /^Run Zz9nOtThErE1 not found$/);
    await assertError(await download(reportRequest({ user_id: DEMO.otherUserId }), OTHER_PERSONAL), 404, /^Run Q7kR2mXv9LpT not found$/);
    // A user's run is not a project's run, even for a member.
    await assertError(await download(reportRequest({ user_id: undefined, project_id: DEMO.projectId })), 404, /not found/);
  });

  void test('404 when none of the requested files exist', async () => {
    const response = await download(reportRequest({ file_names: ['missing.csv', 'reports'] }));
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: `None of the requested files exist in run ${DEMO.runs.report} (received Authorization “Bearer ${DEMO.apiKey}”, x-auth-key “${DEMO.userId}”)` });
  });

  void test('500 for a broken file, in a run added while the server runs', async () => {
    await addRun(dataDir, 'B7rokEnFi1eS', { broken_files: ['corrupt.csv'] }, { 'ok.csv': 'a,b\n', 'corrupt.csv': 'x' });
    const request = { file_names: ['ok.csv', 'corrupt.csv'], run_id: 'B7rokEnFi1eS', user_id: DEMO.userId };
    await assertError(await download(request), 500, /^Failed to download file corrupt\.csv$/);
    const okOnly = entriesOf(await zipBody(await download({ ...request, file_names: ['ok.csv'] })));
    assert.deepEqual(okOnly.map(([name, data]) => [name, data.toString()]), [['ok.csv', 'a,b\n']]);
  });
});

void describe('download_files', () => {
  void test('user scope: the requested files, byte for byte, in the requested order', async () => {
    const reversed = [...REPORT_FILES].reverse();
    await assertZipHoldsSeedFiles(await download(reportRequest({ file_names: reversed })), DEMO.runs.report, reversed);
  });

  void test('only the requested names; missing names are skipped', async () => {
    const response = await download(reportRequest({ file_names: ['summary.json', 'missing.csv', 'summary.json'] }));
    await assertZipHoldsSeedFiles(response, DEMO.runs.report, ['summary.json']);
  });

  void test('project scope', async () => {
    const request = { file_names: ['project-notes.md'], run_id: DEMO.runs.project, project_id: DEMO.projectId, saved_item_id: 'si_1' };
    await assertZipHoldsSeedFiles(await download(request), DEMO.runs.project, ['project-notes.md']);
  });

  void test('nested and non-ASCII names keep their relative paths', async () => {
    const nested = ['reports/2026/q3/summary.csv', 'reports/2026/q3/details.json', 'images/logo.png', 'README.txt'];
    await assertZipHoldsSeedFiles(await download({ file_names: nested, run_id: DEMO.runs.nested, user_id: DEMO.userId }), DEMO.runs.nested, nested);
    const unicode = ['résumé.txt', 'データ.csv', 'Ελληνικά/σημειώσεις.md'];
    await assertZipHoldsSeedFiles(await download({ file_names: unicode, run_id: DEMO.runs.unicode, user_id: DEMO.userId }), DEMO.runs.unicode, unicode);
  });
});

void describe('get_pl_run', () => {
  void test("answers the run's state, outputs, times and log", async () => {
    const response = await getRun({ run_id: DEMO.runs.report, user_id: DEMO.userId });
    assert.equal(response.status, 200);
    const run = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(run).sort(), ['created_ts', 'finished_ts', 'log', 'outputs', 'state', 'user_id']);
    assert.equal(run.state, 'DONE');
    assert.equal(run.user_id, DEMO.userId);
    assert.deepEqual((run.outputs as { files: string[] }).files, REPORT_FILES);
    assert.equal((run.outputs as Record<string, unknown>).top_region, 'APAC');
    assert.ok(!Number.isNaN(Date.parse(run.finished_ts as string)));
  });

  void test('lists every file as outputs when run.json has none', async () => {
    const run = (await (await getRun({ run_id: DEMO.runs.nested, user_id: DEMO.userId }, OAUTH)).json()) as { outputs: unknown };
    assert.deepEqual(run.outputs, {
      files: ['README.txt', 'images/logo.png', 'reports/2026/q3/details.json', 'reports/2026/q3/summary.csv'],
    });
  });

  void test('running and failed runs', async () => {
    const running = (await (await getRun({ run_id: DEMO.runs.running, user_id: DEMO.userId })).json()) as Record<string, unknown>;
    assert.equal(running.state, 'RUNNING');
    assert.equal(running.finished_ts, null);
    const failed = (await (await getRun({ run_id: DEMO.runs.failed, user_id: DEMO.userId })).json()) as { state: string; log: string[] };
    assert.equal(failed.state, 'FAILED');
    assert.match(failed.log.at(-1) ?? '', /failed/i);
  });

  void test('project scope, and the same status rules as download_files', async () => {
    assert.equal((await getRun({ run_id: DEMO.runs.project, project_id: DEMO.projectId })).status, 200);
    await assertError(await getRun({ run_id: DEMO.runs.report, user_id: DEMO.userId }, {}), 401, /Missing API key/);
    await assertError(await getRun({ user_id: DEMO.userId }), 400, /run_id/);
    await assertError(await getRun({ run_id: DEMO.runs.report }), 400, /user_id or project_id/);
    await assertError(await getRun({ run_id: DEMO.runs.report, user_id: DEMO.userId }, { authorization: `Bearer ${DEMO.apiKey}` }), 401, /x-auth-key/);
    await assertError(await getRun({ run_id: DEMO.runs.report, user_id: DEMO.otherUserId }, OTHER_PERSONAL), 404, /not found/);
  });
});

void describe('faults', () => {
  const runId = DEMO.runs.report;
  let normalZip: Buffer;

  before(async () => {
    normalZip = await zipBody(await download(reportRequest()));
  });

  void test('the same request gives the same bytes, so broken bodies can be compared with it', async () => {
    assert.ok((await zipBody(await download(reportRequest()))).equals(normalZip));
  });

  void test('status: answers the status `times` times with Retry-After, then recovers', async () => {
    emulator.setFault(runId, { type: 'status', status: 503, times: 2, retryAfter: 7 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await download(reportRequest());
      assert.equal(response.headers.get('retry-after'), '7');
      await assertError(response, 503, /Service Unavailable/);
    }
    assert.equal((await download(reportRequest())).status, 200);
    emulator.setFault(runId, { type: 'status', status: 429, error: 'Slow down' });
    await assertError(await download(reportRequest()), 429, /^Slow down$/);
    assert.equal((await download(reportRequest())).status, 200);
  });

  void test('faults touch download_files only', async () => {
    emulator.setFault(runId, { type: 'status', status: 500 });
    assert.equal((await getRun({ run_id: runId, user_id: DEMO.userId })).status, 200);
    emulator.setFault(runId, undefined);
    assert.equal((await download(reportRequest())).status, 200);
  });

  void test('drop: full Content-Length, a prefix, then a dead socket', async () => {
    emulator.setFault(runId, { type: 'drop' });
    const response = await download(reportRequest());
    assert.equal(response.status, 200);
    assert.equal(Number(response.headers.get('content-length')), normalZip.length);
    await assert.rejects(response.arrayBuffer());
    emulator.setFault(runId, undefined);
  });

  void test('stall: headers and afterBytes, then silence until the client gives up', async () => {
    emulator.setFault(runId, { type: 'stall', afterBytes: 100 });
    const controller = new AbortController();
    const response = await download(reportRequest(), PERSONAL, controller.signal);
    assert.equal(response.status, 200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    assert.ok(normalZip.subarray(0, 100).equals(Buffer.from(first.value ?? [])));
    const giveUp = setTimeout(() => controller.abort(), 200);
    await assert.rejects(reader.read());
    clearTimeout(giveUp);
    emulator.setFault(runId, undefined);
  });

  void test('truncated: half the zip, delivered cleanly, unreadable as an archive', async () => {
    emulator.setFault(runId, { type: 'truncated' });
    const body = await zipBody(await download(reportRequest()));
    assert.ok(body.equals(normalZip.subarray(0, Math.floor(normalZip.length / 2))));
    assert.throws(() => new AdmZip(body).getEntries());
    emulator.setFault(runId, undefined);
  });

  void test('not-zip: application/zip holding plain text', async () => {
    emulator.setFault(runId, { type: 'not-zip' });
    const body = await zipBody(await download(reportRequest()));
    assert.notEqual(body.subarray(0, 2).toString(), 'PK');
    assert.match(body.toString(), /not a zip/);
    emulator.setFault(runId, undefined);
  });

  void test('archive: streams the given file whatever names were asked for', async () => {
    const archive = path.join(dataDir, 'big.zip');
    const content = randomBytes(3 * 1024 * 1024 + 17);
    await writeFile(archive, content);
    emulator.setFault(runId, { type: 'archive', path: archive });
    const body = await zipBody(await download(reportRequest({ file_names: ['not-in-the-run.txt'] })));
    assert.ok(body.equals(content));
    emulator.setFault(runId, undefined);
  });

  void test('slow: the normal body, at the given rate', async () => {
    const bytesPerSecond = Math.ceil(normalZip.length / 0.3);
    emulator.setFault(runId, { type: 'slow', bytesPerSecond });
    const startedAt = performance.now();
    const body = await zipBody(await download(reportRequest()));
    const elapsedMs = performance.now() - startedAt;
    assert.ok(body.equals(normalZip));
    assert.ok(elapsedMs >= 200 && elapsedMs < 2000, `took ${elapsedMs} ms`);
    emulator.setFault(runId, undefined);
  });

  void test('control route: arm and clear a fault from another process', async () => {
    const control = (body: unknown): Promise<Response> =>
      fetch(`${new URL(emulator.baseUrl).origin}/__emulator/faults`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await control({ runId, fault: { type: 'not-zip' } })).status, 200);
    assert.match((await zipBody(await download(reportRequest()))).toString(), /not a zip/);
    assert.equal((await control({ runId, fault: null })).status, 200);
    assert.ok((await zipBody(await download(reportRequest()))).equals(normalZip));
    await assertError(await control({ runId, fault: { type: 'explode' } }), 400, /unknown fault type/);
  });
});

void describe('recorded requests', () => {
  void test('in process and over HTTP', async () => {
    emulator.clearRequests();
    await download(reportRequest({ file_names: ['summary.json'] }));
    await getRun({ run_id: DEMO.runs.report, user_id: DEMO.userId });
    assert.equal(emulator.requests.length, 2);
    const [post, get] = emulator.requests;
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/api/v1/download_files');
    assert.equal(post.headers['x-auth-key'], DEMO.userId);
    assert.deepEqual(post.body, reportRequest({ file_names: ['summary.json'] }));
    assert.equal(get.path, '/api/v1/get_pl_run');
    assert.deepEqual(get.query, { run_id: DEMO.runs.report, user_id: DEMO.userId });
    assert.equal(get.body, null);
    const overHttp = await (await fetch(`${new URL(emulator.baseUrl).origin}/__emulator/requests`)).json();
    assert.deepEqual(overHttp, emulator.requests);
    emulator.clearRequests();
    assert.equal(emulator.requests.length, 0);
  });
});

void test('close() returns promptly while a stalled download is open', async () => {
  const second = await startEmulator({ dataDir, port: 0 });
  second.setFault(DEMO.runs.report, { type: 'stall' });
  const response = await fetch(`${second.baseUrl}/download_files`, {
    method: 'POST',
    headers: PERSONAL,
    body: JSON.stringify(reportRequest()),
  });
  assert.equal(response.status, 200);
  const bodyDone = response.arrayBuffer();
  const startedAt = performance.now();
  await second.close();
  assert.ok(performance.now() - startedAt < 1000);
  await assert.rejects(bodyDone);
});
