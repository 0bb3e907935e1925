// The Agents view, assembled: its store (told when the view is visible and the window focused),
// the tree, the team scope (Show Team Agents…, remembered), and what invalidates them (a new key,
// server or team). Requests go through the budget the Flows view uses too (built in activate()).
// activate() builds one and the agent commands act on it.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { versionStatus } from '../gumloop/artifactVersions';
import { ContextKeys, Settings, StateKeys, Views } from '../constants';
import type { Services } from '../services';
import { budgetedAgentsApi, type AgentsApi, type ArtifactItem } from '../remote/agentsApi';
import { AgentsStore } from '../remote/agentsStore';
import type { RequestBudget } from '../remote/requestBudget';
import { realClock } from '../remote/runWatcher';
import { teamDescription, type LocalCopy } from '../ui/agentsPresentation';
import { AgentsTreeProvider, type AgentsTreeNode } from './agentsTree';
import { LazyClient } from './lazyClient';
import { redrawWhileVisible } from './redrawWhileVisible';

/** The team whose agents are shown (absent: the caller's own). */
export interface AgentsTeam {
  id: string;
  name: string;
}

export class AgentsView implements vscode.Disposable {
  readonly store: AgentsStore;
  readonly tree: AgentsTreeProvider;
  readonly treeView: vscode.TreeView<AgentsTreeNode>;
  readonly api: AgentsApi;
  readonly client: LazyClient;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: Services,
    budget: RequestBudget,
  ) {
    this.client = new LazyClient(services, 'agents');
    this.api = budgetedAgentsApi({ getPath: async (path, query, options) => (await this.client.get()).getPath(path, query, options) }, budget);
    this.store = new AgentsStore({
      api: this.api,
      clock: realClock,
      teamId: () => this.team()?.id,
      isVisible: () => this.treeView.visible,
      isFocused: () => vscode.window.state.focused,
      log: (message) => services.log.info(message),
    });
    this.tree = new AgentsTreeProvider({
      store: this.store,
      hasApiKey: async () => (await services.credentials.getApiKey()) !== undefined,
      localCopy: (_agentId, artifact) => this.localCopy(artifact),
    });
    this.treeView = vscode.window.createTreeView(Views.agents, { treeDataProvider: this.tree, showCollapseAll: true });
    this.disposables.push(
      this.treeView,
      // Sessions' "5 min ago" runs with the clock: redrawn every half minute while shown.
      redrawWhileVisible(this.treeView, CLOCK_REDRAW_MS, () => this.tree.refresh()),
      this.treeView.onDidChangeVisibility(() => this.store.activityChanged()),
      vscode.window.onDidChangeWindowState(() => this.store.activityChanged()),
      services.credentials.onDidChange(() => this.reset()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if ([Settings.userId, Settings.baseUrl, Settings.requestTimeoutSeconds].some((key) => event.affectsConfiguration(`${Settings.section}.${key}`))) this.reset();
      }),
      // The welcome content for "no agents" follows what the store loaded.
      this.store.onDidChange(() => {
        const agents = this.store.agentsState();
        void vscode.commands.executeCommand('setContext', ContextKeys.noAgents, agents.status === 'loaded' && agents.value.length === 0);
      }),
      // A download changes artifacts' "downloaded" marks.
      services.artifactCopies.onDidChange(() => this.tree.redrawArtifacts()),
    );
    this.showScope();
  }

  /** The artifact's workspace copy, when its file is still there, and whether Gumloop has a newer version. */
  localCopy(artifact: ArtifactItem): LocalCopy | undefined {
    const copy = this.services.artifactCopies.get(artifact.id);
    if (!copy || !fs.existsSync(copy.path)) return undefined;
    return { path: vscode.workspace.asRelativePath(copy.path), outdated: versionStatus(copy, artifact) === 'newer' };
  }

  team(): AgentsTeam | undefined {
    return this.services.context.globalState.get<AgentsTeam>(StateKeys.agentsTeam);
  }

  /** Shows a team's agents (undefined: the caller's own), remembered for the next window. */
  async setTeam(team: AgentsTeam | undefined): Promise<void> {
    await this.services.context.globalState.update(StateKeys.agentsTeam, team);
    this.showScope();
    this.store.refreshAll();
  }

  /** A new key or server: forget the client and everything loaded. */
  reset(): void {
    this.client.reset();
    this.showScope();
    this.store.refreshAll();
  }

  dispose(): void {
    this.store.dispose();
    this.tree.dispose();
    for (const disposable of this.disposables) disposable.dispose();
    this.client.reset();
  }

  private showScope(): void {
    this.treeView.description = teamDescription(this.team());
  }
}

const CLOCK_REDRAW_MS = 30_000;
