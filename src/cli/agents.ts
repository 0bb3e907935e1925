// `gumloop-files agents`, `sessions --agent <id>` and `artifacts --agent <id>`: the agents API's
// lists, every page followed (gumloop/paging.ts: a repeated cursor stops with a warning on
// stderr). Tables for people (cli/table.ts), one JSON list with --json.
import { formatBytes } from '../archive/limits';
import { listAgents, listArtifacts, listSessions, type Artifact, type Session } from '../gumloop/agents';
import { followPages } from '../gumloop/paging';
import { relativeTime } from '../ui/runPresentation';
import { isApiId } from '../validation';
import { checkOptions, usage, type CliValues } from './args';
import type { CommandContext } from './context';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS } from './download';
import { EXIT } from './exitCodes';
import { writeList, type Column } from './table';

/** The value of an ID option, checked before anything is sent. */
export function idOption(values: CliValues, name: 'agent' | 'session' | 'team-id', command: string, required: boolean): string | undefined {
  const value = values[name]?.trim();
  if (value === undefined || value === '') {
    if (required) throw usage(`${command} needs --${name} <id>`);
    return undefined;
  }
  if (!isApiId(value)) throw usage(`--${name} must be an ID (printable characters, no spaces)`);
  return value;
}

// IDs are checked when parsed (printable, at most 256 characters) and must stay pasteable: never cut.
const AGENT_COLUMNS: readonly Column[] = [
  { header: 'AGENT ID', maxWidth: 256 },
  { header: 'NAME', maxWidth: 60 },
  { header: 'TEAM', maxWidth: 256 },
  { header: 'CREATED', maxWidth: 10 },
];

export async function agentsCommand(context: CommandContext): Promise<number> {
  checkOptions('agents', context.values, ['team-id', 'json']);
  const teamId = idOption(context.values, 'team-id', 'agents', false);
  const { client } = context.connect(DEFAULT_REQUEST_TIMEOUT_SECONDS, 'agents');
  const agents = await listAgents(client, teamId, { signal: context.signal });
  writeList(context, agents, {
    json: (agent) => ({ agentId: agent.id, name: agent.name, description: agent.description ?? null, teamId: agent.teamId ?? null, isActive: agent.isActive ?? null, createdAt: agent.createdAt ?? null }),
    none: `no agents ${teamId ? `in team ${teamId}` : 'of your own (add --team-id <id> for a team’s)'}`,
    columns: AGENT_COLUMNS,
    rows: (all) => all.map((agent) => [agent.id, agent.name, agent.teamId ?? '', agent.createdAt?.slice(0, 10) ?? '']),
  });
  return EXIT.ok;
}

const SESSION_COLUMNS: readonly Column[] = [
  { header: 'SESSION ID', maxWidth: 256 },
  { header: 'STATE', maxWidth: 12 },
  { header: 'NAME', maxWidth: 50 },
  { header: 'STARTED', maxWidth: 12 },
];

export async function sessionsCommand(context: CommandContext): Promise<number> {
  checkOptions('sessions', context.values, ['agent', 'json']);
  const agentId = idOption(context.values, 'agent', 'sessions', true)!;
  const { client } = context.connect(DEFAULT_REQUEST_TIMEOUT_SECONDS, 'agents');
  const { items } = await followPages<Session>((cursor) => listSessions(client, agentId, cursor, { signal: context.signal }), {
    signal: context.signal,
    what: `the sessions of agent ${agentId}`,
    onWarning: (message) => context.stderr(`gumloop-files: warning: ${message}\n`),
  });
  const now = Date.now();
  writeList(context, items, {
    json: (session) => ({ sessionId: session.id, agentId: session.agentId ?? agentId, name: session.name ?? null, type: session.type ?? null, state: session.state ?? null, createdAt: session.createdAt ?? null }),
    none: `agent ${agentId} has no sessions`,
    columns: SESSION_COLUMNS,
    rows: (all) => all.map((session) => [session.id, session.state ?? '?', session.name ?? '', timeAgo(session.createdAt, now)]),
  });
  return EXIT.ok;
}

const ARTIFACT_COLUMNS: readonly Column[] = [
  { header: 'ARTIFACT ID', maxWidth: 256 },
  { header: 'NAME', maxWidth: 50 },
  { header: 'SIZE', maxWidth: 10 },
  { header: 'VERSION', maxWidth: 8 },
  { header: 'SESSION', maxWidth: 256 },
  { header: 'CREATED', maxWidth: 12 },
];

/** Every artifact of the agent (of one session, matching a search), all pages; warnings to stderr. */
export async function allArtifacts(context: CommandContext, client: Parameters<typeof listArtifacts>[0], agentId: string, filter: { sessionId?: string; searchQuery?: string }): Promise<Artifact[]> {
  const what = `the artifacts of agent ${agentId}${filter.sessionId ? ` in session ${filter.sessionId}` : ''}`;
  const { items } = await followPages<Artifact>((cursor) => listArtifacts(client, agentId, { ...filter, cursor }, { signal: context.signal }), {
    signal: context.signal,
    what,
    onWarning: (message) => context.stderr(`gumloop-files: warning: ${message}\n`),
  });
  return items;
}

export async function artifactsCommand(context: CommandContext): Promise<number> {
  checkOptions('artifacts', context.values, ['agent', 'session', 'search', 'json']);
  const agentId = idOption(context.values, 'agent', 'artifacts', true)!;
  const sessionId = idOption(context.values, 'session', 'artifacts', false);
  const searchQuery = context.values.search || undefined;
  const { client } = context.connect(DEFAULT_REQUEST_TIMEOUT_SECONDS, 'agents');
  const items = await allArtifacts(context, client, agentId, { sessionId, searchQuery });
  const now = Date.now();
  writeList(context, items, {
    json: (artifact) => ({ artifactId: artifact.id, filename: artifact.filename ?? null, mediaType: artifact.mediaType ?? null, size: artifact.size ?? null, versionId: artifact.versionId ?? null, majorVersion: artifact.majorVersion ?? null, sessionId: artifact.sessionId ?? null, agentId: artifact.agentId ?? agentId, createdAt: artifact.createdAt ?? null }),
    none: `no artifacts${sessionId ? ` in session ${sessionId}` : ''}${searchQuery ? ' matching the search' : ''} for agent ${agentId}`,
    columns: ARTIFACT_COLUMNS,
    rows: (all) => all.map((artifact) => [artifact.id, artifact.filename ?? '', artifact.size === undefined ? '' : formatBytes(artifact.size), artifact.majorVersion === undefined ? '' : `v${artifact.majorVersion}`, artifact.sessionId ?? '', timeAgo(artifact.createdAt, now)]),
  });
  return EXIT.ok;
}

function timeAgo(iso: string | undefined, now: number): string {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? '' : relativeTime(ms, now);
}
