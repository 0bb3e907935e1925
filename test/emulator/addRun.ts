// Writes a run folder, so a test can create exactly the run it needs while the server runs.

import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DEMO } from './demo';
import { runFilesFolder, runFolder, type RunJson, type RunState } from './runStore';
import { isSafeFileName, isSafeRunId } from './safeNames';

const UNFINISHED_STATES: readonly RunState[] = ['QUEUED', 'STARTED', 'RUNNING', 'TERMINATING'];

/**
 * Defaults: the demo user's DONE run, created and finished now, with an empty log. `outputs` is
 * left out unless given, so get_pl_run lists the files.
 */
export async function addRun(dataDir: string, runId: string, run: Partial<RunJson>, files: Record<string, string | Buffer>): Promise<void> {
  if (!isSafeRunId(runId)) throw new Error(`addRun: ${JSON.stringify(runId)} is not a usable run id`);
  const now = new Date().toISOString();
  const state = run.state ?? 'DONE';
  const runJson: RunJson = {
    user_id: DEMO.userId,
    created_ts: now,
    finished_ts: UNFINISHED_STATES.includes(state) ? null : now,
    log: [],
    ...run,
    state,
  };
  const filesFolder = runFilesFolder(dataDir, runId);
  await mkdir(filesFolder, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (!isSafeFileName(name)) throw new Error(`addRun: ${JSON.stringify(name)} would land outside the run's files folder`);
    const target = path.join(filesFolder, ...name.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  // run.json last: a concurrent request must not see a run whose files are still being written.
  await writeFile(path.join(runFolder(dataDir, runId), 'run.json'), `${JSON.stringify(runJson, null, 2)}\n`);
}
