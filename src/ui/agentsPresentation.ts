// How agents, their sessions and artifacts look in the Agents tree: labels, tooltips, icons and
// context tokens, computed without the vscode API so they are unit-tested and benchmarked in
// plain Node (like flowsPresentation.ts, whose NodePresentation the tree copies onto TreeItems).
// Every name and word from Gumloop is cleaned (sanitize) before it is shown.
import { formatBytes } from '../archive/limits';
import type { AgentItem, ArtifactItem, SessionItem } from '../remote/agentsApi';
import { isLiveSession } from '../remote/agentsApi';
import { cleanLine } from '../sanitize';
import { shortName } from '../text';
import type { NodePresentation } from './flowsPresentation';
import { startLabel } from './flowsPresentation';
import { escapeMarkdown, formatCount, formatDateTime } from './presentationFormat';
import { relativeTime, shortRunId } from './runPresentation';

const SESSION_ICONS: Record<string, { id: string; color?: string }> = {
  processing: { id: 'sync~spin', color: 'charts.blue' },
  queued: { id: 'loading~spin', color: 'charts.yellow' },
  completed: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  idle: { id: 'circle-outline' },
};
const UNKNOWN_STATE_ICON = { id: 'question' };

/** The icon for a session's state; a word Gumloop adds later gets a question mark, not an error. */
export function sessionIcon(state: string | undefined): { id: string; color?: string } {
  return SESSION_ICONS[(state ?? '').trim().toLowerCase()] ?? UNKNOWN_STATE_ICON;
}

/** The state as a row shows it: Gumloop's word, cleaned; "unknown" when it sent none. */
export function sessionStateWord(state: string | undefined): string {
  const word = cleanLine(state ?? '').trim().toLowerCase();
  return word ? shortName(word, 24) : 'unknown';
}

