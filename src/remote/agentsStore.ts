// The Agents view's model: agents (in the chosen team's scope) → each agent's sessions, newest
// first, a page at a time ("Load more" while Gumloop gives a next cursor) → each session's
// artifacts (every page followed), and per agent an "All Artifacts" listing with an optional
// search, also a page at a time. Cached per node until a refresh; change events per node so the
// tree redraws one node. Sessions still processing or queued are polled like running runs (the
// SessionPoller: 5 s, ×1.5 up to 30 s, nothing while the view is hidden or the window unfocused, one
// request per agent for its first page of sessions); when one changes state its artifacts are
// asked for again, so what it made appears. Every request goes through the budget the Flows view
// uses too (AgentsApi). No vscode import.
import type { GumloopError } from '../errors';
import type { AgentItem, AgentsApi, ArtifactItem, Page, SessionItem } from './agentsApi';
import { isLiveSession } from './agentsApi';
import { followPages } from '../gumloop/paging';
import { isConnectionError, type Loadable } from './flowsStore';
import { ConnectionWatch, LoadOnce } from './loadOnce';
import { SessionPoller } from './sessionPoller';
import type { Clock, PollSchedule } from './runWatcher';

/** A listing shown a page at a time. */
export interface Paged<T> {
  items: T[];
  /** Set while Gumloop has more: the tree shows "Load more". */
  nextCursor?: string;
  loadingMore: boolean;
  moreError?: GumloopError;
  /** Why paging stopped early (a repeated cursor, a page with nothing new). */
  warning?: string;
  /** Every cursor sent so far: one sent again means the server loops. */
  sentCursors: Set<string>;
}

export type AgentsChange =
  | { scope: 'all' }
  | { scope: 'agent'; agentId: string }
  | { scope: 'session'; agentId: string; sessionId: string }
  | { scope: 'allArtifacts'; agentId: string };

export interface AgentsStoreOptions {
  api: AgentsApi;
  clock: Clock;
  /** The team whose agents are shown; undefined: the caller's own. */
  teamId(): string | undefined;
  isVisible(): boolean;
  isFocused(): boolean;
  schedule?: PollSchedule;
  log?(message: string): void;
}

type Listener<T> = (value: T) => void;

/** A page merged into what is shown: new items appended, and whether paging goes on. Pure. */
export function mergePage<T extends { id: string }>(shown: readonly T[], page: Page<T>, sentCursors: ReadonlySet<string>): { items: T[]; nextCursor?: string; warning?: string } {
  const known = new Set(shown.map((item) => item.id));
  const fresh = page.items.filter((item) => !known.has(item.id));
  const items = [...shown, ...fresh];
  if (!page.nextCursor) return { items };
  if (sentCursors.has(page.nextCursor)) return { items, warning: 'Gumloop sent a cursor it had sent before; paging stopped here.' };
  if (fresh.length === 0) return { items, warning: 'Gumloop sent a page with nothing new; paging stopped here.' };
  return { items, nextCursor: page.nextCursor };
}

function sessionsSignature(page: Page<SessionItem>): string {
  return JSON.stringify(page.items.map((session) => [session.id, session.state ?? '']));
}

const sessionKey = (agentId: string, sessionId: string): string => `${agentId}/${sessionId}`;

export class AgentsStore {
  private agents: Loadable<AgentItem[]> = { status: 'idle' };
  private readonly sessions = new Map<string, Loadable<Paged<SessionItem>>>();
  /** A session's artifacts, every page; keyed agentId/sessionId. */
  private readonly artifacts = new Map<string, Loadable<{ items: ArtifactItem[]; warning?: string }>>();
  private readonly allArtifacts = new Map<string, Loadable<Paged<ArtifactItem>>>();
  private readonly searches = new Map<string, string>();
  /** Every listed artifact by agentId/artifactId, the latest listing winning. */
  private readonly artifactIndex = new Map<string, ArtifactItem>();
  private readonly loads = new LoadOnce();
  private readonly listeners = new Set<Listener<AgentsChange>>();
  private readonly connection = new ConnectionWatch(() => this.emit({ scope: 'all' }));
  private readonly poller: SessionPoller<Page<SessionItem>>;

