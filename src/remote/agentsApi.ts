// What the Agents view asks Gumloop, each call exactly one request through the SAME request budget
// as the Flows view (built once in activate()), so the two views together stay within it. The
// shapes here are what the view needs of agents, sessions and artifacts; the core's parsers
// (src/gumloop/) fill them. No vscode import.
import { listAgents, listArtifacts, listSessions, listTeams, type Agent, type AgentsApi as PathGetter, type Artifact, type Page, type Session, type Team } from '../gumloop/agents';
import type { RequestBudget } from './requestBudget';
import { budgetedCall, type CallOptions } from './flowsApi';

export type { Agent as AgentItem, Artifact as ArtifactItem, Page, Session as SessionItem, Team as TeamItem } from '../gumloop/agents';

export interface ArtifactQuery {
  sessionId?: string;
  searchQuery?: string;
  cursor?: string;
}

export interface AgentsApi {
  listAgents(teamId: string | undefined, options: CallOptions): Promise<Agent[]>;
  listTeams(options: CallOptions): Promise<Team[]>;
  listSessions(agentId: string, cursor: string | undefined, options: CallOptions): Promise<Page<Session>>;
  listArtifacts(agentId: string, query: ArtifactQuery, options: CallOptions): Promise<Page<Artifact>>;
}

/** The core's calls, each one request through `budget` with the client's own retries off (a retry would be a request the budget never saw). */
export function budgetedAgentsApi(getter: PathGetter, budget: RequestBudget): AgentsApi {
  const once: PathGetter = { getPath: (path, query, options) => getter.getPath(path, query, { ...options, retry: { retries: 0 } }) };
  const call = budgetedCall(budget);
  return {
    listAgents: (teamId, options) => call(() => listAgents(once, teamId, { signal: options.signal }), options),
    listTeams: (options) => call(() => listTeams(once, { signal: options.signal }), options),
    listSessions: (agentId, cursor, options) => call(() => listSessions(once, agentId, cursor, { signal: options.signal }), options),
    listArtifacts: (agentId, query, options) => call(() => listArtifacts(once, agentId, query, { signal: options.signal }), options),
  };
}

/** Sessions whose artifacts may still grow: polled while the view is visible. */
export function isLiveSession(state: string | undefined): boolean {
  return state === 'processing' || state === 'queued';
}
