// The short plain texts the language-model tools (tools/) return to the agent: what happened, the
// facts it needs next (IDs, states, written paths), and for an error what the user should do.
// Everything from Gumloop is cleaned here (src/sanitize) and every cut says how much it left out.
// Pure: no vscode import.
import type { Agent, Artifact } from '../gumloop/agents';
import type { Flow } from '../gumloop/flows';
import type { RunSummary } from '../gumloop/runHistory';
import type { RunInfo } from '../gumloop/types';
import { isFinished } from '../remote/runState';
import { cleanLine, cleanText, textOf } from '../sanitize';

/** The outputs as JSON up to this many characters; the rest is counted, never dropped silently. */
export const MAX_OUTPUT_CHARS = 4_000;
/** Longest list a result shows before it says how many more there are. */
export const MAX_LISTED = 100;

function when(ts: string | undefined | null): string {
  return ts ? cleanLine(ts) : 'unknown';
}

/** A list of lines, cut at MAX_LISTED with the number left out. */
function listed<T>(items: readonly T[], line: (item: T) => string, more: string): string[] {
  const shown = items.slice(0, MAX_LISTED).map(line);
  if (items.length > MAX_LISTED) shown.push(`… and ${items.length - MAX_LISTED} more ${more}.`);
  return shown;
}

export function flowsResult(flows: readonly Flow[], lastRuns: ReadonlyMap<string, RunSummary | undefined>): string {
  if (flows.length === 0) return 'No saved flows in this scope. Check the “gumloop.userId” / “gumloop.projectId” settings, or create a flow in Gumloop.';
  const lines = [`${flows.length} saved flow${flows.length === 1 ? '' : 's'} (flowId is what gumloop_runFlow takes):`];
  lines.push(
    ...listed(
      flows,
      (flow) => {
        const parts = [`- ${cleanLine(flow.name)} — flowId: ${flow.savedItemId}`];
        if (flow.createdTs) parts.push(`created ${when(flow.createdTs)}`);
        if (lastRuns.has(flow.savedItemId)) {
          const run = lastRuns.get(flow.savedItemId);
          parts.push(run ? `last run ${run.runId} ${cleanLine(run.state ?? 'state unknown')} at ${when(run.createdTs)}` : 'never run');
        }
        return parts.join(', ');
      },
      'flows',
    ),
  );
  const unlooked = flows.filter((flow) => !lastRuns.has(flow.savedItemId)).length;
  if (unlooked) lines.push(`Last runs were looked up for ${flows.length - unlooked} of ${flows.length} flows.`);
  return lines.join('\n');
}

export interface RunResultOptions {
  flowName?: string;
  /** How many of the log's last lines to show. */
  logLines: number;
  /** The wait ended before the run did (the run goes on). */
  waitedSeconds?: number;
}

export function runResult(runId: string, run: RunInfo, options: RunResultOptions): string {
  const state = cleanLine(run.state || 'unknown');
  const lines = [`Run ${runId}${options.flowName ? ` of “${cleanLine(options.flowName)}”` : ''}: ${state}.`];
  lines.push(`Started: ${when(run.createdTs)}. Finished: ${run.finishedTs ? when(run.finishedTs) : 'not yet'}.`);
  if (options.waitedSeconds !== undefined && !isFinished(run.state)) {
    lines.push(`Still ${state.toLowerCase()} after waiting ${options.waitedSeconds} s; the run goes on. Call gumloop_getRun with runId ${runId} later.`);
  }
  lines.push(...outputsLines(run.outputs));
  lines.push(...logLines(run.log, options.logLines));
  if (run.state === 'DONE') lines.push(`To put its files in the workspace: gumloop_downloadRunFiles with runId ${runId}.`);
  return lines.join('\n');
}

function outputsLines(outputs: Record<string, unknown>): string[] {
  const keys = Object.keys(outputs ?? {});
  if (keys.length === 0) return ['Outputs: none.'];
  const json = cleanText(textOf(outputs));
  if (json.length <= MAX_OUTPUT_CHARS) return ['Outputs (JSON):', json];
  return ['Outputs (JSON, cut):', `${json.slice(0, MAX_OUTPUT_CHARS)}`, `… ${json.length - MAX_OUTPUT_CHARS} more characters of outputs not shown.`];
}

