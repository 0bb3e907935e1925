// Flows (saved items) and workbooks as files, read per request like runs:
//   flows/<savedItemId>/flow.json   the flow (see FlowJson)
//   flows/<savedItemId>/files/      the files a new run of the flow produces (for start_pipeline)
//   workbooks.json                  {"workbooks": [WorkbookJson]}; a flow names its workbook_id

import * as path from 'node:path';
import { folderNames, readJsonIfPresent } from './dataFiles';

export interface FlowInput {
  name: string;
  data_type: 'string' | 'file';
  description: string | null;
}

export interface FlowJson {
  name: string;
  description?: string;
  created_ts: string;
  /** The owner. A flow without project_id is the user's own; with one it belongs to that project (team). */
  user_id: string;
  project_id?: string;
  workbook_id?: string;
  /** What get_inputs answers (the named inputs of the flow's Input nodes). */
  inputs?: FlowInput[];
  /** The lines a new run of this flow logs, spread over its running time. */
  run_log?: string[];
  /** How long a new run of this flow runs (default chosen by whoever starts it). */
  run_ms?: number;
}

export interface WorkbookJson {
  workbook_id: string;
  name: string;
  description?: string;
  created_ts: string;
  user_id: string;
  project_id?: string;
}

/** Whose flows, workbooks or runs a request asks about. */
export interface AccountScope {
  userId?: string;
  projectId?: string;
}

export function flowFolder(dataDir: string, savedItemId: string): string {
  return path.join(dataDir, 'flows', savedItemId);
}

export function flowFilesFolder(dataDir: string, savedItemId: string): string {
  return path.join(flowFolder(dataDir, savedItemId), 'files');
}

export function readFlow(dataDir: string, savedItemId: string): Promise<FlowJson | undefined> {
  return readJsonIfPresent<FlowJson>(path.join(flowFolder(dataDir, savedItemId), 'flow.json'));
}

const READ_BATCH = 256;

/** Every flow with its id, oldest first (by created_ts, then id), so listings are stable. */
export async function readAllFlows(dataDir: string): Promise<{ savedItemId: string; flow: FlowJson }[]> {
  const names = await folderNames(path.join(dataDir, 'flows'));
  // In batches: an account of 50,000 flows (npm run bench) would otherwise open every file at once (EMFILE).
  const flows: { savedItemId: string; flow: FlowJson | undefined }[] = [];
  for (let start = 0; start < names.length; start += READ_BATCH) {
    flows.push(...(await Promise.all(names.slice(start, start + READ_BATCH).map(async (savedItemId) => ({ savedItemId, flow: await readFlow(dataDir, savedItemId) })))));
  }
  return flows
    .filter((entry): entry is { savedItemId: string; flow: FlowJson } => entry.flow !== undefined)
    .sort((a, b) => a.flow.created_ts.localeCompare(b.flow.created_ts) || a.savedItemId.localeCompare(b.savedItemId));
}

export async function readWorkbooks(dataDir: string): Promise<WorkbookJson[]> {
  return (await readJsonIfPresent<{ workbooks?: WorkbookJson[] }>(path.join(dataDir, 'workbooks.json')))?.workbooks ?? [];
}

/**
 * A project scope sees the project's items; a user scope sees the user's own items outside any
 * project (the team's flows appear when the view switches to project scope).
 */
export function ownedBy(item: { user_id: string; project_id?: string }, scope: AccountScope): boolean {
  if (scope.projectId !== undefined) return item.project_id === scope.projectId;
  return item.project_id === undefined && item.user_id === scope.userId;
}
