// The job summary the GitHub Action appends to $GITHUB_STEP_SUMMARY: which flow ran, the run
// (linked to Gumloop), how it ended and how long it took, and the files written with their sizes.
// Every text from Gumloop is cleaned and Markdown-escaped, so it shows as written. Pure.
import { formatBytes } from '../archive/limits';
import { cleanLine } from '../sanitize';
import { formatDuration } from '../text';
import { markdownText } from './workflowCommands';

export interface SummaryFacts {
  flowId: string;
  /** The flow's name in Gumloop, when it could be looked up. */
  flowName?: string;
  runId?: string;
  runUrl?: string;
  state?: string;
  durationMs?: number;
  files: readonly { path: string; bytes: number }[];
  /** Why the step failed, when it did. */
  error?: string;
}

/** How long the run took by Gumloop's clock (created to finished), or undefined when either time is missing. */
export function runDuration(createdTs: unknown, finishedTs: unknown): number | undefined {
  const start = typeof createdTs === 'string' ? Date.parse(createdTs) : NaN;
  const end = typeof finishedTs === 'string' ? Date.parse(finishedTs) : NaN;
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : undefined;
}

const text = (value: string) => markdownText(cleanLine(value));

/** Only http(s) links: a `javascript:` URL from a server must not become a link. */
function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href.replace(/[()<>\s]/g, encodeURIComponent) : undefined;
  } catch {
    return undefined;
  }
}

export function jobSummary(facts: SummaryFacts): string {
  const flow = facts.flowName ? `${text(facts.flowName)} (${text(facts.flowId)})` : text(facts.flowId);
  const link = safeLink(facts.runUrl);
  const run = facts.runId ? (link ? `[${text(facts.runId)}](${link})` : text(facts.runId)) : 'not started';
  const rows: [string, string][] = [
    ['Flow', flow],
    ['Run', run],
    ['State', facts.state ? text(facts.state) : 'unknown'],
  ];
  if (facts.durationMs !== undefined) rows.push(['Duration', formatDuration(facts.durationMs)]);
  const lines = ['### Gumloop flow run', '', '| | |', '| --- | --- |', ...rows.map(([name, value]) => `| ${name} | ${value} |`), ''];
  if (facts.error) lines.push(`**Failed:** ${text(facts.error)}`, '');
  if (facts.files.length) {
    lines.push(`#### Files written (${facts.files.length})`, '', '| File | Size |', '| --- | ---: |');
    for (const file of facts.files) lines.push(`| ${text(file.path)} | ${formatBytes(file.bytes)} |`);
  } else {
    lines.push('No files were written.');
  }
  return `${lines.join('\n')}\n`;
}
