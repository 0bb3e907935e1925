// How flows, their runs and a run's outputs look in the Flows tree: labels, tooltips, icons and
// context tokens, computed without the vscode API so they are unit-tested and benchmarked in
// plain Node. The tree provider only copies these onto TreeItems.
import * as path from 'node:path';
import type { GumloopError } from '../errors';
import type { Flow } from '../gumloop/flows';
import type { RunSummary } from '../gumloop/runHistory';
import type { RunInfo } from '../gumloop/types';
import { readableLogLine } from '../remote/runLog';
import { describePhase, isFinished, runPhase, stateWord } from '../remote/runState';
import { fileLikeStrings } from '../runs/outputs';
import { cleanLine } from '../sanitize';
import { formatDuration } from '../text';
import { escapeMarkdown, formatDate, formatDateTime } from './presentationFormat';
import { phaseIcon, relativeTime, shortRunId } from './runPresentation';

export interface NodePresentation {
  id: string;
  label: string;
  description?: string;
  /** Markdown, built only when VS Code asks (resolveTreeItem, on hover): dates cost time to format. */
  tooltip: () => string;
  /** Space-separated tokens; menus match them with `viewItem =~ /\btoken\b/`. */
  contextValue: string;
  icon: { id: string; color?: string };
  collapsible: boolean;
}

/** Where a flow and a run live in Gumloop's web app (the URL start_pipeline answers with). */
export const GUMLOOP_APP = 'https://www.gumloop.com';

export function gumloopFlowUrl(flowId: string): string {
  return `${GUMLOOP_APP}/pipeline?${new URLSearchParams({ flow_id: flowId })}`;
}

export function gumloopRunUrl(runId: string, flowId?: string): string {
  const query = new URLSearchParams({ run_id: runId });
  if (flowId) query.set('flow_id', flowId);
  return `${GUMLOOP_APP}/pipeline?${query}`;
}


/** A run whose files download when it is done: seen at a glance, even where the row's text is cut off. */
const WATCHING_ICON = { id: 'cloud-download', color: 'charts.blue' };