function logLines(log: readonly string[], count: number): string[] {
  if (count === 0 || !log?.length) return log?.length ? [`Log: ${log.length} lines (none asked for).`] : ['Log: empty.'];
  const shown = log.slice(-count).map((line) => `  ${cleanLine(line)}`);
  const header = log.length > count ? `Last ${count} of ${log.length} log lines:` : `Log (${log.length} line${log.length === 1 ? '' : 's'}):`;
  return [header, ...shown];
}

export function startedResult(runId: string, flowName: string, url: string | undefined, left: readonly string[]): string {
  const lines = [`Started run ${runId} of “${cleanLine(flowName)}”.`];
  if (url) lines.push(`In Gumloop: ${cleanLine(url)}`);
  if (left.length) lines.push(`Inputs not given (the flow's saved values apply): ${left.map(cleanLine).join(', ')}.`);
  lines.push(`Follow it with gumloop_getRun (runId ${runId}).`);
  return lines.join('\n');
}

export interface DownloadOutcome {
  runId: string;
  /** The destination as the user sees it (relative to the workspace). */
  destinationLabel: string;
  /** Workspace-relative (or absolute, outside any workspace folder) paths. */
  written: readonly string[];
  overwritten: readonly string[];
  skipped: readonly string[];
  missing: readonly string[];
  notRequested: readonly string[];
}

export function downloadResult(outcome: DownloadOutcome): string {
  const { written, overwritten, skipped, missing } = outcome;
  const lines: string[] = [];
  const total = written.length;
  lines.push(total ? `Downloaded ${total} file${total === 1 ? '' : 's'} of run ${outcome.runId} into ${outcome.destinationLabel}:` : `Wrote no files from run ${outcome.runId} into ${outcome.destinationLabel}.`);
  lines.push(...listed(written, (file) => `- ${file}${overwritten.includes(file) ? ' (replaced the existing file)' : ''}`, 'files'));
  if (skipped.length) lines.push(`Kept the existing ${skipped.length === 1 ? 'file' : 'files'} (skipped): ${skipped.slice(0, MAX_LISTED).join(', ')}${skipped.length > MAX_LISTED ? ` and ${skipped.length - MAX_LISTED} more` : ''}.`);
  if (missing.length) lines.push(`The run has none of: ${missing.slice(0, MAX_LISTED).map(cleanLine).join(', ')}.`);
  const others = outcome.notRequested.length;
  if (others) lines.push(`${others} other entr${others === 1 ? "y in Gumloop's archive was" : "ies in Gumloop's archive were"} not asked for and not written.`);
  return lines.join('\n');
}

/** Files already in the destination and no consent to replace them: nothing was written. */
export function conflictResult(again: string, destinationLabel: string, existing: readonly string[]): string {
  return [
    `Nothing was written: ${existing.length === 1 ? 'a file already exists' : `${existing.length} files already exist`} in ${destinationLabel}: ${existing.slice(0, MAX_LISTED).map(cleanLine).join(', ')}${existing.length > MAX_LISTED ? ` and ${existing.length - MAX_LISTED} more` : ''}.`,
    `Existing files are never replaced without the user's consent. Ask the user, then call ${again} again with onConflict "skip" (keep them), "keepBoth" (save the new files under numbered names) or "overwrite" (VS Code asks the user to confirm).`,
  ].join('\n');
}

/** A run that has not finished has no files to download yet. */
export function notFinishedResult(runId: string, state: string): string {
  return `Run ${runId} is ${cleanLine(state)}: its files are not ready. Wait with gumloop_getRun, then download when it is DONE.`;
}

export function noFilesResult(runId: string): string {
  return `Run ${runId}'s outputs name no files. If it wrote files, pass their names in fileNames.`;
}

/** An error as a result: what went wrong and the fix, cleaned (the message may quote Gumloop). */
export function errorResult(action: string, error: unknown): string {
  const message = cleanText(error instanceof Error ? error.message : textOf(error)).trim() || 'Unknown error.';
  return `Could not ${action}: ${message}`;
}

/** Bad tool input: the agent can fix it and call again. */
export function inputResult(reason: string): string {
  return `The input was not used: ${reason}. Fix it and call the tool again.`;
}

