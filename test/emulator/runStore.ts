// Runs as folders: dataDir/runs/<runId>/run.json plus the run's files under files/.
// Everything is read per request so tests and the demo can add runs while the server runs.

import { readdir, readFile } from 'node:fs/promises';
import { folderNames, readJsonIfPresent } from './dataFiles';
import * as path from 'node:path';
import type { RunLifecycle } from './runLifecycle';

export type RunState = 'QUEUED' | 'STARTED' | 'RUNNING' | 'DONE' | 'FAILED' | 'TERMINATING' | 'TERMINATED';

export interface RunJson {
  user_id: string;
  /** Set when the run belongs to a project; project-scoped requests only see such runs. */
  project_id?: string;
  state: RunState;
  created_ts: string;
  finished_ts: string | null;
  log: string[];
  /** What get_pl_run answers as `outputs`; when absent, `{files: [every file path]}`. */
  outputs?: Record<string, unknown>;
  /** Files that exist but whose download fails with a 500, to test the client's error path. */
  broken_files?: string[];
  /** The flow this is a run of; run history lists runs by it. */
  saved_item_id?: string;
  /** State changes still to come, applied when the run is read (see runLifecycle.ts). */
  lifecycle?: RunLifecycle;
}

export function runFolder(dataDir: string, runId: string): string {
  return path.join(dataDir, 'runs', runId);
}

export function runFilesFolder(dataDir: string, runId: string): string {
  return path.join(runFolder(dataDir, runId), 'files');
}

/** The run's run.json, or undefined when there is no such run. */
export function readRun(dataDir: string, runId: string): Promise<RunJson | undefined> {
  return readJsonIfPresent<RunJson>(path.join(runFolder(dataDir, runId), 'run.json'));
}

/** Every run in the data folder with its id; a folder without a run.json is skipped. */
export async function readAllRuns(dataDir: string): Promise<{ runId: string; run: RunJson }[]> {
  const names = await folderNames(path.join(dataDir, 'runs'));
  const runs = await Promise.all(names.map(async (runId) => ({ runId, run: await readRun(dataDir, runId) })));
  return runs.filter((entry): entry is { runId: string; run: RunJson } => entry.run !== undefined);
}

/**
 * The run's files as POSIX paths relative to files/, sorted. Only regular files count: a
 * requested name matches exactly one of these or nothing, so folders, symlinks and
 * spelling variants ("./a", "a//b", other case) are simply "not in the run".
 */
export async function listRunFiles(dataDir: string, runId: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(folder: string, prefix: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // a run with no files yet
      throw error;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) await walk(path.join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) found.push(`${prefix}${entry.name}`);
    }
  }
  await walk(runFilesFolder(dataDir, runId), '');
  return found.sort();
}

/** Reads one file given as a path returned by listRunFiles. */
export function readRunFile(dataDir: string, runId: string, fileName: string): Promise<Buffer> {
  return readFile(path.join(runFilesFolder(dataDir, runId), ...fileName.split('/')));
}
