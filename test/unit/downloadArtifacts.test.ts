// downloadArtifacts (src/download/downloadArtifacts.ts) and the signed-URL fetch
// (src/gumloop/signedUrl.ts) against the emulator and its second, recording listener: files
// byte-exact under safe names; no Gumloop credential at the signed-URL host; a size that differs
// from the declared one refused; a link that is not http(s) never followed; the conflict
// policies; and the signature never in an error, a retry notice or a log line.

import assert from 'node:assert/strict';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { GumloopClient } from '../../src/gumloop/client';
import { getArtifactDownload, listArtifacts } from '../../src/gumloop/agents';
import { downloadArtifacts } from '../../src/download/downloadArtifacts';
import { GumloopError } from '../../src/errors';
import { addAgentData, DEMO, type ArtifactJson } from '../emulator/server';
import { DEMO_AGENTS } from '../emulator/agentDemo';
import { withEmulator } from '../support/emulatorFixture';

function noSecretIn(text: string): void {
  assert.ok(!text.includes('X-Goog-Signature'), `a signature parameter leaked: ${text}`);
  assert.ok(!text.includes(DEMO.apiKey), `the key leaked: ${text}`);
}

void describe('downloadArtifacts', () => {
  const emu = withEmulator({ before, after });
  let client: GumloopClient;
  let retries: string[] = [];
  let counter = 0;
  const out = () => path.join(emu.root(), 'out', String(++counter));

  before(() => {
    client = new GumloopClient({
      credentials: { apiKey: DEMO.apiKey, authMode: 'personal', userId: DEMO.userId },
      baseUrl: emu.get().baseUrl,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
      onRetry: (message) => retries.push(message),
    });
  });
  after(() => client.close());
  beforeEach(() => {
    retries = [];
    emu.get().signedRequests.length = 0;
  });

  const seedBytes = (artifactId: string, versionId: string) => readFile(path.join(emu.get().dataDir, 'artifacts', artifactId, versionId));

  function hostile(id: string, filename: string, extra: Partial<ArtifactJson['versions'][number]> = {}): ArtifactJson {
    return { id, agent_id: 'AgEntHost001', session_id: 'sess_Host1', filename, versions: [{ version_id: `v_${id}`, major_version: 1, created_at: `2026-11-01T00:00:${String(counter % 60).padStart(2, '0')}Z`, ...extra }] };
  }

  before(async () => {
    await addAgentData(emu.get().dataDir, { agents: [{ id: 'AgEntHost001', name: 'Hostile', owner: DEMO.userId, created_at: '2026-11-01T00:00:00Z' }] });
  });

  void test('a session’s artifacts arrive byte-exact under their names, at the listed version', async () => {
    const { items } = await listArtifacts(client, DEMO_AGENTS.agents.research, { sessionId: DEMO_AGENTS.sessions.latest });
    const destination = out();
    const result = await downloadArtifacts({ client, artifacts: items, destination, onConflict: 'fail' });
    assert.deepEqual((await readdir(destination)).sort(), ['chart.svg', 'data.csv', 'notes.txt', 'report.md', 'summary.json']);
    for (const item of items) assert.deepEqual(await readFile(path.join(destination, item.filename!)), await seedBytes(item.id, item.versionId!));
    assert.equal(result.written.length, 5);
    assert.equal(result.written.find((file) => file.artifactId === DEMO_AGENTS.artifacts.report)?.versionId, 'ver_Rpt1v2');
    assert.deepEqual(result.renamed, []);
  });

  void test('the signed-URL host gets no Authorization, no x-auth-key, nothing with the key or user id', async () => {
    const { items } = await listArtifacts(client, DEMO_AGENTS.agents.research, { sessionId: DEMO_AGENTS.sessions.earlier });
    await downloadArtifacts({ client, artifacts: items, destination: out(), onConflict: 'fail' });
    const seen = emu.get().signedRequests;
    assert.equal(seen.length, 3);
    for (const request of seen) {
      assert.equal(request.status, 200);
      assert.equal(request.headers.authorization, undefined);
      assert.equal(request.headers['x-auth-key'], undefined);
      const all = JSON.stringify(request.headers);
      assert.ok(!all.includes(DEMO.apiKey) && !all.includes(DEMO.userId), all);
    }
    // While the API itself did get the credentials.
    const api = emu.get().requests.filter((request) => request.path.endsWith('/download'));
    assert.ok(api.length >= 3 && api.every((request) => request.headers.authorization === `Bearer ${DEMO.apiKey}`));
  });

  void test('two artifacts of one name in one folder: name (2).ext, reported as renamed', async () => {
    const { items } = await listArtifacts(client, DEMO_AGENTS.agents.research, { searchQuery: 'report.md' });
    const destination = out();
    const result = await downloadArtifacts({ client, artifacts: items, destination, onConflict: 'fail' });
    assert.deepEqual((await readdir(destination)).sort(), ['report (2).md', 'report.md']);
    assert.equal(result.renamed.length, 1);
    assert.equal(result.renamed[0].to, 'report (2).md');
    assert.match(result.renamed[0].why, /also named “report.md”/);
  });

  void test('hostile names land as one safe file each, inside the destination', async () => {
    const names = ['../x', '.git/hooks/post-checkout', 'bell\u0007\u001b[2J.txt', '.git'];
    const artifacts = names.map((name, index) => hostile(`hn${index}`, name));
    await addAgentData(emu.get().dataDir, { artifacts }, Object.fromEntries(artifacts.map((artifact) => [artifact.id, `bytes of ${artifact.id}`])));
    const { items } = await listArtifacts(client, 'AgEntHost001', { searchQuery: '' });
    const mine = items.filter((item) => item.id.startsWith('hn'));
    const destination = out();
    const result = await downloadArtifacts({ client, artifacts: mine, destination, onConflict: 'fail' });
    assert.deepEqual((await readdir(path.dirname(destination))).filter((name) => name === 'x'), []);
    assert.deepEqual((await readdir(destination)).sort(), ['.git_hooks_post-checkout', '_.._x', '_.git', 'bell.txt'].sort());
    // The control characters were already cleaned when the list was read (agents.ts), so three renames are said here.
    assert.deepEqual(result.renamed.map((item) => item.to).sort(), ['.git_hooks_post-checkout', '_.._x', '_.git']);
  });

  void test('a size other than the declared one is refused, and nothing is written', async () => {
    const liar = hostile('liar1', 'liar.txt', { declared_size: 3 });
    await addAgentData(emu.get().dataDir, { artifacts: [liar] }, { liar1: 'twelve bytes' });
    const destination = out();
    await assert.rejects(
      downloadArtifacts({ client, artifacts: [{ id: 'liar1', filename: 'liar.txt' }], destination, onConflict: 'fail' }),
      (error: unknown) => error instanceof GumloopError && error.code === 'invalid-response' && /declared as 3 bytes/.test(error.message),
    );
    await assert.rejects(readdir(destination), /ENOENT/);
  });

  void test('a download link that is not http(s) is never followed', async () => {
    const local = hostile('file1', 'passwd', { download_url: 'file:///etc/passwd' });
    await addAgentData(emu.get().dataDir, { artifacts: [local] }, { file1: 'x' });
    await assert.rejects(downloadArtifacts({ client, artifacts: [{ id: 'file1', filename: 'passwd' }], destination: out(), onConflict: 'fail' }), (error: unknown) => error instanceof GumloopError && /not http\(s\) \(file:\)/.test(error.message));
    assert.equal(emu.get().signedRequests.length, 0);
  });

  void test('a refused signature: an error naming the host and path only, never the signature', async () => {
    const origin = emu.get().signedUrlOrigin;
    const forged = hostile('forge1', 'forged.txt', { download_url: `${origin}/artifacts/forge1/v_forge1/file?X-Goog-Expires=99999999999999&X-Goog-Signature=deadbeefcafe` });
    await addAgentData(emu.get().dataDir, { artifacts: [forged] }, { forge1: 'x' });
    const error = await downloadArtifacts({ client, artifacts: [{ id: 'forge1', filename: 'forged.txt' }], destination: out(), onConflict: 'fail' }).then(
      () => assert.fail('a forged link was accepted'),
      (caught: unknown) => caught as GumloopError,
    );
    assert.equal(error.code, 'forbidden');
    assert.match(error.message, /refused the download link/);
    noSecretIn(`${error.message} ${JSON.stringify(error.cause ?? null)} ${String(error.stack)}`);
    assert.ok(!error.message.includes('deadbeefcafe'));
  });

  void test('a storage host that fails twice is retried; the retry notices carry no signature', async () => {
    const origin = emu.get().signedUrlOrigin;
    // A URL whose port answers nothing would be slow to fail; a 503 from a tiny server is quicker.
    const { createServer } = await import('node:http');
    let hits = 0;
    const flaky = createServer((_request, response) => {
      hits++;
      response.writeHead(503, { 'content-length': '0' });
      response.end();
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const port = (flaky.address() as { port: number }).port;
      const flakyArtifact = hostile('flaky1', 'flaky.txt', { download_url: `http://127.0.0.1:${port}/o?X-Goog-Signature=s3cr3tsig` });
      await addAgentData(emu.get().dataDir, { artifacts: [flakyArtifact] }, { flaky1: 'x' });
      const error = await downloadArtifacts({ client, artifacts: [{ id: 'flaky1', filename: 'flaky.txt' }], destination: out(), onConflict: 'fail' }).then(
        () => assert.fail('expected a failure'),
        (caught: unknown) => caught as GumloopError,
      );
      assert.equal(error.code, 'server-error');
      assert.equal(hits, 3);
      assert.equal(retries.length, 2);
      for (const text of [...retries, error.message]) assert.ok(!text.includes('s3cr3tsig') && !text.includes('X-Goog-Signature'), text);
      assert.ok(origin);
    } finally {
      flaky.closeAllConnections();
      await new Promise<void>((resolve) => flaky.close(() => resolve()));
    }
  });

  void test('conflicts: fail writes nothing; skip keeps the existing file; keep-both adds a copy', async () => {
    const { items } = await listArtifacts(client, DEMO_AGENTS.agents.research, { sessionId: DEMO_AGENTS.sessions.failed });
    const destination = out();
    await mkdir(destination, { recursive: true });
    await writeFile(path.join(destination, 'partial.csv'), 'mine');
    await assert.rejects(downloadArtifacts({ client, artifacts: items, destination, onConflict: 'fail' }), (error: unknown) => error instanceof GumloopError && error.code === 'conflict');
    const skipped = await downloadArtifacts({ client, artifacts: items, destination, onConflict: 'skip' });
    assert.deepEqual(skipped.skipped, ['partial.csv']);
    assert.equal(await readFile(path.join(destination, 'partial.csv'), 'utf8'), 'mine');
    const both = await downloadArtifacts({ client, artifacts: items, destination, onConflict: 'keep-both' });
    assert.deepEqual(both.written.map((file) => file.path), ['partial (1).csv']);
    const overwritten = await downloadArtifacts({ client, artifacts: items, destination, onConflict: 'overwrite' });
    assert.deepEqual(overwritten.overwritten, ['partial.csv']);
    assert.deepEqual(await readFile(path.join(destination, 'partial.csv')), await seedBytes(items[0].id, items[0].versionId!));
    // No scratch folder or lock left beside it.
    assert.deepEqual((await readdir(path.dirname(destination))).filter((name) => name.startsWith('.gumloop')), []);
  });

  void test('the size limit refuses before fetching when sizes are declared', async () => {
    const { items } = await listArtifacts(client, DEMO_AGENTS.agents.research, { sessionId: DEMO_AGENTS.sessions.latest });
    await assert.rejects(downloadArtifacts({ client, artifacts: items, destination: out(), onConflict: 'fail', limits: { maxTotalBytes: 10 } }), (error: unknown) => error instanceof GumloopError && error.code === 'archive-limit');
    assert.equal(emu.get().signedRequests.length, 0);
  });

  void test('a cancel ends it with nothing written', async () => {
    const { items } = await listArtifacts(client, DEMO_AGENTS.agents.research, { sessionId: DEMO_AGENTS.sessions.latest });
    const controller = new AbortController();
    const destination = out();
    const running = downloadArtifacts({ client, artifacts: items, destination, onConflict: 'fail', signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(running, (error: unknown) => error instanceof GumloopError && error.code === 'cancelled');
    await assert.rejects(readdir(destination), /ENOENT/);
  });
});

void describe('an expired signed link', () => {
  let nowMs = Date.parse('2026-12-01T10:00:00Z');
  const emu = withEmulator({ before, after }, { now: () => nowMs });
  let client: GumloopClient;
  before(() => {
    client = new GumloopClient({ credentials: { apiKey: DEMO.apiKey, authMode: 'personal', userId: DEMO.userId }, baseUrl: emu.get().baseUrl, retry: { retries: 0 } });
  });
  after(() => client.close());

  void test('is refused by the host; the error says it may have expired, without the link', async () => {
    const { downloadUrl, size } = await getArtifactDownload(client, DEMO_AGENTS.artifacts.report);
    nowMs += 16 * 60_000;
    const error = await client.downloadSignedUrl(downloadUrl, path.join(emu.root(), 'expired.md'), { what: 'artifact “report.md”', expectedBytes: size }).then(
      () => assert.fail('an expired link was served'),
      (caught: unknown) => caught as GumloopError,
    );
    assert.equal(error.code, 'forbidden');
    assert.match(error.message, /refused the download link for artifact “report.md” \(400\); it may have expired/);
    assert.ok(!error.message.includes(new URL(downloadUrl).search));
    assert.equal(emu.get().signedRequests.at(-1)?.status, 400);
  });
});
