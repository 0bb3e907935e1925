// The agents commands as a user runs them (the built bundle in a child process) against the
// emulator: 250 artifacts over two sessions and three pages; `artifacts --json` has all 250;
// `download --agent … --session …` writes them byte-exact; the signed-URL host never sees a
// Gumloop header; neither the key nor a signature is printed; hostile paging stops with a warning.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addAgentData, DEMO, type ArtifactJson } from '../emulator/server';
import { DEMO_AGENTS } from '../emulator/agentDemo';
import { withEmulator } from '../support/emulatorFixture';
import { runCli, type CliRun } from '../support/cliRunner';

const AGENT = 'AgEnt250Art1';
const SESSIONS = ['sess_Big0001', 'sess_Big0002'];

void describe('gumloop-files agents, sessions, artifacts, download --agent', () => {
  const emu = withEmulator({ before, after });
  let cwd = '';
  const bytes = new Map<string, Buffer>();
  const env = () => ({ GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl });
  const cli = (args: string[]) => runCli([...args, '--user-id', DEMO.userId], env(), cwd);

  before(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'gl-cli-agents-'));
    const artifacts: ArtifactJson[] = [];
    const files: Record<string, Buffer> = {};
    for (let index = 0; index < 250; index++) {
      const id = `art_Big${String(index).padStart(4, '0')}`;
      const session = SESSIONS[index % 2];
      // Names repeat across the sessions (file-0 … file-124 in each), sizes vary, some are empty.
      const content = randomBytes(index % 17 === 0 ? 0 : 100 + ((index * 997) % 5000));
      files[id] = content;
      bytes.set(id, content);
      artifacts.push({ id, agent_id: AGENT, session_id: session, filename: `file-${Math.floor(index / 2)}.bin`, media_type: 'application/octet-stream', versions: [{ version_id: `v_${id}`, major_version: 1, created_at: new Date(Date.UTC(2026, 10, 1, 0, 0, index)).toISOString() }] });
    }
    await addAgentData(emu.get().dataDir, { agents: [{ id: AGENT, name: 'Big agent', owner: DEMO.userId, created_at: '2026-11-01T00:00:00Z' }], sessions: SESSIONS.map((id, n) => ({ id, agent_id: AGENT, name: `Big ${n}`, state: 'completed', created_at: `2026-11-0${n + 1}T00:00:00Z` })), artifacts }, files);
  });
  after(() => rm(cwd, { recursive: true, force: true }));

  function noSecrets(run: CliRun): void {
    const printed = `${run.stdout}\n${run.stderr}`;
    assert.ok(!printed.includes(DEMO.apiKey), 'the key was printed');
    assert.ok(!/X-Goog-Signature|X-Goog-Expires/.test(printed), 'a signed link was printed');
    assert.ok(!printed.includes(emu.get().signedUrlOrigin), 'the signed-URL host was printed');
  }

  void test('artifacts --json: all 250 over three pages of 100, in one JSON value', async () => {
    emu.get().clearRequests();
    const run = await cli(['artifacts', '--agent', AGENT, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const list = JSON.parse(run.stdout) as { artifactId: string; sessionId: string; size: number }[];
    assert.equal(list.length, 250);
    assert.equal(new Set(list.map((item) => item.artifactId)).size, 250);
    assert.equal(list.find((item) => item.artifactId === 'art_Big0001')?.size, bytes.get('art_Big0001')!.length);
    assert.equal(emu.get().requestCounts()[`GET /agents/${AGENT}/artifacts`], 3);
    noSecrets(run);
  });

  void test('download --agent --session: that session’s 125 files byte-exact in gumloop/agents/<agent>/<session>/; no Gumloop header at the signed-URL host', async () => {
    emu.get().signedRequests.length = 0;
    const run = await cli(['download', '--agent', AGENT, '--session', SESSIONS[0]]);
    assert.equal(run.code, 0, run.stderr);
    const folder = path.join(cwd, 'gumloop', 'agents', AGENT, SESSIONS[0]);
    const names = await readdir(folder);
    assert.equal(names.length, 125);
    for (let index = 0; index < 250; index += 2) {
      const id = `art_Big${String(index).padStart(4, '0')}`;
      assert.deepEqual(await readFile(path.join(folder, `file-${index / 2}.bin`)), bytes.get(id), id);
    }
    assert.equal(run.stdout.trim().split('\n').length, 125);
    assert.ok(run.stdout.split('\n')[0].startsWith(`gumloop/agents/${AGENT}/${SESSIONS[0]}/`));
    assert.equal(emu.get().signedRequests.length, 125);
    for (const request of emu.get().signedRequests) {
      assert.equal(request.headers.authorization, undefined);
      assert.equal(request.headers['x-auth-key'], undefined);
      assert.ok(!JSON.stringify(request.headers).includes(DEMO.apiKey));
    }
    noSecrets(run);
  });

  void test('download again: fail writes nothing and says so in one line, exit 1; --on-conflict skip exits 0', async () => {
    const again = await cli(['download', '--agent', AGENT, '--session', SESSIONS[0]]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr.split('\n').length, 1);
    assert.match(again.stderr, /^gumloop-files: 125 files already exist/);
    const skip = await cli(['download', '--agent', AGENT, '--session', SESSIONS[0], '--on-conflict', 'skip', '--json']);
    assert.equal(skip.code, 0, skip.stderr);
    assert.equal((JSON.parse(skip.stdout) as { skipped: string[] }).skipped.length, 125);
  });

  void test('download --out with both sessions: name clashes become name (2).ext, said on stderr and in --json', async () => {
    const run = await cli(['download', '--agent', AGENT, '--artifact', 'art_Big0000,art_Big0001', '--artifact', 'art_Big0003', '--out', 'flat', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { files: { path: string; artifactId: string }[]; renamed: { to: string }[] };
    assert.deepEqual(result.files.map((file) => [file.artifactId, file.path]), [
      ['art_Big0000', 'file-0.bin'],
      ['art_Big0001', 'file-0 (2).bin'],
      ['art_Big0003', 'file-1.bin'],
    ]);
    assert.deepEqual(result.renamed.map((item) => item.to), ['file-0 (2).bin']);
    assert.match(run.stderr, /art_Big0001 “file-0.bin” saved as “file-0 \(2\).bin”/);
    assert.deepEqual(await readFile(path.join(cwd, 'flat', 'file-0 (2).bin')), bytes.get('art_Big0001'));
  });

  void test('an unknown --artifact is one line, exit 1, nothing written', async () => {
    const run = await cli(['download', '--agent', AGENT, '--artifact', 'art_Nope', '--out', 'nope']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^gumloop-files: Artifact art_Nope is not among the artifacts of agent AgEnt250Art1\. Nothing was written\./);
    await assert.rejects(readdir(path.join(cwd, 'nope')));
  });

  void test('agents (own and team), sessions as a table; usage errors exit 2', async () => {
    const own = await cli(['agents', '--json']);
    assert.equal(own.code, 0, own.stderr);
    assert.ok((JSON.parse(own.stdout) as { agentId: string }[]).some((agent) => agent.agentId === DEMO_AGENTS.agents.research));
    const team = await cli(['agents', '--team-id', DEMO_AGENTS.teams.support]);
    assert.equal(team.code, 0, team.stderr);
    assert.match(team.stdout, /^AGENT ID +NAME +TEAM +CREATED\n/);
    assert.match(team.stdout, new RegExp(DEMO_AGENTS.agents.triage));
    const sessions = await cli(['sessions', '--agent', DEMO_AGENTS.agents.research, '--json']);
    assert.equal((JSON.parse(sessions.stdout) as unknown[]).length, 45);
    const missing = await cli(['sessions', '--json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /sessions needs --agent <id>/);
    assert.equal((JSON.parse(missing.stdout) as { exitCode: number }).exitCode, 2);
    const stray = await cli(['agents', '--run-id', 'x']);
    assert.equal(stray.code, 2);
  });

  void test('with an OAuth token the agents commands need no --user-id (the agents API scopes by team); flows still ask for a scope', async () => {
    const oauth = { ...env(), GUMLOOP_API_KEY: DEMO.oauthToken };
    const agents = await runCli(['agents', '--oauth', '--json'], oauth, cwd);
    assert.equal(agents.code, 0, agents.stderr);
    assert.ok((JSON.parse(agents.stdout) as { agentId: string }[]).some((agent) => agent.agentId === AGENT), agents.stdout);
    const artifacts = await runCli(['artifacts', '--agent', AGENT, '--session', SESSIONS[0], '--oauth', '--json'], oauth, cwd);
    assert.equal(artifacts.code, 0, artifacts.stderr);
    assert.equal((JSON.parse(artifacts.stdout) as unknown[]).length, 125);
    const flows = await runCli(['flows', '--oauth'], oauth, cwd);
    assert.equal(flows.code, 2);
    assert.match(flows.stderr, /Set a user ID or a project ID/);
  });

  void test('a server that repeats its cursor: the list ends with a warning, not a loop', async () => {
    const loopArtifacts = ['l1', 'l2', 'l3'].map((id, n) => ({ id, agent_id: 'AgEntLoop002', session_id: 'sess_L', filename: `${id}.txt`, versions: [{ version_id: `v${id}`, major_version: 1, created_at: `2026-11-0${n + 1}T00:00:00Z` }] }));
    const loopSessions = Array.from({ length: 150 }, (_, n) => ({ id: `sess_L${n}`, agent_id: 'AgEntLoop002', state: 'idle', created_at: '2026-11-01T00:00:00Z' }));
    await addAgentData(emu.get().dataDir, { agents: [{ id: 'AgEntLoop002', name: 'Loop', owner: DEMO.userId, created_at: '2026-11-01T00:00:00Z', hostile_paging: 'repeat-cursor' }], sessions: loopSessions, artifacts: loopArtifacts }, { l1: 'a', l2: 'b', l3: 'c' });
    emu.get().clearRequests();
    const run = await cli(['sessions', '--agent', 'AgEntLoop002', '--json']);
    assert.equal(run.code, 0, run.stderr);
    // Page 2 (the last 50) answers page 2's cursor again: two requests, everything listed once, then the stop.
    assert.equal((JSON.parse(run.stdout) as unknown[]).length, 150);
    assert.equal(emu.get().requestCounts()['GET /agents/AgEntLoop002/sessions'], 2);
    assert.match(run.stderr, /warning: Gumloop sent a page cursor it had sent before, while listing the sessions of agent AgEntLoop002/);
  });
});
