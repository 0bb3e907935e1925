// POST /api/v1/kill_pipeline: the run goes TERMINATING now and TERMINATED a moment later (the
// docs list both states; the SDKs stop on either). A run that already ended stays as it is.

import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ApiCall } from './apiCall';
import { ApiError } from './apiError';
import { authorizedBody, bodyScope, bodyString, type JsonBody } from './authorizedBody';
import { sendJsonAnswer } from './jsonAnswer';
import type { RunScope } from './requestParams';
import { isFinalState, runAt } from './runLifecycle';
import { runFolder, type RunJson } from './runStore';
import { isSafeRunId } from './safeNames';
import { findRunInScope } from './scopedRun';

const ENDPOINT = 'kill_pipeline';
/** How long a killed run stays TERMINATING. */
export const TERMINATING_MS = 1_500;

export async function handleKillPipeline(call: ApiCall): Promise<void> {
  const authorized = await authorizedBody(call, ENDPOINT, parseKillBody, (request) => request.runId);
  if (!authorized) return;
  const { runId } = authorized.request;
  const current = runAt(await findRunInScope(call.dataDir, authorized.request), call.clock);
  const live = !isFinalState(current.state);
  if (live) {
    const now = new Date(call.clock.now());
    const killed: RunJson = {
      ...current,
      state: 'TERMINATING',
      log: [...current.log, '__system__: __TERMINATING__ (killed through the API)'],
      outputs: {},
      finished_ts: null,
      lifecycle: { started_at: now.toISOString(), steps: [{ after_ms: TERMINATING_MS, state: 'TERMINATED', log: ['__system__: __TERMINATED__'] }] },
    };
    await writeFile(path.join(runFolder(call.dataDir, runId), 'run.json'), `${JSON.stringify(killed, null, 2)}\n`);
  }
  sendJsonAnswer(call, { endpoint: ENDPOINT, subject: runId }, { success: live, run_id: runId });
}

function parseKillBody(body: JsonBody): RunScope {
  const runId = bodyString(body, 'run_id');
  if (!runId) throw new ApiError(400, 'run_id is required');
  if (!isSafeRunId(runId)) throw new ApiError(400, `Invalid run_id ${JSON.stringify(runId)}`);
  return { runId, ...bodyScope(body) };
}
