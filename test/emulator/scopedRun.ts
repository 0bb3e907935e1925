// Check 5 of both endpoints: the run exists and belongs to the scope asked about.

import { ApiError } from './apiError';
import type { AccountScope } from './flowStore';
import type { RunScope } from './requestParams';
import { readRun, type RunJson } from './runStore';

/** A run outside the scope answers the same 404 as a missing one, so run ids cannot be probed. */
export async function findRunInScope(dataDir: string, scope: RunScope): Promise<RunJson> {
  const run = await readRun(dataDir, scope.runId);
  if (!run || !runInScope(run, scope)) throw new ApiError(404, `Run ${scope.runId} not found`);
  return run;
}

/** A project scope sees the project's runs; a user scope sees every run the user started. */
export function runInScope(run: RunJson, scope: AccountScope): boolean {
  return scope.projectId !== undefined ? run.project_id === scope.projectId : run.user_id === scope.userId;
}
