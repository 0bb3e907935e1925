// Agents, teams, sessions and artifacts: dataDir/agents.json (read on every request) and the
// artifacts' bytes in dataDir/artifacts/<artifact id>/<version id>. addAgentData() writes both.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ApiError } from './apiError';
import type { ApiKeyRecord } from './accounts';

export interface TeamJson {
  id: string;
  name: string;
  /** User ids; only members may list the team's agents. */
  members: string[];
}

export interface AgentJson {
  id: string;
  name: string;
  description?: string;
  /** Set: a team agent (listed with `team_id`); unset: the owner's own agent. */
  team_id?: string;
  /** The user id that owns it. */
  owner: string;
  created_at: string;
  is_active?: boolean;
  /** Hostile: every list page of this agent's sessions and artifacts answers with the first page's cursor again. */
  hostile_paging?: 'repeat-cursor';
}

export type SessionStateJson = 'processing' | 'completed' | 'failed' | 'queued' | 'idle' | string;

export interface SessionJson {
  id: string;
  agent_id: string;
  name?: string | null;
  type?: string;
  state: SessionStateJson;
  created_at: string;
}

export interface ArtifactVersionJson {
  version_id: string;
  major_version: number;
  created_at: string;
  /** Hostile: the size the download answer declares, instead of the file's real size. */
  declared_size?: number;
  /** Hostile: the `download_url` answered instead of a signed one (e.g. `file:///etc/passwd`). */
  download_url?: string;
}

export interface ArtifactJson {
  id: string;
  agent_id: string;
  session_id: string;
  /** As the server sends it: hostile names are data too. */
  filename: string;
  media_type?: string;
  /** Oldest first; the last is the current version (the only one the list shows). */
  versions: ArtifactVersionJson[];
}

export interface AgentData {
  teams: TeamJson[];
  agents: AgentJson[];
  sessions: SessionJson[];
  artifacts: ArtifactJson[];
}

export function agentsFile(dataDir: string): string {
  return path.join(dataDir, 'agents.json');
}

export function artifactBytesFile(dataDir: string, artifactId: string, versionId: string): string {
  return path.join(dataDir, 'artifacts', safePart(artifactId), safePart(versionId));
}

function safePart(id: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(id) || id === '.' || id === '..') throw new ApiError(400, `Invalid id ${JSON.stringify(id)}`);
  return id;
}

/** A data folder without agents.json has no agents (the flow-only seeds of older tests). */
export async function readAgentData(dataDir: string): Promise<AgentData> {
  let text: string;
  try {
    text = await readFile(agentsFile(dataDir), 'utf8');
  } catch {
    return { teams: [], agents: [], sessions: [], artifacts: [] };
  }
  const parsed = JSON.parse(text) as Partial<AgentData>;
  return { teams: parsed.teams ?? [], agents: parsed.agents ?? [], sessions: parsed.sessions ?? [], artifacts: parsed.artifacts ?? [] };
}

/**
 * Adds teams, agents, sessions and artifacts (with their bytes: `files[artifactId][versionId]`,
 * or `files[artifactId]` for the current version) to the data folder, keeping what is there.
 */
export async function addAgentData(dataDir: string, data: Partial<AgentData>, files: Record<string, string | Buffer | Record<string, string | Buffer>> = {}): Promise<void> {
  const current = await readAgentData(dataDir);
  for (const [artifactId, content] of Object.entries(files)) {
    const artifact = [...(data.artifacts ?? []), ...current.artifacts].find((candidate) => candidate.id === artifactId);
    if (!artifact) throw new Error(`addAgentData: no artifact ${artifactId} for its bytes`);
    const byVersion = typeof content === 'string' || Buffer.isBuffer(content) ? { [artifact.versions[artifact.versions.length - 1].version_id]: content } : content;
    for (const [versionId, bytes] of Object.entries(byVersion)) {
      const file = artifactBytesFile(dataDir, artifactId, versionId);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
    }
  }
  const merged: AgentData = {
    teams: [...current.teams, ...(data.teams ?? [])],
    agents: [...current.agents, ...(data.agents ?? [])],
    sessions: [...current.sessions, ...(data.sessions ?? [])],
    artifacts: [...current.artifacts, ...(data.artifacts ?? [])],
  };
  // agents.json last: a request must not see an artifact whose bytes are still being written.
  await writeFile(agentsFile(dataDir), `${JSON.stringify(merged, null, 2)}\n`);
}

/** May the caller see this agent: its owner, or a member of its team. */
export function canSeeAgent(caller: ApiKeyRecord, agent: AgentJson, data: AgentData): boolean {
  if (agent.team_id === undefined) return agent.owner === caller.userId;
  return data.teams.some((team) => team.id === agent.team_id && team.members.includes(caller.userId));
}

/** The agent, or 404 (unknown) / 403 (someone else's), as the spec lists them. */
export function agentFor(caller: ApiKeyRecord, agentId: string, data: AgentData): AgentJson {
  const agent = data.agents.find((candidate) => candidate.id === agentId);
  if (!agent) throw new ApiError(404, `Agent ${agentId} not found`);
  if (!canSeeAgent(caller, agent, data)) throw new ApiError(403, `No read access on agent ${agentId}`);
  return agent;
}

/** Newest first, then by id, so pages are stable. */
export function newestFirst<T extends { id: string }>(items: T[], createdOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => (createdOf(a) < createdOf(b) ? 1 : createdOf(a) > createdOf(b) ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `page_size`: default 20, clamped to 1–100 as the spec says; not an integer is a 400. */
export function pageSizeOf(query: URLSearchParams): number {
  const raw = query.get('page_size');
  if (raw === null) return 20;
  if (!/^-?\d+$/.test(raw)) throw new ApiError(400, 'page_size must be an integer');
  return Math.min(100, Math.max(1, Number(raw)));
}

/** An opaque cursor (base64 of the list it belongs to and the offset); a foreign or broken one is a 400. */
export function encodeCursor(list: string, offset: number): string {
  return Buffer.from(JSON.stringify({ l: list, o: offset })).toString('base64');
}

export function decodeCursor(list: string, cursor: string | null): number {
  if (cursor === null || cursor === '') return 0;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { l?: unknown; o?: unknown };
    if (value.l === list && Number.isInteger(value.o) && (value.o as number) >= 0) return value.o as number;
  } catch {
    // Falls through to the 400.
  }
  throw new ApiError(400, 'Invalid cursor');
}

/** One page of `items` from the cursor, with the next cursor or null; `repeat` answers the first page's cursor every time (hostile). */
export function pageOf<T>(items: T[], list: string, query: URLSearchParams, repeat = false): { page: T[]; next_cursor: string | null } {
  const size = pageSizeOf(query);
  const offset = decodeCursor(list, query.get('cursor'));
  const page = items.slice(offset, offset + size);
  const end = offset + page.length;
  if (repeat && items.length > size) return { page, next_cursor: encodeCursor(list, size) };
  return { page, next_cursor: end < items.length ? encodeCursor(list, end) : null };
}
