// The Agents tree: agents → (All Artifacts, sessions newest first, "Load more") → artifacts, over
// the AgentsStore. Expanding a node asks the store (one request the first time, none after); the
// store's change events redraw the one node that changed. Node objects keep their identity per
// id, because VS Code finds the node to redraw by the element it is given. Rows are drawn by
// ui/agentsPresentation (pure); this file only copies them onto TreeItems.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { treeItemOf, withTooltip } from './treeItem';
import type { GumloopError } from '../errors';
import type { ArtifactItem } from '../remote/agentsApi';
import type { AgentsChange, AgentsStore, Paged } from '../remote/agentsStore';
import { isConnectionError, type Loadable } from '../remote/flowsStore';
import {
  presentAgent,
  presentAllArtifacts,
  presentArtifact,
  presentLoadMore,
  presentPagingWarning,
  presentSession,
  type LocalCopy,
} from '../ui/agentsPresentation';
import { presentConnectionProblem, presentNodeError, presentNote, type NodePresentation } from '../ui/flowsPresentation';

export type AgentNode = { kind: 'agent'; agentId: string };
export type SessionNode = { kind: 'session'; agentId: string; sessionId: string };
export type AllArtifactsNode = { kind: 'all'; agentId: string };
/** `sessionId` is the session it was listed under; undefined under All Artifacts. */
export type ArtifactNode = { kind: 'artifact'; agentId: string; sessionId?: string; artifactId: string };
export type MoreNode = { kind: 'more'; agentId: string; list: 'sessions' | 'all' };
export type AgentsNoteNode = { kind: 'note'; id: string; label: string; warning?: boolean };
export type AgentsErrorNode = { kind: 'error'; id: string; subject: 'agents' | 'sessions' | 'artifacts'; agentId?: string; sessionId?: string; error: GumloopError };
export type AgentsConnectionNode = { kind: 'connection'; error: GumloopError };
export type AgentsTreeNode = AgentNode | SessionNode | AllArtifactsNode | ArtifactNode | MoreNode | AgentsNoteNode | AgentsErrorNode | AgentsConnectionNode;

export interface AgentsTreeOptions {
  store: AgentsStore;
  hasApiKey(): Promise<boolean>;
  /** What is known of the artifact's copy in the workspace (downloaded, older than this version). */
  localCopy(agentId: string, artifact: ArtifactItem): LocalCopy | undefined;
  now?(): number;
}

const LOADING_ROW_AFTER_MS = 300;
const LOADING_AGENTS: AgentsNoteNode = { kind: 'note', id: 'loading:agents', label: 'Loading agents…' };

