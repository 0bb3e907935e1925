// The agents API core (src/gumloop/agents.ts, paging.ts): tolerant parsing, the pager's safety
// (cursor passed back unchanged, a repeated cursor or an empty page stops it with a warning, a
// signal ends it), and the real client against the emulator: own and team agents, every session
// state over several pages, artifacts filtered by session and search, 403/404 said as such.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GumloopClient } from '../../src/gumloop/client';
import { listAgents, listArtifacts, listSessions, listTeams, parseArtifactDownload, parseArtifacts, parseSessions, type Artifact, type Page, type Session } from '../../src/gumloop/agents';
import { followPages } from '../../src/gumloop/paging';
import { GumloopError } from '../../src/errors';
import { addAgentData, DEMO } from '../emulator/server';
import { DEMO_AGENTS } from '../emulator/agentDemo';
import { withEmulator } from '../support/emulatorFixture';

void describe('parsing', () => {
  void test('sessions: known states lower-cased, unknown states kept as their cleaned word, missing state undefined', () => {
    const page = parseSessions(
      JSON.stringify({
        sessions: [
          { id: 's1', state: 'completed', name: 'A' },
          { id: 's2', state: 'PROCESSING' },
          { id: 's3', state: 'paused\u001b[31m' },
          { id: 's4', state: null },
          { id: 'bad id with spaces', state: 'idle' },
        ],
        next_cursor: 'c==',
      }),
    );
    assert.deepEqual(
      page.items.map((session) => [session.id, session.state]),
      [
        ['s1', 'completed'],
        ['s2', 'processing'],
        ['s3', 'paused'],
        ['s4', undefined],
      ],
    );
    assert.equal(page.nextCursor, 'c==');
  });

  void test('artifacts: metadata size and media type, version, no signed url kept; null cursor is the end', () => {
    const page = parseArtifacts(
      JSON.stringify({
        artifacts: [{ id: 'a1', version_id: 'v2', major_version: 2, session_id: 's1', filename: 'r\u0007.md', created_at: '2026-05-15T14:32:00Z', metadata: { media_type: 'text/markdown', size: 12 }, url: 'https://x/?sig=SECRET' }],
        next_cursor: null,
      }),
    );
    assert.deepEqual(page.items, [{ id: 'a1', agentId: undefined, sessionId: 's1', filename: 'r.md', mediaType: 'text/markdown', size: 12, createdAt: '2026-05-15T14:32:00Z', versionId: 'v2', majorVersion: 2 }]);
    assert.equal(page.nextCursor, undefined);
    assert.ok(!JSON.stringify(page).includes('SECRET'));
  });

  void test('a list of items none of which has an id is a changed API, not an empty list', () => {
    assert.throws(() => parseArtifacts(JSON.stringify({ artifacts: [{ name: 'x' }] })), (error: unknown) => error instanceof GumloopError && error.code === 'invalid-response');
    assert.deepEqual(parseArtifacts(JSON.stringify({ artifacts: [], next_cursor: null })).items, []);
  });

  void test('download answer: a download_url is required and must be one token', () => {
    assert.equal(parseArtifactDownload(JSON.stringify({ download_url: 'https://h/p?s=1', size: 3 })).size, 3);
    assert.throws(() => parseArtifactDownload(JSON.stringify({ filename: 'x' })), /download_url/);
    assert.throws(() => parseArtifactDownload(JSON.stringify({ download_url: 'https://h/p q' })), /download_url/);
  });
});

function pages(list: Page<{ id: string }>[]): { fetch: (cursor: string | undefined) => Promise<Page<{ id: string }>>; asked: (string | undefined)[] } {
  const asked: (string | undefined)[] = [];
  return {
    asked,
    fetch: (cursor) => {
      asked.push(cursor);
      const page = list[asked.length - 1];
      if (!page) throw new Error(`asked for page ${asked.length} of ${list.length}`);
      return Promise.resolve(page);
    },
  };
}

void describe('followPages', () => {
  void test('follows every cursor, passing each back exactly as received', async () => {
    const source = pages([
      { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'eyJvIjoyfQ==+/' },
      { items: [{ id: 'c' }], nextCursor: ' odd cursor ' },
      { items: [{ id: 'd' }] },
    ]);
    const warnings: string[] = [];
    const result = await followPages(source.fetch, { onWarning: (w) => warnings.push(w) });
    assert.deepEqual(source.asked, [undefined, 'eyJvIjoyfQ==+/', ' odd cursor ']);
    assert.deepEqual(result.items.map((item) => item.id), ['a', 'b', 'c', 'd']);
    assert.equal(result.pages, 3);
    assert.deepEqual(warnings, []);
  });

  void test('a repeated cursor stops the listing with a warning instead of looping', async () => {
    const source = pages([
      { items: [{ id: 'a' }], nextCursor: 'c1' },
      { items: [{ id: 'b' }], nextCursor: 'c2' },
      { items: [{ id: 'c' }], nextCursor: 'c1' },
    ]);
    const warnings: string[] = [];
    const result = await followPages(source.fetch, { onWarning: (w) => warnings.push(w), what: 'artifacts of agent “x”' });
    assert.equal(source.asked.length, 3);
    assert.deepEqual(result.items.map((item) => item.id), ['a', 'b', 'c']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /cursor it had sent before.*artifacts of agent “x”.*3 pages with 3 items/);
    assert.equal(result.warning, warnings[0]);
  });

  void test('a page with nothing new (repeated items, fresh cursor) stops with a warning', async () => {
    const source = pages([
      { items: [{ id: 'a' }], nextCursor: 'c1' },
      { items: [{ id: 'a' }], nextCursor: 'c2' },
      { items: [{ id: 'z' }] },
    ]);
    const result = await followPages(source.fetch);
    assert.equal(source.asked.length, 2);
    assert.deepEqual(result.items.map((item) => item.id), ['a']);
    assert.match(result.warning ?? '', /nothing new/);
  });

  void test('an aborted signal ends it between pages', async () => {
    const controller = new AbortController();
    let calls = 0;
    const endless = (cursor: string | undefined) => {
      calls++;
      if (calls === 2) controller.abort();
      return Promise.resolve({ items: [{ id: `i${calls}` }], nextCursor: `${cursor ?? ''}x` });
    };
    await assert.rejects(followPages(endless, { signal: controller.signal }), (error: unknown) => error instanceof GumloopError && error.code === 'cancelled');
    assert.equal(calls, 2);
  });
});

