// Agents, teams, sessions and artifacts (Gumloop's agents API: spec/gumloop-api/agents/): the
// requests and their tolerant parsing. No vscode import: the Agents view, the language-model
// tools and the CLI share it. Names, states and dates are cleaned once, here (src/sanitize);
// ids stay as sent (they go back into requests) and must be printable (optionalId). A signed
// `url` an artifact carries is never kept: it is a credential, and downloads ask for a fresh one.
import type { JsonCallOptions } from './client';
import { describeJsonType, invalidResponse, isRecord, listField, optionalId, optionalLine, optionalParagraph, parseJsonBody, type JsonRecord } from './jsonBody';

export interface Team {
  id: string;
  /** Falls back to the id. */
  name: string;
}

export interface Agent {
  id: string;
  /** Falls back to the id. */
  name: string;
  description?: string;
  teamId?: string;
  isActive?: boolean;
  /** ISO date-time as sent. */
  createdAt?: string;
}

/** The documented states; anything else Gumloop adds later is kept as its (cleaned) word. */
export const SESSION_STATES = ['processing', 'completed', 'failed', 'queued', 'idle'] as const;
export type KnownSessionState = (typeof SESSION_STATES)[number];

export interface Session {
  id: string;
  agentId?: string;
  /** As sent (may be absent: the view shows the first words or the date instead). */
  name?: string;
  /** `api`, `web`, `slack`, … */
  type?: string;
  /** A known state, another word Gumloop sent, or undefined when it sent none. */
  state?: KnownSessionState | string;
  createdAt?: string;
}

export interface Artifact {
  id: string;
  agentId?: string;
  sessionId?: string;
  /** As sent, cleaned to one line but NOT yet a safe file name: see download/artifactNames.ts. */
  filename?: string;
  /** From `metadata.media_type` when present. */
  mediaType?: string;
  /** From `metadata.size` when present (bytes). */
  size?: number;
  /** When this version was created (the list shows the latest version). */
  createdAt?: string;
  /** The id of the version listed (the latest); `download` takes it as `version_id`. */
  versionId?: string;
  /** `major_version`, e.g. 2. */
  majorVersion?: number;
}

/** What GET /artifacts/{id}/download answers. */
export interface ArtifactDownload {
  /** A signed URL on another host: a secret for its lifetime. Never log or show it (see signedUrl.ts). */
  downloadUrl: string;
  filename?: string;
  mediaType?: string;
  size?: number;
}

/** One page of a cursor-paged list: `nextCursor` is opaque, sent back exactly as received. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** What the calls need from GumloopClient (a fake in tests): a GET of `<base>/<path>?<query>` without the flows' user/project scope. */
export interface AgentsApi {
  getPath(path: string, query: Record<string, string>, options?: JsonCallOptions): Promise<string>;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** The most a page may hold (`page_size` maximum in the spec); the pager asks for full pages. */
export const MAX_PAGE_SIZE = 100;

export async function listTeams(api: AgentsApi, options: CallOptions = {}): Promise<Team[]> {
  const text = await api.getPath('teams', {}, { signal: options.signal, context: { subject: 'The list of teams' } });
  return parseTeams(text);
}

/** GET /agents: the caller's own agents, or a team's with `teamId`. `next_cursor` is reserved (always null today) and ignored. */
export async function listAgents(api: AgentsApi, teamId?: string, options: CallOptions = {}): Promise<Agent[]> {
  const query: Record<string, string> = teamId ? { team_id: teamId } : {};
  const subject = teamId ? `Team “${teamId}”` : 'The list of agents';
  const text = await api.getPath('agents', query, { signal: options.signal, context: { subject } });
  return parseAgents(text).items;
}

export async function listSessions(api: AgentsApi, agentId: string, cursor?: string, options: CallOptions & { pageSize?: number } = {}): Promise<Page<Session>> {
  const query: Record<string, string> = { page_size: String(pageSize(options.pageSize)) };
  if (cursor !== undefined) query.cursor = cursor;
  const text = await api.getPath(`agents/${encodeURIComponent(agentId)}/sessions`, query, { signal: options.signal, context: { subject: `Agent “${agentId}”` } });
  return parseSessions(text);
}

export interface ArtifactQuery {
  sessionId?: string;
  searchQuery?: string;
  cursor?: string;
  /** 1–100; default 100 (fewest requests). */
  pageSize?: number;
}

export async function listArtifacts(api: AgentsApi, agentId: string, query: ArtifactQuery = {}, options: CallOptions = {}): Promise<Page<Artifact>> {
  const params: Record<string, string> = { page_size: String(pageSize(query.pageSize)) };
  if (query.sessionId) params.session_id = query.sessionId;
  if (query.searchQuery) params.search_query = query.searchQuery;
  if (query.cursor !== undefined) params.cursor = query.cursor;
  const subject = query.sessionId ? `Session “${query.sessionId}” of agent “${agentId}”` : `Agent “${agentId}”`;
  const text = await api.getPath(`agents/${encodeURIComponent(agentId)}/artifacts`, params, { signal: options.signal, context: { subject } });
  return parseArtifacts(text);
}

/** GET /artifacts/{id}/download (`versionId` only when the API listed it: never a guessed id). */
export async function getArtifactDownload(api: AgentsApi, artifactId: string, versionId?: string, options: CallOptions = {}): Promise<ArtifactDownload> {
  const query: Record<string, string> = versionId ? { version_id: versionId } : {};
  const subject = versionId ? `Version “${versionId}” of artifact “${artifactId}”` : `Artifact “${artifactId}”`;
  const text = await api.getPath(`artifacts/${encodeURIComponent(artifactId)}/download`, query, { signal: options.signal, context: { subject } });
  return parseArtifactDownload(text);
}

function pageSize(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return MAX_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(requested)));
}

