// GET /api/v1/get_pl_run: a run's state, outputs, times and log, as of now (see runLifecycle).

import type { ApiCall } from './apiCall';
import { authorizedQuery } from './authorizedQuery';
import { sendJsonAnswer } from './jsonAnswer';
import { parseRunQuery } from './requestParams';
import { runAt } from './runLifecycle';
import { listRunFiles } from './runStore';
import { findRunInScope } from './scopedRun';

const ENDPOINT = 'get_pl_run';

export async function handleGetPlRun(call: ApiCall): Promise<void> {
  const scope = await authorizedQuery(call, ENDPOINT, parseRunQuery, (query) => query.runId);
  if (!scope) return;
  const run = runAt(await findRunInScope(call.dataDir, scope), call.clock);
  sendJsonAnswer(call, { endpoint: ENDPOINT, subject: scope.runId }, {
    user_id: run.user_id,
    state: run.state,
    outputs: run.outputs ?? { files: await listRunFiles(call.dataDir, scope.runId) },
    created_ts: run.created_ts,
    finished_ts: run.finished_ts ?? null,
    log: run.log ?? [],
  });
}