void describe('the client against the emulator', () => {
  const emu = withEmulator({ before, after });
  let client: GumloopClient;
  before(() => {
    client = new GumloopClient({ credentials: { apiKey: DEMO.apiKey, authMode: 'personal', userId: DEMO.userId }, baseUrl: emu.get().baseUrl, retry: { retries: 0 } });
  });
  after(() => client.close());

  void test('teams; own agents; a team’s agents; a team of others is a 403', async () => {
    assert.deepEqual((await listTeams(client)).map((team) => team.name), ['Acme Sales', 'Acme Support']);
    assert.deepEqual((await listAgents(client)).map((agent) => agent.id).sort(), [DEMO_AGENTS.agents.research, DEMO_AGENTS.agents.writer]);
    assert.deepEqual((await listAgents(client, DEMO_AGENTS.teams.sales)).map((agent) => agent.id), [DEMO_AGENTS.agents.sales]);
    await assert.rejects(listAgents(client, DEMO_AGENTS.teams.others), (error: unknown) => error instanceof GumloopError && error.code === 'forbidden');
  });

  void test('no flow scope (user_id/project_id) goes with agents requests, the auth headers do', async () => {
    emu.get().clearRequests();
    await listAgents(client);
    const [request] = emu.get().requests;
    assert.deepEqual(request.query, {});
    assert.equal(request.headers.authorization, `Bearer ${DEMO.apiKey}`);
    assert.equal(request.headers['x-auth-key'], DEMO.userId);
  });

  void test('sessions: every state, newest first, over three pages of 20', async () => {
    emu.get().clearRequests();
    const all = await followPages<Session>((cursor) => listSessions(client, DEMO_AGENTS.agents.research, cursor, { pageSize: 20 }));
    assert.equal(all.pages, 3);
    assert.equal(all.items.length, 45);
    assert.equal(emu.get().requestCounts()[`GET /agents/${DEMO_AGENTS.agents.research}/sessions`], 3);
    assert.deepEqual(new Set(all.items.map((session) => session.state)), new Set(['processing', 'completed', 'failed', 'queued', 'idle']));
    const times = all.items.map((session) => session.createdAt ?? '');
    assert.deepEqual(times, [...times].sort().reverse());
  });

  void test('artifacts: by session, by search, and a foreign agent is a 403, an unknown one a 404', async () => {
    const bySession = await listArtifacts(client, DEMO_AGENTS.agents.research, { sessionId: DEMO_AGENTS.sessions.latest });
    assert.equal(bySession.items.length, 5);
    const report = bySession.items.find((artifact: Artifact) => artifact.id === DEMO_AGENTS.artifacts.report);
    assert.equal(report?.majorVersion, 2);
    assert.equal(report?.versionId, 'ver_Rpt1v2');
    assert.equal(report?.size, Buffer.byteLength('# Q4 account research\n\nThree accounts grew; two are at risk.\n'));
    const searched = await listArtifacts(client, DEMO_AGENTS.agents.research, { searchQuery: 'REPORT' });
    assert.deepEqual(searched.items.map((artifact) => artifact.filename), ['report.md', 'report.md']);
    await assert.rejects(listArtifacts(client, DEMO_AGENTS.agents.others), (error: unknown) => error instanceof GumloopError && error.code === 'forbidden');
    await assert.rejects(listArtifacts(client, 'NoSuchAgent'), (error: unknown) => error instanceof GumloopError && error.code === 'not-found' && /Agent “NoSuchAgent”/.test(error.message));
  });

  void test('a hostile server that repeats its cursor ends the artifact listing with a warning, not a loop', async () => {
    const artifacts = ['h1', 'h2', 'h3'].map((id) => ({ id, agent_id: 'AgEntLoop001', session_id: 'sess_Loop1', filename: `${id}.txt`, versions: [{ version_id: `v_${id}`, major_version: 1, created_at: '2026-11-01T00:00:00Z' }] }));
    await addAgentData(emu.get().dataDir, { agents: [{ id: 'AgEntLoop001', name: 'Loop', owner: DEMO.userId, created_at: '2026-11-01T00:00:00Z', hostile_paging: 'repeat-cursor' }], artifacts }, { h1: 'a', h2: 'b', h3: 'c' });
    emu.get().clearRequests();
    const all = await followPages((cursor) => listArtifacts(client, 'AgEntLoop001', { cursor, pageSize: 1 }));
    assert.equal(all.pages, 2);
    assert.equal(emu.get().requests.length, 2);
    assert.match(all.warning ?? '', /sent before/);
});
});
