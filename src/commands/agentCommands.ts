// The Agents view's commands: refresh, team scope, Load more, search, retry; and the artifact
// jobs (open, download a session's or an agent's artifacts, compare with the workspace copy) in
// artifactCommands.ts. Thin adapters over the view's store and the core.
import * as vscode from 'vscode';
import { Commands, Views } from '../constants';
import type { Services } from '../services';
import { cleanLine } from '../sanitize';
import type { AgentsView } from '../views/agentsView';
import type { AgentNode, AgentsErrorNode, AllArtifactsNode, MoreNode } from '../views/agentsTree';
import { requireAgentsNode } from './agentNodes';
import type { ArtifactDocuments } from './artifactDocuments';
import { artifactCommandHandlers } from './artifactCommands';

export function agentCommandHandlers(services: Services, agents: AgentsView, documents: ArtifactDocuments): Record<string, (...args: never[]) => Promise<unknown>> {
  return {
    [Commands.refreshAgents]: async () => agents.store.refreshAll(),
    [Commands.showTeamAgents]: () => showTeamAgents(agents),
    [Commands.refreshAgent]: async (node?: AgentNode) => agents.store.refreshAgent(requireAgentsNode<AgentNode>(node, ['agent'], 'an agent').agentId),
    [Commands.loadMoreAgents]: (node?: MoreNode) => {
      const more = requireAgentsNode<MoreNode>(node, ['more'], 'a “Load more” row');
      return more.list === 'sessions' ? agents.store.loadMoreSessions(more.agentId) : agents.store.loadMoreArtifacts(more.agentId);
    },
    [Commands.searchArtifacts]: (node?: AllArtifactsNode | AgentNode) => searchArtifacts(agents, requireAgentsNode<AllArtifactsNode | AgentNode>(node, ['all', 'agent'], 'an agent’s All Artifacts').agentId),
    [Commands.clearArtifactSearch]: async (node?: AllArtifactsNode) => agents.store.setSearch(requireAgentsNode<AllArtifactsNode>(node, ['all'], 'an agent’s All Artifacts').agentId, undefined),
    [Commands.retryAgents]: async (node?: AgentsErrorNode | { kind: 'connection' }) => retry(agents, node),
    ...artifactCommandHandlers(services, agents, documents),
  };
}

/** Picks whose agents to show: the caller's own, or a team's from GET /teams. */
async function showTeamAgents(agents: AgentsView): Promise<void> {
  const teams = await vscode.window.withProgress({ location: { viewId: Views.agents } }, () => agents.api.listTeams({ priority: 'user' }));
  const current = agents.team()?.id;
  type Pick = vscode.QuickPickItem & { team?: { id: string; name: string } };
  const picks: Pick[] = [
    { label: 'Your own agents', description: current === undefined ? 'shown now' : undefined },
    ...teams.map((team): Pick => ({ label: cleanLine(team.name), description: team.id === current ? `${team.id} · shown now` : team.id, team: { id: team.id, name: cleanLine(team.name) } })),
  ];
  const picked = await vscode.window.showQuickPick(picks, {
    title: 'Gumloop: Show Team Agents',
    placeHolder: teams.length ? 'Whose agents the Agents view shows' : 'You belong to no team: only your own agents can be shown',
  });
  if (picked) await agents.setTeam(picked.team);
}

async function searchArtifacts(agents: AgentsView, agentId: string): Promise<void> {
  const query = await vscode.window.showInputBox({
    title: 'Gumloop: Search Artifacts',
    prompt: 'Show the agent’s artifacts whose name matches this text (empty shows all)',
    value: agents.store.search(agentId) ?? '',
  });
  if (query === undefined) return;
  agents.store.setSearch(agentId, query);
  // The search shows under All Artifacts: open it.
  const node = (await agents.tree.getChildren({ kind: 'agent', agentId })).find((child) => child.kind === 'all');
  if (node) await agents.treeView.reveal(node, { expand: true });
}

function retry(agents: AgentsView, node: AgentsErrorNode | { kind: 'connection' } | undefined): void {
  if (node?.kind === 'error' && node.agentId && node.sessionId) agents.store.refreshSession(node.agentId, node.sessionId);
  else if (node?.kind === 'error' && node.agentId) agents.store.refreshAgent(node.agentId);
  else agents.store.refreshAll();
}