  constructor(private readonly options: AgentsStoreOptions) {
    this.poller = new SessionPoller<Page<SessionItem>>({
      clock: options.clock,
      schedule: options.schedule,
      isActive: () => this.isActive(),
      poll: (agentId, signal) =>
        options.api.listSessions(agentId, undefined, { priority: 'poll', signal, stillWanted: () => this.isActive() && this.poller.isTracking(agentId) }),
      onUpdate: (agentId, page) => this.applySessions(agentId, page),
      onError: (agentId, error) => this.pollFailed(agentId, error),
      signature: sessionsSignature,
      isDone: (page) => !page.items.some((session) => isLiveSession(session.state)),
    });
  }

  // ---- reading (never a request) ----

  agentsState(): Loadable<AgentItem[]> {
    return this.agents;
  }

  agent(agentId: string): AgentItem | undefined {
    return this.agents.status === 'loaded' ? this.agents.value.find((agent) => agent.id === agentId) : undefined;
  }

  sessionsState(agentId: string): Loadable<Paged<SessionItem>> {
    return this.sessions.get(agentId) ?? { status: 'idle' };
  }

  session(agentId: string, sessionId: string): SessionItem | undefined {
    const state = this.sessions.get(agentId);
    return state?.status === 'loaded' ? state.value.items.find((session) => session.id === sessionId) : undefined;
  }

  artifactsState(agentId: string, sessionId: string): Loadable<{ items: ArtifactItem[]; warning?: string }> {
    return this.artifacts.get(sessionKey(agentId, sessionId)) ?? { status: 'idle' };
  }

  allArtifactsState(agentId: string): Loadable<Paged<ArtifactItem>> {
    return this.allArtifacts.get(agentId) ?? { status: 'idle' };
  }

  search(agentId: string): string | undefined {
    return this.searches.get(agentId);
  }

  /** The newest listing of an artifact wherever it was loaded (a session's or All Artifacts); a map look-up, since every row asks. */
  artifact(agentId: string, artifactId: string): ArtifactItem | undefined {
    return this.artifactIndex.get(`${agentId}/${artifactId}`);
  }

  connectionProblem(): GumloopError | undefined {
    return this.connection.current();
  }

  isPolling(agentId: string): boolean {
    return this.poller.isTracking(agentId);
  }

  // ---- loading (at most one request per node, shared by concurrent callers) ----

  loadAgents(): Promise<void> {
    if (this.agents.status === 'loaded' || this.agents.status === 'failed') return Promise.resolve();
    return this.loads.run('agents', async (generation) => {
      this.agents = { status: 'loading' };
      try {
        const agents = await this.options.api.listAgents(this.options.teamId(), { priority: 'user' });
        if (!this.loads.isCurrent(generation)) return;
        this.agents = { status: 'loaded', value: agents };
        this.connected();
      } catch (error) {
        if (!this.loads.isCurrent(generation)) return;
        this.agents = { status: 'failed', error: this.failure(error) };
      }
      this.emit({ scope: 'all' });
    });
  }

  /** The first page of an agent's sessions. */
  loadSessions(agentId: string): Promise<void> {
    return this.loadFirstPage(`sessions:${agentId}`, this.sessions, agentId, () => this.options.api.listSessions(agentId, undefined, { priority: 'user' }), { scope: 'agent', agentId }, (page) => {
      if (page.items.some((session) => isLiveSession(session.state))) this.poller.track(agentId, page);
    });
  }

  /** The next page of an agent's sessions ("Load more"). */
  loadMoreSessions(agentId: string): Promise<void> {
    return this.loadMore(`moreSessions:${agentId}`, () => this.sessions.get(agentId), (cursor) => this.options.api.listSessions(agentId, cursor, { priority: 'user' }), { scope: 'agent', agentId }, (page) => {
      if (page.items.some((session) => isLiveSession(session.state))) this.poller.track(agentId);
    });
  }

