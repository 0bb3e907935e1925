// POST /api/v1/start_pipeline: a new run of a flow, which then moves QUEUED → RUNNING → DONE (or
// FAILED, for a flow set to fail) over the flow's run time, logging its run_log lines on the way
// and producing the flow's files/. At the account's concurrency limit it answers 429 (Pro plan).

import { randomBytes } from 'node:crypto';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ApiCall } from './apiCall';
import { ApiError } from './apiError';
import { authorizedBody, bodyScope, bodyString, type JsonBody } from './authorizedBody';
import { concurrencyLimit, liveRunCount } from './concurrency';
import { flowFilesFolder, ownedBy, readFlow, type AccountScope, type FlowJson } from './flowStore';
import { sendJsonAnswer } from './jsonAnswer';
import { plannedLifecycle } from './runLifecycle';
import { listRunFiles, runFilesFolder, runFolder, type RunJson, type RunState } from './runStore';
import { isSafeRunId } from './safeNames';

const ENDPOINT = 'start_pipeline';

/** How a flow's new runs behave; optional keys of flow.json beside FlowJson's. */
export interface RunBehaviour {
  /** The state a new run ends in (default DONE): a flow "set to fail" has FAILED. */
  final_state?: Extract<RunState, 'DONE' | 'FAILED'>;
  /** How long a new run waits in QUEUED first (default 500 ms). */
  queued_ms?: number;
}

export const DEFAULT_RUN_MS = 6_000;
export const DEFAULT_QUEUED_MS = 500;

interface StartRequest extends AccountScope {
  savedItemId: string;
  inputs: { input_name: string; value: string }[];
}

export async function handleStartPipeline(call: ApiCall): Promise<void> {
  const authorized = await authorizedBody(call, ENDPOINT, parseStartBody, (request) => request.savedItemId);
  if (!authorized) return;
  const { request, callerId } = authorized;
  const flow = await readFlow(call.dataDir, request.savedItemId);
  if (!flow || !ownedBy(flow, request)) throw new ApiError(404, `Saved item ${request.savedItemId} not found`);
  const limit = await concurrencyLimit(call.dataDir, request);
  if ((await liveRunCount(call.dataDir, request, call.clock)) >= limit) {
    throw new ApiError(429, `Your plan allows ${limit} concurrent flow runs; wait for one to finish`);
  }
  const runId = newRunId();
  await mkdir(runFilesFolder(call.dataDir, runId), { recursive: true });
  await cp(flowFilesFolder(call.dataDir, request.savedItemId), runFilesFolder(call.dataDir, runId), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error; // a flow without files/ produces none
  });
  const files = await listRunFiles(call.dataDir, runId);
  await writeFile(path.join(runFolder(call.dataDir, runId), 'run.json'), `${JSON.stringify(newRun(call, request, callerId, flow, files), null, 2)}\n`);
  sendJsonAnswer(call, { endpoint: ENDPOINT, subject: request.savedItemId }, {
    run_id: runId,
    saved_item_id: request.savedItemId,
    workbook_id: flow.workbook_id ?? '',
    url: `https://www.gumloop.com/pipeline?run_id=${runId}&flow_id=${request.savedItemId}`,
  });
}

function newRun(call: ApiCall, request: StartRequest, callerId: string, flow: FlowJson & RunBehaviour, files: string[]): RunJson & { inputs: StartRequest['inputs'] } {
  const finalState = flow.final_state ?? 'DONE';
  const startedAt = new Date(call.clock.now());
  const { state, lifecycle } = plannedLifecycle({
    startedAt,
    queuedMs: flow.queued_ms ?? DEFAULT_QUEUED_MS,
    runningMs: flow.run_ms ?? DEFAULT_RUN_MS,
    finalState,
    log: flow.run_log ?? ['__system__: __STARTING__', finalState === 'DONE' ? 'Flow finished' : 'Error: the flow failed'],
  });
  const last = lifecycle.steps[lifecycle.steps.length - 1];
  // Outputs appear with DONE only (Gumloop fills them when the run is DONE); a failed run has none.
  if (finalState === 'DONE') last.outputs = { files };
  return {
    user_id: callerId,
    ...(request.projectId ? { project_id: request.projectId } : {}),
    saved_item_id: request.savedItemId,
    state,
    created_ts: startedAt.toISOString(),
    finished_ts: null,
    log: [],
    outputs: {},
    lifecycle,
    inputs: request.inputs,
  };
}

/**
 * The body both official SDKs send ({saved_item_id, user_id, project_id?, pipeline_inputs}) or the
 * current docs' variant (inputs as extra top-level keys); the recorded inputs are the same.
 */
function parseStartBody(body: JsonBody): StartRequest {
  const savedItemId = bodyString(body, 'saved_item_id');
  if (!savedItemId) throw new ApiError(400, 'saved_item_id is required');
  if (!isSafeRunId(savedItemId)) throw new ApiError(400, `Invalid saved_item_id ${JSON.stringify(savedItemId)}`);
  // The spec marks user_id required here (the user who starts the run), with project_id beside it.
  if (!bodyString(body, 'user_id')) throw new ApiError(400, 'user_id is required: the user starting the flow (send project_id beside it for a project flow)');
  const scope = bodyScope(body);
  const inputs: StartRequest['inputs'] = [];
  if (body.pipeline_inputs !== undefined) {
    if (!Array.isArray(body.pipeline_inputs)) throw new ApiError(400, 'pipeline_inputs must be a list of {input_name, value}');
    for (const item of body.pipeline_inputs as unknown[]) {
      const entry = item as { input_name?: unknown; value?: unknown } | null;
      if (typeof entry?.input_name !== 'string' || entry.input_name === '') throw new ApiError(400, 'Each pipeline_inputs entry needs an input_name');
      inputs.push({ input_name: entry.input_name, value: typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value ?? '') });
    }
  }
  for (const [key, value] of Object.entries(body)) {
    if (!RESERVED.has(key)) inputs.push({ input_name: key, value: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  return { savedItemId, ...scope, inputs };
}

/** Body names that are never inputs (the old docs' reserved list). */
const RESERVED = new Set(['api_key', 'saved_item_id', 'user_id', 'project_id', 'openai_token', 'action_id', 'reuse_action', 'trigger_id', 'pipeline_inputs']);

function newRunId(): string {
  return randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
}
