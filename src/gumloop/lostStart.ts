// Starting a run when start_pipeline's answer may be lost: the request went out, then the
// connection broke, timed out or Gumloop answered 5xx or garbage. The run may have started, and a
// start by hand would run the flow twice (credits, mails, …), so start_pipeline is never retried;
// instead the flow's recent runs are searched for one created since just before the request.
// Shared by the CLI's `run` and VS Code's Run Flow. No vscode import.
import { GumloopError, isGumloopError } from '../errors';
import { startPipeline, type JsonCaller, type PipelineInput, type StartedRun } from './pipelines';
import { sleep } from './retry';
import { listRecentRuns, type RunSummary } from './runHistory';

export interface StartOptions {
  signal?: AbortSignal;
  /** How the user checks the flow's runs, e.g. `gumloop-files runs --flow F1`. */
  checkRuns: string;
  now?: () => number;
  /** Before the second look at the flow's runs (a new run may take a moment to be listed). */
  relookDelayMs?: number;
}

export interface StartResult extends StartedRun {
  /** Set when the answer was lost and the run was found among the flow's runs: what to tell the user. */
  recoveredNotice?: string;
}

/**
 * How far before the request a found run's start may lie: Gumloop's clock and ours differ a little.
 * Kept short, so a run someone started a minute ago is not taken for ours.
 */
const CLOCK_SLACK_MS = 15_000;
/** Failures that do not prove the request never reached Gumloop. */
const MAYBE_STARTED = new Set(['network', 'timeout', 'server-error', 'invalid-response']);
/** Transport failures before anything was sent: the run cannot have started. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL', 'EHOSTUNREACH', 'ENETUNREACH']);

export async function startRun(client: JsonCaller, savedItemId: string, inputs: readonly PipelineInput[], options: StartOptions): Promise<StartResult> {
  const now = options.now ?? Date.now;
  const requestedAt = now();
  try {
    return await startPipeline(client, savedItemId, inputs, { signal: options.signal });
  } catch (error) {
    if (!answerMayBeLost(error)) throw error;
    const found = await findStartedRun(client, savedItemId, requestedAt - CLOCK_SLACK_MS, options).catch(() => undefined);
    if (!found) {
      throw new GumloopError(
        error.code,
        `${error.message.replace(/\.?$/, '.')} Gumloop's answer to start_pipeline was lost, so the run may have started: check the flow's runs before starting it again (${options.checkRuns}).`,
        { cause: error, status: error.status, notRetryable: true },
      );
    }
    const at = found.createdTs ? ` at ${new Date(Date.parse(found.createdTs)).toISOString().replace(/\.\d+Z$/, 'Z')}` : '';
    return {
      runId: found.runId,
      savedItemId,
      recoveredNotice: `Gumloop's answer to start_pipeline was lost, but run ${found.runId} of this flow started${at}; watching it.`,
    };
  }
}

export function answerMayBeLost(error: unknown): error is GumloopError {
  if (!isGumloopError(error) || !MAYBE_STARTED.has(error.code)) return false;
  const code = (error.cause as { code?: string } | undefined)?.code;
  return !(code && NOT_SENT.has(code));
}

/** The newest run of the flow created at or after `since`, looked for twice. */
async function findStartedRun(client: JsonCaller, savedItemId: string, since: number, options: StartOptions): Promise<RunSummary | undefined> {
  for (let look = 0; look < 2; look++) {
    if (look > 0) await sleep(options.relookDelayMs ?? 2_000, options.signal);
    const runs = await listRecentRuns(client, savedItemId, { signal: options.signal });
    // Newest first (parseRunHistory), so the first match is the latest start.
    const match = runs.find((run) => run.createdTs !== undefined && Date.parse(run.createdTs) >= since);
    if (match) return match;
  }
  return undefined;
}
