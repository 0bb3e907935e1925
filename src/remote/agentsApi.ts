// What the Agents view asks Gumloop, each call exactly one request through the SAME request budget
// as the Flows view (built once in activate()), so the two views together stay within it. The
// shapes here are what the view needs of agents, sessions and artifacts; the core's parsers
// (src/gumloop/) fill them. No vscode import.
import type { CallOptions } from './flowsApi';

export interface AgentItem {
  id: string;
  name: string;
  description?: string;
  teamId?: string;
}

export interface TeamItem {
  id: string;
  name: string;
}

/** processing, completed, failed, queued, idle, or any other word Gumloop sends (kept as it came). */
export interface SessionItem {
  id: string;
  name?: string;
  state?: string;
  createdAt?: string;
}

export interface ArtifactItem {
  id: string;
  filename: string;
  sessionId?: string;
  versionId?: string;
  majorVersion?: number;
  createdAt?: string;
  /** Bytes, when Gumloop says (the list does not; a download answer does). */
  size?: number;
  mediaType?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque: passed back unchanged, never built. */
  nextCursor?: string;
}

export interface ArtifactQuery {
  sessionId?: string;
  searchQuery?: string;
  cursor?: string;
}

export interface AgentsApi {
  listAgents(teamId: string | undefined, options: CallOptions): Promise<AgentItem[]>;
  listTeams(options: CallOptions): Promise<TeamItem[]>;
  listSessions(agentId: string, cursor: string | undefined, options: CallOptions): Promise<Page<SessionItem>>;
  listArtifacts(agentId: string, query: ArtifactQuery, options: CallOptions): Promise<Page<ArtifactItem>>;
}

/** Sessions whose artifacts may still grow: polled while the view is visible. */
export function isLiveSession(state: string | undefined): boolean {
  return state === 'processing' || state === 'queued';
}
