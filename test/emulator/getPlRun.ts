// GET /api/v1/get_pl_run: a run's state, outputs, times and log.

import { readAccounts } from './accounts';
import type { ApiCall } from './apiCall';
import { checkAuthKeyHeader, checkScopeAccess, identifyCaller } from './authorize';
import { sendJson } from './httpIo';
import { parseRunQuery } from './requestParams';
import { listRunFiles } from './runStore';
import { findRunInScope } from './scopedRun';

export async function handleGetPlRun(call: ApiCall): Promise<void> {
  const accounts = await readAccounts(call.dataDir);
  const caller = identifyCaller(call.headers, accounts);
  const scope = parseRunQuery(call.query);
  checkAuthKeyHeader(caller, call.headers);
  checkScopeAccess(caller, scope, accounts);
  const run = await findRunInScope(call.dataDir, scope);
  sendJson(call.response, 200, {
    user_id: run.user_id,
    state: run.state,
    outputs: run.outputs ?? { files: await listRunFiles(call.dataDir, scope.runId) },
    created_ts: run.created_ts,
    finished_ts: run.finished_ts ?? null,
    log: run.log ?? [],
  });
}
