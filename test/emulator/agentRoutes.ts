// The agents API (spec/gumloop-api/agents/): GET /teams, /agents, /agents/{id}/sessions,
// /agents/{id}/artifacts and /artifacts/{id}/download. Checks, in order: bearer key (401) → an
// armed status fault → x-auth-key for personal keys (401/403) → query shape (400) → the agent
// exists (404) and the caller may read it (403). Fault endpoints are the spec's operationIds:
// listTeams, listAgents, listSessions, listArtifacts, downloadArtifact (subject: the agent, or
// the artifact for downloadArtifact).

import { readAccounts, type ApiKeyRecord } from './accounts';
import type { ApiCall } from './apiCall';
import { ApiError } from './apiError';
import { checkAuthKeyHeader, identifyCaller } from './authorize';
import { agentFor, artifactBytesFile, canSeeAgent, newestFirst, pageOf, readAgentData, type AgentJson, type ArtifactJson, type SessionJson } from './agentStore';
import { answerStatusFault, sendJsonAnswer } from './jsonAnswer';
import { stat } from 'node:fs/promises';

export type AgentHandler = (call: ApiCall, params: string[]) => Promise<void>;

const ROUTES: { method: string; pattern: RegExp; handler: AgentHandler }[] = [
  { method: 'GET', pattern: /^\/teams$/, handler: listTeams },
  { method: 'GET', pattern: /^\/agents$/, handler: listAgents },
  { method: 'GET', pattern: /^\/agents\/([^/]+)\/sessions$/, handler: listSessions },
  { method: 'GET', pattern: /^\/agents\/([^/]+)\/artifacts$/, handler: listArtifacts },
  { method: 'GET', pattern: /^\/artifacts\/([^/]+)\/download$/, handler: downloadArtifact },
];

/** The handler for `METHOD /route` with its path parameters (decoded), 'wrong-method', or undefined. */
export function matchAgentRoute(method: string, route: string): ((call: ApiCall) => Promise<void>) | 'wrong-method' | undefined {
  let known = false;
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(route);
    if (!match) continue;
    known = true;
    if (candidate.method !== method) continue;
    const params = match.slice(1).map((part) => decodeURIComponent(part));
    return (call) => candidate.handler(call, params);
  }
  return known ? 'wrong-method' : undefined;
}

/** Checks 1 and 3, with a status fault between; undefined when the fault answered. */
async function caller(call: ApiCall, endpoint: string, subject?: string): Promise<ApiKeyRecord | undefined> {
  const accounts = await readAccounts(call.dataDir);
  const record = identifyCaller(call.headers, accounts);
  if (answerStatusFault(call, { endpoint, subject })) return undefined;
  checkAuthKeyHeader(record, call.headers);
  return record;
}

async function listTeams(call: ApiCall): Promise<void> {
  const who = await caller(call, 'listTeams');
  if (!who) return;
  const data = await readAgentData(call.dataDir);
  const teams = data.teams.filter((team) => team.members.includes(who.userId)).map((team) => ({ id: team.id, name: team.name }));
  sendJsonAnswer(call, { endpoint: 'listTeams' }, { teams });
}

async function listAgents(call: ApiCall): Promise<void> {
  const teamId = call.query.get('team_id') ?? undefined;
  const who = await caller(call, 'listAgents', teamId);
  if (!who) return;
  const data = await readAgentData(call.dataDir);
  let agents: AgentJson[];
  if (teamId !== undefined) {
    const team = data.teams.find((candidate) => candidate.id === teamId);
    if (!team?.members.includes(who.userId)) throw new ApiError(403, `No agent access on team ${teamId}`);
    agents = data.agents.filter((agent) => agent.team_id === teamId);
  } else {
    agents = data.agents.filter((agent) => agent.team_id === undefined && agent.owner === who.userId);
  }
  const search = call.query.get('search')?.toLowerCase();
  if (search) agents = agents.filter((agent) => agent.name.toLowerCase().includes(search));
  sendJsonAnswer(call, { endpoint: 'listAgents', subject: teamId }, { agents: newestFirst(agents, (agent) => agent.created_at).map(agentJson), next_cursor: null });
}

function agentJson(agent: AgentJson): Record<string, unknown> {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description ?? '',
    team_id: agent.team_id ?? null,
    is_active: agent.is_active ?? true,
    model_name: 'anthropic/claude-sonnet-4',
    tools: [],
    resources: [],
    metadata: {},
    folder_id: null,
    created_at: agent.created_at,
    active_trigger_count: 0,
  };
}