  /** Every artifact of a session, all pages followed (a repeated cursor or an empty page stops with a warning). */
  loadSessionArtifacts(agentId: string, sessionId: string): Promise<void> {
    const key = sessionKey(agentId, sessionId);
    const state = this.artifacts.get(key)?.status;
    if (state === 'loaded' || state === 'failed') return Promise.resolve();
    return this.loads.run(`artifacts:${key}`, async (generation) => {
      if (this.artifacts.get(key)?.status !== 'loaded') this.artifacts.set(key, { status: 'loading' });
      try {
        const { items, warning } = await followPages((cursor) => this.options.api.listArtifacts(agentId, { sessionId, cursor }, { priority: 'user' }), {
          what: `the artifacts of session “${sessionId}”`,
        });
        if (!this.loads.isCurrent(generation)) return;
        this.artifacts.set(key, { status: 'loaded', value: { items, warning } });
        this.index(agentId, items);
        this.warn(warning);
        this.connected();
      } catch (error) {
        if (!this.loads.isCurrent(generation)) return;
        this.artifacts.set(key, { status: 'failed', error: this.failure(error) });
      }
      this.emit({ scope: 'session', agentId, sessionId });
    });
  }

  /** The first page of an agent's artifacts, matching its search when one is set. */
  loadAllArtifacts(agentId: string): Promise<void> {
    const searchQuery = this.searches.get(agentId);
    return this.loadFirstPage(`all:${agentId}`, this.allArtifacts, agentId, () => this.options.api.listArtifacts(agentId, { searchQuery }, { priority: 'user' }), { scope: 'allArtifacts', agentId }, (page) =>
      this.index(agentId, page.items),
    );
  }

  loadMoreArtifacts(agentId: string): Promise<void> {
    const searchQuery = this.searches.get(agentId);
    return this.loadMore(
      `moreAll:${agentId}`,
      () => this.allArtifacts.get(agentId),
      (cursor) => this.options.api.listArtifacts(agentId, { searchQuery, cursor }, { priority: 'user' }),
      { scope: 'allArtifacts', agentId },
      (page) => this.index(agentId, page.items),
    );
  }

  // ---- changing what is shown ----

  /** A new search for an agent's All Artifacts (empty: none); its listing starts again. */
  setSearch(agentId: string, query: string | undefined): void {
    const trimmed = query?.trim();
    if (trimmed) this.searches.set(agentId, trimmed);
    else this.searches.delete(agentId);
    this.allArtifacts.delete(agentId);
    this.loads.forget(`all:${agentId}`);
    this.loads.forget(`moreAll:${agentId}`);
    this.emit({ scope: 'allArtifacts', agentId });
  }

  /** Forgets everything (Refresh, Try Again, a new key or team). */
  refreshAll(): void {
    this.loads.reset();
    this.agents = { status: 'idle' };
    this.sessions.clear();
    this.artifacts.clear();
    this.allArtifacts.clear();
    this.artifactIndex.clear();
    this.connection.clear();
    for (const agentId of this.poller.trackedRuns()) this.poller.untrack(agentId);
    this.emit({ scope: 'all' });
  }

  /** Forgets one agent's sessions and artifacts (its Refresh, Retry on its error rows). */
  refreshAgent(agentId: string): void {
    this.sessions.delete(agentId);
    this.allArtifacts.delete(agentId);
    for (const key of [...this.artifacts.keys()]) if (key.startsWith(`${agentId}/`)) this.artifacts.delete(key);
    this.loads.forgetWhere((key) => key.endsWith(`:${agentId}`) || key.startsWith(`artifacts:${agentId}/`));
    this.poller.untrack(agentId);
    this.emit({ scope: 'agent', agentId });
  }

  /** Forgets one session's artifacts (Retry, or a state change). */
  refreshSession(agentId: string, sessionId: string): void {
    const key = sessionKey(agentId, sessionId);
    this.artifacts.delete(key);
    this.loads.forget(`artifacts:${key}`);
    this.emit({ scope: 'session', agentId, sessionId });
  }

  /** The view's visibility or the window's focus changed. */
  activityChanged(): void {
    this.poller.wake();
  }