// ---- parsing -------------------------------------------------------------------------------

export function parseTeams(text: string): Team[] {
  const items = listField(parseJsonBody(text, 'teams'), 'teams', 'teams');
  return usable(items, 'teams', 'teams that have no id', (item) => {
    const id = optionalId(item.id);
    return id ? { id, name: optionalLine(item.name) ?? id } : undefined;
  });
}

/**
 * One page of a listing (`field` holds the items, `cursor` the next page): each item with an id
 * becomes what `toItem` makes of it; items without one are skipped (all of them: a broken answer).
 */
function parsePage<T>(text: string, field: 'agents' | 'sessions' | 'artifacts', toItem: (item: Record<string, unknown>, id: string) => T): Page<T> {
  const body = parseJsonBody(text, field);
  return {
    items: usable(listField(body, field, field), field, `${field} that have no id`, (item) => {
      const id = optionalId(item.id);
      return id ? toItem(item, id) : undefined;
    }),
    nextCursor: cursorOf(body),
  };
}

export function parseAgents(text: string): Page<Agent> {
  return parsePage(text, 'agents', (item, id) => ({
    id,
    name: optionalLine(item.name) ?? id,
    description: optionalParagraph(item.description),
    teamId: optionalId(item.team_id),
    isActive: typeof item.is_active === 'boolean' ? item.is_active : undefined,
    createdAt: optionalLine(item.created_at),
  }));
}

export function parseSessions(text: string): Page<Session> {
  return parsePage(text, 'sessions', (item, id) => ({
    id,
    agentId: optionalId(item.agent_id),
    name: optionalLine(item.name),
    type: optionalLine(item.type),
    state: sessionState(item.state),
    createdAt: optionalLine(item.created_at),
  }));
}

export function parseArtifacts(text: string): Page<Artifact> {
  return parsePage(text, 'artifacts', (item, id) => {
    const metadata = isRecord(item.metadata) ? item.metadata : {};
    return {
      id,
      agentId: optionalId(item.agent_id),
      sessionId: optionalId(item.session_id),
      filename: optionalLine(item.filename),
      mediaType: optionalLine(metadata.media_type),
      size: byteCount(metadata.size),
      createdAt: optionalLine(item.created_at),
      versionId: optionalId(item.version_id),
      majorVersion: typeof item.major_version === 'number' && Number.isSafeInteger(item.major_version) ? item.major_version : undefined,
    };
  });
}

export function parseArtifactDownload(text: string): ArtifactDownload {
  const endpoint = 'artifacts/{id}/download';
  const body = parseJsonBody(text, endpoint);
  if (!isRecord(body)) throw invalidResponse(endpoint, `${describeJsonType(body)} where an object with “download_url” was expected`);
  // Not cleaned for display (it is never displayed); a URL with spaces or controls is not one.
  const url = typeof body.download_url === 'string' && /^[\x21-\x7e]+$/.test(body.download_url) ? body.download_url : undefined;
  if (!url) throw invalidResponse(endpoint, 'no usable “download_url”');
  return { downloadUrl: url, filename: optionalLine(body.filename), mediaType: optionalLine(body.media_type), size: byteCount(body.size) };
}

function sessionState(value: unknown): Session['state'] {
  const word = optionalLine(value);
  if (word === undefined) return undefined;
  const lower = word.toLowerCase();
  return (SESSION_STATES as readonly string[]).includes(lower) ? (lower as KnownSessionState) : word;
}

function byteCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A cursor as sent (opaque: never built, never changed); absent when null, empty or not a string. */
function cursorOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  return typeof body.next_cursor === 'string' && body.next_cursor !== '' ? body.next_cursor : undefined;
}

/** The items `read` can use; a non-empty list with none usable is a changed API, not an empty one. */
function usable<T>(items: unknown[], endpoint: string, what: string, read: (item: JsonRecord) => T | undefined): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    const value = read(item);
    if (value !== undefined) out.push(value);
  }
  if (out.length === 0 && items.length > 0) throw invalidResponse(endpoint, what);
  return out;
}