async function listSessions(call: ApiCall, [agentId]: string[]): Promise<void> {
  const who = await caller(call, 'listSessions', agentId);
  if (!who) return;
  const data = await readAgentData(call.dataDir);
  const agent = agentFor(who, agentId, data);
  let sessions = data.sessions.filter((session) => session.agent_id === agentId);
  const state = call.query.get('state');
  if (state) sessions = sessions.filter((session) => session.state === state);
  const { page, next_cursor } = pageOf(newestFirst(sessions, (session) => session.created_at), `sessions:${agentId}`, call.query, agent.hostile_paging === 'repeat-cursor');
  sendJsonAnswer(call, { endpoint: 'listSessions', subject: agentId }, { sessions: page.map((session) => sessionJson(session, agent)), next_cursor });
}

function sessionJson(session: SessionJson, agent: AgentJson): Record<string, unknown> {
  return { id: session.id, agent_id: session.agent_id, name: session.name ?? null, type: session.type ?? 'api', messages: [], created_at: session.created_at, state: session.state, agent_name: agent.name, creator: null };
}

async function listArtifacts(call: ApiCall, [agentId]: string[]): Promise<void> {
  const who = await caller(call, 'listArtifacts', agentId);
  if (!who) return;
  const data = await readAgentData(call.dataDir);
  const agent = agentFor(who, agentId, data);
  let artifacts = data.artifacts.filter((artifact) => artifact.agent_id === agentId);
  const sessionId = call.query.get('session_id');
  if (sessionId) artifacts = artifacts.filter((artifact) => artifact.session_id === sessionId);
  const search = call.query.get('search_query')?.toLowerCase();
  if (search) artifacts = artifacts.filter((artifact) => artifact.filename.toLowerCase().includes(search));
  let sorted = newestFirst(artifacts, (artifact) => current(artifact).created_at);
  if (call.query.get('sort_order') === 'oldest') sorted = sorted.reverse();
  const { page, next_cursor } = pageOf(sorted, `artifacts:${agentId}:${sessionId ?? ''}:${search ?? ''}`, call.query, agent.hostile_paging === 'repeat-cursor');
  const items = await Promise.all(page.map((artifact) => artifactJson(call, artifact)));
  sendJsonAnswer(call, { endpoint: 'listArtifacts', subject: agentId }, { artifacts: items, next_cursor });
}

function current(artifact: ArtifactJson) {
  const version = artifact.versions[artifact.versions.length - 1];
  if (!version) throw new Error(`Emulator data: artifact ${artifact.id} has no versions`);
  return version;
}

async function sizeOf(call: ApiCall, artifact: ArtifactJson, versionId: string): Promise<number | null> {
  const stats = await stat(artifactBytesFile(call.dataDir, artifact.id, versionId)).catch(() => undefined);
  return stats ? stats.size : null;
}

async function artifactJson(call: ApiCall, artifact: ArtifactJson): Promise<Record<string, unknown>> {
  const version = current(artifact);
  const size = version.declared_size ?? (await sizeOf(call, artifact, version.version_id));
  return {
    id: artifact.id,
    version_id: version.version_id,
    major_version: version.major_version,
    agent_id: artifact.agent_id,
    session_id: artifact.session_id,
    filename: artifact.filename,
    created_at: version.created_at,
    metadata: { media_type: artifact.media_type ?? 'application/octet-stream', ...(size === null ? {} : { size }) },
    // The list carries a signed URL too, as the spec shows: a client must not log it either.
    url: version.download_url ?? call.signedUrls?.sign(artifact.id, version.version_id) ?? null,
    creator: null,
  };
}

async function downloadArtifact(call: ApiCall, [artifactId]: string[]): Promise<void> {
  const who = await caller(call, 'downloadArtifact', artifactId);
  if (!who) return;
  const data = await readAgentData(call.dataDir);
  const artifact = data.artifacts.find((candidate) => candidate.id === artifactId);
  const agent = artifact && data.agents.find((candidate) => candidate.id === artifact.agent_id);
  if (!artifact || !agent) throw new ApiError(404, `Artifact ${artifactId} not found`);
  if (!canSeeAgent(who, agent, data)) throw new ApiError(403, `No read access on artifact ${artifactId}`);
  const versionId = call.query.get('version_id');
  const version = versionId ? artifact.versions.find((candidate) => candidate.version_id === versionId) : current(artifact);
  if (!version) throw new ApiError(404, `Version ${versionId} of artifact ${artifactId} not found`);
  const size = await sizeOf(call, artifact, version.version_id);
  if (size === null) throw new ApiError(404, `The file of artifact ${artifactId} is unavailable`);
  if (!call.signedUrls && !version.download_url) throw new ApiError(502, 'Failed to generate a download URL');
  const downloadUrl = version.download_url ?? call.signedUrls!.sign(artifact.id, version.version_id);
  sendJsonAnswer(call, { endpoint: 'downloadArtifact', subject: artifactId }, { download_url: downloadUrl, filename: artifact.filename, media_type: artifact.media_type ?? 'application/octet-stream', size: version.declared_size ?? size });
}
