// How a run and its files look in the Recent Runs tree, computed without the vscode API so it
// is unit-tested (and benchmarked on 1,000 runs) in plain Node.
import * as path from 'node:path';
import { runPhase, stateWord, type RunPhase } from '../remote/runState';
import type { RunRecord } from '../runs/history';
import { escapeMarkdown, formatCount, formatDateTime } from './presentationFormat';
import { cleanLine } from '../sanitize';

export interface RunPresentation {
  id: string;
  label: string;
  description: string;
  /** Markdown, built when VS Code asks for it (on hover), not for every row. */
  tooltip: () => string;
  contextValue: string;
  icon: { id: string; color?: string };
}

export interface FilePresentation {
  id: string;
  label: string;
  description?: string;
  tooltip: string;
  contextValue: string;
  absolutePath: string;
  exists: boolean;
}

/** One icon per phase, the same in the Flows view, Recent Runs and the running-runs list. */
const PHASE_ICONS: Record<RunPhase, { id: string; color?: string }> = {
  queued: { id: 'loading~spin', color: 'charts.yellow' },
  running: { id: 'sync~spin', color: 'charts.blue' },
  terminating: { id: 'loading~spin' },
  done: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  terminated: { id: 'circle-slash' },
  unknown: { id: 'question' },
};

export function phaseIcon(phase: RunPhase): { id: string; color?: string } {
  return PHASE_ICONS[phase];
}

export function shortRunId(runId: string): string {
  return runId.length > 14 ? `${runId.slice(0, 12)}…` : runId;
}

export function relativeTime(then: number, now: number): string {
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return days === 1 ? 'yesterday' : `${days} days ago`;
  return new Date(then).toISOString().slice(0, 10);
}

function stateLabel(state: string | undefined): string | undefined {
  return state ? stateWord(state) : undefined;
}

export function presentRun(run: RunRecord, now: number, folderExists: boolean): RunPresentation {
  if (run.kind === 'artifacts') return presentArtifactsRecord(run, now, folderExists);
  const parts = [run.flowName, stateLabel(run.state), run.notDownloaded ? 'not downloaded' : undefined, relativeTime(run.downloadedAt, now)].filter(Boolean);
  // A run Run Flow started and nobody downloaded offers Download; "Download Again" would be untrue.
  const tokens = ['run', run.notDownloaded ? 'notDownloaded' : 'downloadable', folderExists ? 'hasFolder' : 'folderMissing'];
  // Run Again needs the run's flow.
  if (run.savedItemId) tokens.push('rerunnable');
  return {
    id: `run:${run.runId}`,
    label: shortRunId(run.runId),
    description: parts.join(' · '),
    tooltip: () => runTooltip(run, folderExists),
    contextValue: tokens.join(' '),
    // A run downloaded before its state was known (by ID, from an old history) has no phase to show.
    icon: run.state ? phaseIcon(runPhase(run.state)) : { id: 'history' },
  };
}

/** Agent artifacts in Recent Runs: named by agent and session; no run to download again or look up. */
function presentArtifactsRecord(run: RunRecord, now: number, folderExists: boolean): RunPresentation {
  const count = run.fileCount ?? run.files.length;
  return {
    id: `run:${run.runId}`,
    label: cleanLine(run.flowName ?? run.runId),
    description: ['agent artifacts', `${formatCount(count)} file${count === 1 ? '' : 's'}`, relativeTime(run.downloadedAt, now)].join(' · '),
    tooltip: () =>
      [
        `**Agent artifacts** ${escapeMarkdown(cleanLine(run.flowName ?? run.runId))}`,
        '',
        `Destination: ${escapeMarkdown(run.destination)}${folderExists ? '' : ' (missing)'}`,
        `Downloaded: ${formatDateTime(run.downloadedAt)}`,
        'Download them again from the Agents view.',
      ].join('  \n'),
    contextValue: ['run', 'artifacts', folderExists ? 'hasFolder' : 'folderMissing'].join(' '),
    icon: { id: 'hubot' },
  };
}

function runTooltip(run: RunRecord, folderExists: boolean): string {
  const count = run.fileCount ?? run.files.length;
  const fileCount = `${formatCount(count)} file${count === 1 ? '' : 's'}${count > run.files.length ? ` (the first ${formatCount(run.files.length)} listed)` : ''}`;
  const lines = [
    `**Run** \`${run.runId}\`${run.flowName ? ` of ${escapeMarkdown(run.flowName)}` : ''}`,
    '',
    `State: ${stateLabel(run.state) ?? 'unknown'}`,
    `Files: ${fileCount}${run.fileNames.length ? ` (asked for ${run.fileNames.map((name) => escapeMarkdown(cleanLine(name))).join(', ')})` : ''}`,
    `Destination: ${escapeMarkdown(run.destination)}${folderExists ? '' : ' (missing)'}`,
    run.notDownloaded ? `Started: ${formatDateTime(run.downloadedAt)} (not downloaded yet)` : `Downloaded: ${formatDateTime(run.downloadedAt)}`,
  ];
  if (run.createdTs) lines.push(`Created: ${formatDateTime(run.createdTs)}`);
  if (run.finishedTs) lines.push(`Finished: ${formatDateTime(run.finishedTs)}`);
  if (run.savedItemId) lines.push(`Saved item: \`${run.savedItemId}\``);
  return lines.join('  \n');
}

export function presentFile(run: RunRecord, file: string, exists: boolean): FilePresentation {
  const absolutePath = path.join(run.destination, ...file.split('/'));
  const dir = path.posix.dirname(file);
  return {
    id: `file:${run.runId}:${file}`,
    label: cleanLine(path.posix.basename(file)),
    description: [dir === '.' ? undefined : cleanLine(dir), exists ? undefined : 'missing'].filter(Boolean).join(' · ') || undefined,
    tooltip: exists ? absolutePath : `${absolutePath}\nThis file was moved or deleted since the download.`,
    contextValue: exists ? 'file' : 'file missing',
    absolutePath,
    exists,
  };
}