function parseTime(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  const parsed = Date.parse(ts);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** How long a row's label may be before it is cut with an ellipsis (the tooltip has it whole). */
const LABEL_MAX = 60;

export function presentAgent(agent: AgentItem): NodePresentation {
  const name = cleanLine(agent.name).trim() || agent.id;
  return {
    id: `agent:${agent.id}`,
    label: shortName(name, LABEL_MAX),
    description: agent.description ? shortName(cleanLine(agent.description), LABEL_MAX) : undefined,
    tooltip: () => {
      const lines = [`**${escapeMarkdown(name)}**`];
      if (agent.description) lines.push('', escapeMarkdown(cleanLine(agent.description)));
      lines.push('', `Agent ID: \`${escapeMarkdown(agent.id)}\``);
      if (agent.teamId) lines.push(`Team: \`${escapeMarkdown(agent.teamId)}\``);
      return lines.join('  \n');
    },
    contextValue: 'agent',
    icon: { id: 'hubot' },
    collapsible: true,
  };
}

/** A session's label: its name, or when it has none its start, or its short id. */
export function sessionLabel(session: SessionItem, now: number): string {
  const name = cleanLine(session.name ?? '').trim();
  if (name) return shortName(name, LABEL_MAX);
  const started = parseTime(session.createdAt);
  return started === undefined ? `Session ${shortRunId(session.id)}` : startLabel(started, now);
}

export function presentSession(agentId: string, session: SessionItem, now: number): NodePresentation {
  const started = parseTime(session.createdAt);
  const state = sessionStateWord(session.state);
  const live = isLiveSession(session.state);
  return {
    id: `session:${agentId}:${session.id}`,
    label: sessionLabel(session, now),
    description: [state, started === undefined ? undefined : relativeTime(started, now)].filter(Boolean).join(' · '),
    tooltip: () => {
      const lines = [`**Session** \`${escapeMarkdown(session.id)}\``];
      if (session.name) lines.push('', escapeMarkdown(cleanLine(session.name)));
      lines.push('', `State: ${escapeMarkdown(state)}`, `Started: ${started === undefined ? 'unknown' : `${formatDateTime(started)} (${relativeTime(started, now)})`}`);
      if (live) lines.push('', 'Still working: its artifacts appear as it makes them.');
      return lines.join('  \n');
    },
    contextValue: ['session', live ? 'live' : 'finished'].join(' '),
    icon: sessionIcon(session.state),
    collapsible: true,
  };
}

/** What is known of an artifact's copy in the workspace. */
export interface LocalCopy {
  path: string;
  /** The workspace copy is of an older version than the one Gumloop lists now. */
  outdated: boolean;
}

/** "v3", or the version id cut short when Gumloop gives no number. */
export function versionLabel(artifact: Pick<ArtifactItem, 'majorVersion' | 'versionId'>): string | undefined {
  if (artifact.majorVersion !== undefined && Number.isFinite(artifact.majorVersion)) return `v${artifact.majorVersion}`;
  return artifact.versionId ? `version ${shortRunId(cleanLine(artifact.versionId))}` : undefined;
}

/** The name as shown (the file on disk gets the core's safe name): cleaned and cut. */
export function artifactName(artifact: Pick<ArtifactItem, 'filename' | 'id'>): string {
  return cleanLine(artifact.filename).trim() || artifact.id;
}

export function presentArtifact(parentId: string, artifact: ArtifactItem, local: LocalCopy | undefined, now: number): NodePresentation {
  const name = artifactName(artifact);
  const created = parseTime(artifact.createdAt);
  const version = versionLabel(artifact);
  // The mark comes first: at the end of the row a normal-width sidebar cuts it off.
  const description = [
    local?.outdated ? 'newer version in Gumloop' : local ? 'downloaded' : undefined,
    version,
    artifact.size === undefined ? undefined : formatBytes(artifact.size),
    created === undefined ? undefined : relativeTime(created, now),
  ]
    .filter(Boolean)
    .join(' · ');
  const tokens = ['artifact'];
  if (local) tokens.push('downloaded');
  if (local?.outdated) tokens.push('outdated');
  return {
    id: `artifact:${parentId}:${artifact.id}`,
    label: shortName(name, LABEL_MAX),
    description: description || undefined,
    tooltip: () => {
      const lines = [`**${escapeMarkdown(name)}**`, ''];
      if (version) lines.push(`Version: ${escapeMarkdown(version)}`);
      if (artifact.size !== undefined) lines.push(`Size: ${formatBytes(artifact.size)}`);
      if (artifact.mediaType) lines.push(`Type: ${escapeMarkdown(cleanLine(artifact.mediaType))}`);
      lines.push(`Created: ${created === undefined ? 'unknown' : formatDateTime(created)}`, `Artifact ID: \`${escapeMarkdown(artifact.id)}\``, '');
      if (local?.outdated) lines.push(`Downloaded to ${escapeMarkdown(local.path)}, but Gumloop has a newer version: Compare with Workspace Copy shows what changed.`);
      else if (local) lines.push(`Downloaded to ${escapeMarkdown(local.path)}. Click to open it.`);
      else lines.push('Click to download it into the artifact folder and open it.');
      return lines.join('  \n');
    },
    contextValue: tokens.join(' '),
    icon: local?.outdated ? { id: 'arrow-circle-up', color: 'charts.yellow' } : local ? { id: 'pass-filled', color: 'testing.iconPassed' } : { id: 'cloud-download' },
    collapsible: false,
  };
}

export function presentAllArtifacts(agentId: string, search: string | undefined): NodePresentation {
  const shown = search ? cleanLine(search) : undefined;
  return {
    id: `all:${agentId}`,
    label: 'All Artifacts',
    description: shown ? `matching “${shortName(shown, 30)}”` : undefined,
    tooltip: () => (shown ? `Every artifact of this agent whose name matches “${escapeMarkdown(shown)}”.` : 'Every artifact of this agent, across its sessions. Search narrows it.'),
    contextValue: ['allArtifacts', shown ? 'searched' : undefined].filter(Boolean).join(' '),
    icon: { id: shown ? 'search' : 'files' },
    collapsible: true,
  };
}

/** The row after a page while Gumloop has more: a click asks for the next page. */
export function presentLoadMore(parentId: string, shown: number, loading: boolean): NodePresentation {
  return {
    id: `more:${parentId}`,
    label: loading ? 'Loading more…' : 'Load more…',
    description: `${formatCount(shown)} shown`,
    tooltip: () => `${formatCount(shown)} shown so far; Gumloop has more. Click to load the next page.`,
    contextValue: 'loadMore',
    icon: { id: loading ? 'loading~spin' : 'ellipsis' },
    collapsible: false,
  };
}

/** Why a listing stopped early (a looping cursor), on a row of its own: nothing is cut silently. */
export function presentPagingWarning(parentId: string, warning: string): NodePresentation {
  return {
    id: `warning:${parentId}`,
    label: warning,
    tooltip: () => `${escapeMarkdown(warning)}  \nRefresh to ask again.`,
    contextValue: 'pagingWarning',
    icon: { id: 'warning', color: 'list.warningForeground' },
    collapsible: false,
  };
}

/** The view's description: whose agents are shown. */
export function teamDescription(team: { id: string; name?: string } | undefined): string {
  return team ? `team ${cleanLine(team.name ?? team.id)}` : 'your agents';
}

/** "12 artifacts, 3.4 MB" — the question before a download of many; sizes Gumloop did not give are said, not guessed. */
export function artifactsTotal(artifacts: readonly Pick<ArtifactItem, 'size'>[]): string {
  const known = artifacts.filter((artifact) => artifact.size !== undefined);
  const bytes = known.reduce((sum, artifact) => sum + (artifact.size ?? 0), 0);
  const count = `${formatCount(artifacts.length)} artifact${artifacts.length === 1 ? '' : 's'}`;
  if (known.length === 0) return `${count} (size unknown)`;
  if (known.length < artifacts.length) return `${count}, at least ${formatBytes(bytes)} (${formatCount(artifacts.length - known.length)} of unknown size)`;
  return `${count}, ${formatBytes(bytes)}`;
}