  onDidChange(listener: Listener<AgentsChange>): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.poller.dispose();
    this.listeners.clear();
  }

  // ---- internals ----

  private isActive(): boolean {
    return this.options.isVisible() && this.options.isFocused() && this.connection.current() === undefined;
  }

  /** A poll's first page of sessions: states updated, new sessions on top, changed sessions' artifacts asked for again. */
  private applySessions(agentId: string, page: Page<SessionItem>): void {
    const state = this.sessions.get(agentId);
    if (state?.status !== 'loaded') return;
    this.connected();
    const fresh = new Map(page.items.map((session) => [session.id, session]));
    const known = new Set(state.value.items.map((session) => session.id));
    const changed: string[] = [];
    const updated = state.value.items.map((session) => {
      const now = fresh.get(session.id);
      if (!now) return session;
      if (now.state !== session.state) changed.push(session.id);
      return { ...session, ...now };
    });
    const added = page.items.filter((session) => !known.has(session.id));
    if (changed.length === 0 && added.length === 0) return;
    state.value.items = [...added, ...updated];
    for (const sessionId of changed) {
      if (this.artifacts.has(sessionKey(agentId, sessionId))) this.refreshSession(agentId, sessionId);
    }
    // What the agent made is in its All Artifacts too: asked for again when next shown.
    if (changed.length > 0 && this.allArtifacts.has(agentId)) {
      this.allArtifacts.delete(agentId);
      this.emit({ scope: 'allArtifacts', agentId });
    }
    this.emit({ scope: 'agent', agentId });
  }

  private pollFailed(agentId: string, error: GumloopError): void {
    this.options.log?.(`Polling the sessions of agent ${agentId} failed: ${error.message}`);
    if (isConnectionError(error)) this.failure(error);
  }

  private loadFirstPage<T extends { id: string }>(
    key: string,
    listings: Map<string, Loadable<Paged<T>>>,
    id: string,
    fetch: () => Promise<Page<T>>,
    change: AgentsChange,
    after?: (page: Page<T>) => void,
  ): Promise<void> {
    const state = listings.get(id)?.status;
    if (state === 'loaded' || state === 'failed') return Promise.resolve();
    return this.loads.run(key, async (generation) => {
      listings.set(id, { status: 'loading' });
      try {
        const page = await fetch();
        if (!this.loads.isCurrent(generation)) return;
        const merged = mergePage([], page, new Set());
        listings.set(id, { status: 'loaded', value: { ...merged, loadingMore: false, sentCursors: new Set() } });
        this.warn(merged.warning);
        after?.(page);
        this.connected();
      } catch (error) {
        if (!this.loads.isCurrent(generation)) return;
        listings.set(id, { status: 'failed', error: this.failure(error) });
      }
      this.emit(change);
    });
  }

  private loadMore<T extends { id: string }>(
    key: string,
    current: () => Loadable<Paged<T>> | undefined,
    fetch: (cursor: string) => Promise<Page<T>>,
    change: AgentsChange,
    after?: (page: Page<T>) => void,
  ): Promise<void> {
    const state = current();
    if (state?.status !== 'loaded' || !state.value.nextCursor) return Promise.resolve();
    return this.loads.run(key, async (generation) => {
      const listing = state.value;
      const cursor = listing.nextCursor!;
      listing.loadingMore = true;
      listing.moreError = undefined;
      this.emit(change);
      try {
        listing.sentCursors.add(cursor);
        const page = await fetch(cursor);
        if (!this.loads.isCurrent(generation) || current() !== state) return;
        const merged = mergePage(listing.items, page, listing.sentCursors);
        listing.items = merged.items;
        listing.nextCursor = merged.nextCursor;
        listing.warning = merged.warning;
        this.warn(merged.warning);
        after?.(page);
        this.connected();
      } catch (error) {
        if (!this.loads.isCurrent(generation) || current() !== state) return;
        listing.sentCursors.delete(cursor);
        listing.moreError = this.failure(error);
      } finally {
        listing.loadingMore = false;
      }
      this.emit(change);
    });
  }

  private index(agentId: string, artifacts: readonly ArtifactItem[]): void {
    for (const artifact of artifacts) this.artifactIndex.set(`${agentId}/${artifact.id}`, artifact);
  }

  private warn(warning: string | undefined): void {
    if (warning) this.options.log?.(warning);
  }

  private failure(error: unknown): GumloopError {
    return this.connection.failure(error);
  }

  private connected(): void {
    if (!this.connection.answered()) return;
    if (this.agents.status === 'failed' && isConnectionError(this.agents.error)) this.agents = { status: 'idle' };
    this.emit({ scope: 'all' });
    this.poller.wake();
  }

  private emit(change: AgentsChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