export function agentsResult(agents: readonly Agent[]): string {
  if (agents.length === 0) return 'No Gumloop agents in this account, so there are no artifacts to list.';
  return [
    `Give agentId to list an agent's artifacts. ${agents.length} agent${agents.length === 1 ? '' : 's'}:`,
    ...listed(agents, (agent) => `- ${cleanLine(agent.name)} — agentId: ${agent.id}${agent.description ? ` — ${cleanLine(agent.description).slice(0, 120)}` : ''}`, 'agents'),
  ].join('\n');
}

export function artifactsResult(agentId: string, sessionId: string | undefined, artifacts: readonly Artifact[], warning?: string): string {
  const scope = sessionId ? `session ${sessionId} of agent ${agentId}` : `agent ${agentId}`;
  if (artifacts.length === 0) return `No artifacts for ${scope}.${warning ? ` ${cleanLine(warning)}` : ''}`;
  const lines = [`${artifacts.length} artifact${artifacts.length === 1 ? '' : 's'} for ${scope}:`];
  lines.push(
    ...listed(
      artifacts,
      (artifact) => {
        const parts = [`- ${cleanLine(artifact.filename ?? '(no file name)')} — artifactId: ${artifact.id}`];
        if (artifact.sessionId && !sessionId) parts.push(`session ${artifact.sessionId}`);
        if (artifact.majorVersion !== undefined) parts.push(`version ${artifact.majorVersion}`);
        if (artifact.size !== undefined) parts.push(`${artifact.size} bytes`);
        if (artifact.createdAt) parts.push(`created ${when(artifact.createdAt)}`);
        return parts.join(', ');
      },
      'artifacts',
    ),
  );
  if (warning) lines.push(cleanLine(warning));
  return lines.join('\n');
}

export interface ArtifactsOutcome {
  destinationLabel: string;
  written: readonly string[];
  overwritten: readonly string[];
  skipped: readonly string[];
  renamed: readonly { from: string; to: string; why: string }[];
}

export function artifactsDownloadResult(outcome: ArtifactsOutcome): string {
  const { written, overwritten, skipped } = outcome;
  const lines = [written.length ? `Downloaded ${written.length} artifact${written.length === 1 ? '' : 's'} into ${outcome.destinationLabel}:` : `Wrote no artifacts into ${outcome.destinationLabel}.`];
  lines.push(...listed(written, (file) => `- ${file}${overwritten.includes(file) ? ' (replaced the existing file)' : ''}`, 'files'));
  if (skipped.length) lines.push(`Kept the existing ${skipped.length === 1 ? 'file' : 'files'} (skipped): ${skipped.slice(0, MAX_LISTED).join(', ')}${skipped.length > MAX_LISTED ? ` and ${skipped.length - MAX_LISTED} more` : ''}.`);
  for (const item of outcome.renamed.slice(0, MAX_LISTED)) lines.push(`Saved “${cleanLine(item.from)}” as ${cleanLine(item.to)} (${cleanLine(item.why)}).`);
  return lines.join('\n');
}

/** What prepareInvocation shows before a run starts: the flow, the inputs, the cost. */
export function runConfirmation(flowName: string | undefined, flowId: string, inputs: readonly { name: string; value: string }[], waitSeconds: number): { title: string; message: string } {
  const flow = flowName ? `“${cleanLine(flowName)}” (${flowId})` : flowId;
  const given = inputs.length
    ? `Inputs:\n${inputs.map((input) => `- ${cleanLine(input.name)} = ${quoteValue(input.value)}`).join('\n')}`
    : 'Inputs: none given (the flow uses its saved values).';
  return {
    title: 'Run a Gumloop flow?',
    message: `The agent asks to run the Gumloop flow ${flow}. Runs spend Gumloop credits.\n${given}${waitSeconds ? `\nIt then waits up to ${waitSeconds} s for the run to finish.` : ''}`,
  };
}

function quoteValue(value: string): string {
  const line = cleanLine(value);
  return line.length > 200 ? `“${line.slice(0, 200)}” (… ${line.length - 200} more characters)` : `“${line}”`;
}

export function overwriteConfirmation(runId: string): { title: string; message: string } {
  return {
    title: 'Replace existing files?',
    message: `The agent asks to download the files of Gumloop run ${runId} and replace files of the same name already in the download folder.`,
  };
}