function parseTime(ts: string | null | undefined): number | undefined {
  if (!ts) return undefined;
  const parsed = Date.parse(ts);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** A run's start as a short row label: "Oct 1, 9:14 AM", with the year only when it is not this year's. */
export function startLabel(ms: number, now: number): string {
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return sameYear ? formatDate(ms, SHORT_START) : formatDate(ms, SHORT_START_WITH_YEAR);
}

const SHORT_START: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
const SHORT_START_WITH_YEAR: Intl.DateTimeFormatOptions = { ...SHORT_START, year: 'numeric' };

/** Flows whose name (or id) contains the filter, ignoring case; an empty filter keeps all. */
export function filterFlows(flows: readonly Flow[], filter: string | undefined): Flow[] {
  const needle = filter?.trim().toLowerCase();
  if (!needle) return [...flows];
  return flows.filter((flow) => flow.name.toLowerCase().includes(needle) || flow.savedItemId.toLowerCase().includes(needle));
}

/**
 * "last run failed · 2 h ago": a flow's latest run, the same in the Flows view and Run Flow's picker
 * (which may know only the time, or only the state).
 */
export function lastRunText(state: string | undefined, startedMs: number | undefined, now: number): string | undefined {
  const parts = [state === undefined ? undefined : describePhase(runPhase(state)), startedMs === undefined ? undefined : relativeTime(startedMs, now)].filter(Boolean);
  return parts.length ? `last run ${parts.join(' · ')}` : undefined;
}

export function presentFlow(flow: Flow, latest: RunSummary | undefined, now: number): NodePresentation {
  const tooltip = (): string => {
    const created = parseTime(flow.createdTs);
    const lines = [`**${escapeMarkdown(flow.name)}**`];
    if (flow.description) lines.push('', escapeMarkdown(flow.description));
    lines.push('', `Created: ${created === undefined ? 'unknown' : formatDateTime(created)}`, `Flow ID: \`${flow.savedItemId}\``);
    return lines.join('  \n');
  };
  return {
    id: `flow:${flow.savedItemId}`,
    label: flow.name,
    description: latest ? lastRunText(latest.state, parseTime(latest.createdTs), now) : undefined,
    tooltip,
    contextValue: 'flow',
    icon: { id: 'type-hierarchy-sub' },
    collapsible: true,
  };
}

/** What is known of a run: its history record, overlaid by get_pl_run details when loaded. */
export interface RunView {
  runId: string;
  flowId: string;
  flowName?: string;
  state?: string;
  createdTs?: string;
  finishedTs?: string | null;
  details?: RunInfo;
  /** Download When Done is armed. */
  downloadWhenDone: boolean;
}

export function runViewOf(summary: RunSummary, flowId: string, flowName: string | undefined, details: RunInfo | undefined, downloadWhenDone: boolean): RunView {
  return {
    runId: summary.runId,
    flowId,
    flowName,
    state: details?.state ?? summary.state,
    createdTs: details?.createdTs ?? summary.createdTs,
    finishedTs: details ? (details.finishedTs ?? (isFinished(details.state) ? summary.finishedTs : null)) : summary.finishedTs,
    details,
    downloadWhenDone,
  };
}

/** The output files of a run: the file-like values of its outputs, sorted. */
export function outputFiles(outputs: Record<string, unknown> | undefined): string[] {
  return outputs ? [...fileLikeStrings(outputs)].sort((a, b) => a.localeCompare(b)) : [];
}

export function presentRemoteRun(run: RunView, now: number): NodePresentation {
  const phase = runPhase(run.state);
  const started = parseTime(run.createdTs);
  const finished = parseTime(run.finishedTs ?? undefined);
  const live = !isFinished(run.state);
  const endMs = finished ?? (live ? now : undefined);
  const durationMs = started !== undefined && endMs !== undefined ? endMs - started : undefined;
  const duration = durationMs === undefined ? undefined : `${formatDuration(durationMs)}${live ? ' so far' : ''}`;
  const label = started === undefined ? shortRunId(run.runId) : startLabel(started, now);
  // The mark comes first: at the end of the row a normal-width sidebar cuts it off.
  const description = [run.downloadWhenDone ? 'Downloads when done' : undefined, stateWord(run.state), duration].filter(Boolean).join(' · ');
  const tooltip = (): string => {
    const lines = [
      `**Run** \`${run.runId}\`${run.flowName ? ` of ${escapeMarkdown(run.flowName)}` : ''}`,
      '',
      `State: ${escapeMarkdown(stateWord(run.state))}`,
      `Started: ${started === undefined ? 'unknown' : `${formatDateTime(started)} (${relativeTime(started, now)})`}`,
    ];
    if (finished !== undefined) lines.push(`Finished: ${formatDateTime(finished)}`);
    if (duration) lines.push(`Duration: ${duration}`);
    if (run.downloadWhenDone) lines.push('', 'Its files download on their own when it is done.');
    return lines.join('  \n');
  };
  const outputs = outputFiles(run.details?.outputs);
  const tokens = ['remoteRun', live ? 'live' : 'finished'];
  if (phase === 'done') tokens.push('done');
  if (phase === 'failed') tokens.push('failed');
  if (outputs.length > 0) tokens.push('hasOutputs');
  if (live && !run.downloadWhenDone) tokens.push('canWatch');
  if (run.downloadWhenDone) tokens.push('watching');
  return {
    id: `run:${run.runId}`,
    label,
    description,
    tooltip,
    contextValue: tokens.join(' '),
    icon: run.downloadWhenDone ? WATCHING_ICON : phaseIcon(phase),
    collapsible: true,
  };
}

/** An output file of a run; `downloadedPath` when it is already on disk (then a click opens it). */
export function presentOutput(runId: string, name: string, downloadedPath: string | undefined): NodePresentation {
  // The name is the run's output as Gumloop sent it (it is asked for as it is): cleaned only where shown.
  const shown = cleanLine(name);
  const folder = path.posix.dirname(shown);
  const description = [folder === '.' ? undefined : folder, downloadedPath ? 'downloaded' : undefined].filter(Boolean).join(' · ');
  return {
    id: `output:${runId}:${name}`,
    label: path.posix.basename(shown),
    description: description || undefined,
    tooltip: () =>
      downloadedPath
        ? `${escapeMarkdown(shown)}  \nDownloaded to ${escapeMarkdown(downloadedPath)}  \nClick to open it.`
        : `${escapeMarkdown(shown)}  \nClick to download just this file into the download folder and open it.`,
    contextValue: downloadedPath ? 'output downloaded' : 'output',
    icon: downloadedPath ? { id: 'pass-filled', color: 'testing.iconPassed' } : { id: 'cloud-download' },
    collapsible: false,
  };
}

/** How many log lines a failed run's "why" shows in its tooltip. */
const WHY_LINES = 5;

/** The last meaningful lines of a failed run's log: why it failed. */
export function presentFailure(runId: string, log: readonly string[]): NodePresentation {
  const lines = log.map(readableLogLine).map((line) => line.trim()).filter(Boolean);
  const last = lines.at(-1) ?? 'Gumloop gave no reason.';
  return {
    id: `why:${runId}`,
    label: `Why: ${last}`,
    tooltip: () => [`**Last log lines**`, '', ...lines.slice(-WHY_LINES).map((line) => escapeMarkdown(line)), '', 'Click to show the whole log.'].join('  \n'),
    contextValue: 'runWhy',
    icon: { id: 'warning', color: 'list.errorForeground' },
    collapsible: false,
  };
}

/** A short note under a run (still running, no outputs). */
export function presentNote(id: string, label: string, tooltip = label): NodePresentation {
  return { id, label, tooltip: () => tooltip, contextValue: 'note', icon: { id: 'info' }, collapsible: false };
}

/** Why a node could not load, short enough for a tree row; the full message is the tooltip. */
export function shortReason(error: GumloopError): string {
  const status = error.status ? ` (${error.status})` : '';
  switch (error.code) {
    case 'forbidden':
      return `the key does not match this user or project${status || ' (403)'}`;
    case 'unauthorized':
      return `the API key was not accepted${status || ' (401)'}`;
    case 'not-found':
      return `not found${status || ' (404)'}`;
    case 'rate-limited':
      return `Gumloop is limiting requests${status || ' (429)'}`;
    case 'server-error':
      return `Gumloop had a problem${status}`;
    case 'invalid-response':
      return 'Gumloop’s answer could not be read';
    case 'network':
    case 'timeout':
      return 'couldn’t reach Gumloop';
    default:
      return error.message;
  }
}

/** The fix an error node offers beside Retry. */
export function fixFor(error: GumloopError): 'setApiKey' | 'setUserId' | undefined {
  if (error.code === 'unauthorized') return 'setApiKey';
  if (error.code === 'forbidden') return 'setUserId';
  return undefined;
}

export type ErrorSubject = 'flows' | 'runs' | 'run' | 'agents' | 'sessions' | 'artifacts';

const SUBJECT_WORDS: Record<ErrorSubject, string> = { flows: 'flows', runs: 'runs', run: 'run details', agents: 'agents', sessions: 'sessions', artifacts: 'artifacts' };

export function presentNodeError(id: string, subject: ErrorSubject, error: GumloopError): NodePresentation {
  const fix = fixFor(error);
  const tokens = ['nodeError', 'retryable'];
  if (fix) tokens.push(fix === 'setApiKey' ? 'fixApiKey' : 'fixUserId');
  return {
    id: `error:${id}`,
    label: `Couldn’t load ${SUBJECT_WORDS[subject]}: ${shortReason(error)}`,
    tooltip: () => `${escapeMarkdown(error.message)}  \n\nClick to retry.`,
    contextValue: tokens.join(' '),
    icon: { id: 'error', color: 'list.errorForeground' },
    collapsible: false,
  };
}

/** The one message for the whole view when Gumloop cannot be reached. */
export function presentConnectionProblem(error: GumloopError): NodePresentation {
  return {
    id: 'connection',
    label: 'Couldn’t reach Gumloop',
    description: 'Try Again',
    tooltip: () => `${escapeMarkdown(error.message)}  \n\nClick to try again.`,
    contextValue: 'connectionProblem retryable',
    icon: { id: 'debug-disconnect', color: 'list.warningForeground' },
    collapsible: false,
  };
}

/** The view's description: whose flows are shown. */
export function scopeDescription(scope: { userId?: string; projectId?: string }): string {
  if (scope.projectId) return `project ${scope.projectId}`;
  return scope.userId ? `user ${scope.userId}` : 'no user ID set';
}
