// Gumloop's concurrency limit (core-concepts/rate_limits): on Pro at most 5 runs of an account go
// at once and start_pipeline answers 429 beyond that; queued and finished runs do not count.
// dataDir/limits.json may set it: {"concurrent_runs": 5, "accounts": {"<user or project id>": 1}}.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { AccountScope } from './flowStore';
import { runAt, type EmulatorClock } from './runLifecycle';
import { readAllRuns } from './runStore';
import { runInScope } from './scopedRun';

export const PRO_CONCURRENT_RUNS = 5;
const COUNTED_STATES = new Set(['STARTED', 'RUNNING', 'TERMINATING']);

interface LimitsJson {
  concurrent_runs?: number;
  accounts?: Record<string, number>;
}

export async function concurrencyLimit(dataDir: string, scope: AccountScope): Promise<number> {
  let limits: LimitsJson = {};
  try {
    limits = JSON.parse(await readFile(path.join(dataDir, 'limits.json'), 'utf8')) as LimitsJson;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const account = scope.projectId ?? scope.userId ?? '';
  return limits.accounts?.[account] ?? limits.concurrent_runs ?? PRO_CONCURRENT_RUNS;
}

/** Runs of the account that are going now (as their lifecycles say at this moment). */
export async function liveRunCount(dataDir: string, scope: AccountScope, clock: EmulatorClock): Promise<number> {
  const runs = await readAllRuns(dataDir);
  return runs.filter(({ run }) => runInScope(run, scope) && COUNTED_STATES.has(runAt(run, clock).state)).length;
}