export class AgentsTreeProvider implements vscode.TreeDataProvider<AgentsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AgentsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, AgentsTreeNode>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly options: AgentsTreeOptions) {
    this.subscription = options.store.onDidChange((change) => this.redraw(change));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: AgentsTreeNode): Promise<AgentsTreeNode[]> {
    const store = this.options.store;
    if (!node) {
      if (!(await this.options.hasApiKey())) return [];
      await Promise.race([store.loadAgents(), new Promise((resolve) => setTimeout(resolve, LOADING_ROW_AFTER_MS))]);
      const agents = store.agentsState();
      if (agents.status === 'idle' || agents.status === 'loading') return [LOADING_AGENTS];
      const connection = store.connectionProblem();
      const top: AgentsTreeNode[] = connection ? [{ kind: 'connection', error: connection }] : [];
      if (agents.status === 'failed') return isConnectionError(agents.error) ? top : [...top, { kind: 'error', id: 'agents', subject: 'agents', error: agents.error }];
      // No agents: the welcome content says so (the view's context key), not a row.
      return [...top, ...agents.value.map((agent) => this.node({ kind: 'agent', agentId: agent.id }))];
    }
    switch (node.kind) {
      case 'agent': {
        await store.loadSessions(node.agentId);
        const all = this.node({ kind: 'all', agentId: node.agentId });
        const listed = this.listing(store.sessionsState(node.agentId), node.agentId, 'sessions', (sessions) =>
          sessions.map((session) => this.node({ kind: 'session', agentId: node.agentId, sessionId: session.id })),
        );
        return [all, ...(listed ?? [{ kind: 'note', id: `nosessions:${node.agentId}`, label: 'No sessions yet' }])];
      }
      case 'session': {
        await store.loadSessionArtifacts(node.agentId, node.sessionId);
        const state = store.artifactsState(node.agentId, node.sessionId);
        if (state.status === 'failed') return this.errorRows(`session:${node.sessionId}`, 'artifacts', state.error, node.agentId, node.sessionId);
        if (state.status !== 'loaded') return [];
        const rows: AgentsTreeNode[] = state.value.items.map((artifact) => this.node({ kind: 'artifact', agentId: node.agentId, sessionId: node.sessionId, artifactId: artifact.id }));
        if (state.value.warning) rows.push({ kind: 'note', id: `warning:${node.sessionId}`, label: state.value.warning, warning: true });
        if (rows.length === 0) rows.push({ kind: 'note', id: `noartifacts:${node.sessionId}`, label: 'No artifacts' });
        return rows;
      }
      case 'all': {
        await store.loadAllArtifacts(node.agentId);
        const listed = this.listing(store.allArtifactsState(node.agentId), node.agentId, 'all', (artifacts) =>
          artifacts.map((artifact) => this.node({ kind: 'artifact', agentId: node.agentId, artifactId: artifact.id })),
        );
        return listed ?? [{ kind: 'note', id: `noall:${node.agentId}`, label: store.search(node.agentId) ? 'No artifact matches the search' : 'No artifacts yet' }];
      }
      default:
        return [];
    }
  }

  getParent(node: AgentsTreeNode): AgentsTreeNode | undefined {
    switch (node.kind) {
      case 'session':
      case 'all':
        return this.nodes.get(`agent:${node.agentId}`);
      case 'artifact':
        return node.sessionId ? this.nodes.get(`session:${node.agentId}:${node.sessionId}`) : this.nodes.get(`all:${node.agentId}`);
      default:
        return undefined;
    }
  }

  getTreeItem(node: AgentsTreeNode): vscode.TreeItem {
    return treeItemOf(this.present(node), clickCommand(node));
  }

  /** Tooltips are built on hover only: formatting dates for every row would slow the first paint. */
  resolveTreeItem(item: vscode.TreeItem, node: AgentsTreeNode): vscode.TreeItem {
    return withTooltip(item, this.present(node));
  }


  /** The artifact a node stands for, as last listed. */
  artifact(node: ArtifactNode): ArtifactItem | undefined {
    return this.options.store.artifact(node.agentId, node.artifactId);
  }

  /** Redraws every artifact row (a download finished: its mark changes). */
  redrawArtifacts(): void {
    for (const node of this.nodes.values()) if (node.kind === 'artifact') this.changed.fire(node);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** A paged listing's rows: items, then a warning or Load more; undefined when loaded and empty. */
  private listing<T>(state: Loadable<Paged<T>>, agentId: string, list: MoreNode['list'], rows: (items: T[]) => AgentsTreeNode[]): AgentsTreeNode[] | undefined {
    if (state.status === 'failed') return this.errorRows(`${list}:${agentId}`, subjectOf(list), state.error, agentId);
    if (state.status !== 'loaded') return [];
    const shown = rows(state.value.items);
    if (state.value.moreError && !isConnectionError(state.value.moreError)) shown.push({ kind: 'error', id: `more:${list}:${agentId}`, subject: subjectOf(list), agentId, error: state.value.moreError });
    if (state.value.nextCursor) shown.push(this.node({ kind: 'more', agentId, list }));
    else if (state.value.warning) shown.push({ kind: 'note', id: `warning:${list}:${agentId}`, label: state.value.warning, warning: true });
    return shown.length ? shown : undefined;
  }

  private errorRows(id: string, subject: AgentsErrorNode['subject'], error: GumloopError, agentId?: string, sessionId?: string): AgentsTreeNode[] {
    return isConnectionError(error) ? [] : [{ kind: 'error', id, subject, agentId, sessionId, error }];
  }

  private present(node: AgentsTreeNode): NodePresentation {
    const store = this.options.store;
    const now = this.options.now?.() ?? Date.now();
    switch (node.kind) {
      case 'agent':
        return presentAgent(store.agent(node.agentId) ?? { id: node.agentId, name: node.agentId });
      case 'session':
        return presentSession(node.agentId, store.session(node.agentId, node.sessionId) ?? { id: node.sessionId }, now);
      case 'all':
        return presentAllArtifacts(node.agentId, store.search(node.agentId));
      case 'artifact': {
        const artifact = store.artifact(node.agentId, node.artifactId) ?? { id: node.artifactId };
        return presentArtifact(node.sessionId ?? `all:${node.agentId}`, artifact, this.options.localCopy(node.agentId, artifact), now);
      }
      case 'more': {
        const state = node.list === 'sessions' ? store.sessionsState(node.agentId) : store.allArtifactsState(node.agentId);
        const loaded = state.status === 'loaded' ? state.value : undefined;
        return presentLoadMore(`${node.list}:${node.agentId}`, loaded?.items.length ?? 0, loaded?.loadingMore ?? false);
      }
      case 'error':
        return presentNodeError(`agents:${node.id}`, node.subject, node.error);
      case 'connection':
        return presentConnectionProblem(node.error);
      case 'note':
        if (node.warning) return presentPagingWarning(node.id, node.label);
        return node === LOADING_AGENTS ? { ...presentNote(node.id, node.label), icon: { id: 'loading~spin' } } : presentNote(node.id, node.label);
    }
  }

  /** The one node object per id. */
  private node<T extends AgentNode | SessionNode | AllArtifactsNode | ArtifactNode | MoreNode>(fresh: T): T {
    const key = nodeKey(fresh);
    const known = this.nodes.get(key);
    if (known) return known as T;
    this.nodes.set(key, fresh);
    return fresh;
  }

  private redraw(change: AgentsChange): void {
    if (change.scope === 'all') {
      this.nodes.clear();
      this.changed.fire(undefined);
      return;
    }
    const key = change.scope === 'agent' ? `agent:${change.agentId}` : change.scope === 'session' ? `session:${change.agentId}:${change.sessionId}` : `all:${change.agentId}`;
    const node = this.nodes.get(key);
    if (node) this.changed.fire(node);
  }
}

function nodeKey(node: AgentNode | SessionNode | AllArtifactsNode | ArtifactNode | MoreNode): string {
  switch (node.kind) {
    case 'agent':
      return `agent:${node.agentId}`;
    case 'session':
      return `session:${node.agentId}:${node.sessionId}`;
    case 'all':
      return `all:${node.agentId}`;
    case 'artifact':
      return `artifact:${node.agentId}:${node.sessionId ?? ''}:${node.artifactId}`;
    case 'more':
      return `more:${node.list}:${node.agentId}`;
  }
}

const subjectOf = (list: MoreNode['list']): AgentsErrorNode['subject'] => (list === 'sessions' ? 'sessions' : 'artifacts');

/** What a click does: artifacts download-and-open, Load more loads, errors retry. */
function clickCommand(node: AgentsTreeNode): vscode.Command | undefined {
  switch (node.kind) {
    case 'artifact':
      return { command: Commands.openArtifact, title: 'Open Artifact', arguments: [node] };
    case 'more':
      return { command: Commands.loadMoreAgents, title: 'Load More', arguments: [node] };
    case 'error':
    case 'connection':
      return { command: Commands.retryAgents, title: 'Retry', arguments: [node] };
    default:
      return undefined;
  }
}
