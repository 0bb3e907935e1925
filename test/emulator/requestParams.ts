// Check 2 of both endpoints: the request names a run and a scope, well formed.

import { ApiError } from './apiError';
import type { AccountScope } from './flowStore';
import { parseJson } from './httpIo';
import { isSafeFileName, isSafeRunId } from './safeNames';

/** Whose run is asked for: a user's, or a project's (user_id may come along with project_id). */
export interface RunScope extends AccountScope {
  runId: string;
}

/** What get_plrun_saved_item_map asks about: one flow, or every flow of a workbook. */
export interface HistoryQuery extends AccountScope {
  savedItemId?: string;
  workbookId?: string;
}

export interface DownloadFilesRequest extends RunScope {
  fileNames: string[];
}

/** The JSON body of POST /download_files. */
export function parseDownloadFilesBody(body: Buffer): DownloadFilesRequest {
  const parsed = parseJson(body);
  if (!parsed.ok) throw new ApiError(400, 'Request body must be JSON');
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
    throw new ApiError(400, 'Request body must be a JSON object');
  }
  const fields = parsed.value as Record<string, unknown>;
  const fileNames = fields.file_names;
  if (!Array.isArray(fileNames) || fileNames.length === 0 || !fileNames.every((name) => typeof name === 'string')) {
    throw new ApiError(400, 'file_names must be a non-empty array of strings');
  }
  const unsafe = (fileNames as string[]).find((name) => !isSafeFileName(name));
  if (unsafe !== undefined) {
    throw new ApiError(400, `Invalid file name ${JSON.stringify(unsafe)} in file_names: it must be a relative path inside the run`);
  }
  return { ...parseScope(fields.run_id, fields.user_id, fields.project_id), fileNames: fileNames as string[] };
}

/** The query of GET /get_pl_run. */
export function parseRunQuery(query: URLSearchParams): RunScope {
  return parseScope(query.get('run_id') ?? undefined, query.get('user_id') ?? undefined, query.get('project_id') ?? undefined);
}

function parseScope(runId: unknown, userId: unknown, projectId: unknown): RunScope {
  if (typeof runId !== 'string' || runId === '') throw new ApiError(400, 'run_id is required');
  if (!isSafeRunId(runId)) throw new ApiError(400, `Invalid run_id ${JSON.stringify(runId)}`);
  return { runId, ...parseAccountScope(userId, projectId) };
}

/** The user_id / project_id pair every endpoint takes: at least one of them. */
/** user_id / project_id, from a query or a JSON body: at least one. */
export function parseAccountScope(userId: unknown, projectId: unknown): AccountScope {
  const user = optionalString(userId, 'user_id');
  const project = optionalString(projectId, 'project_id');
  if (user === undefined && project === undefined) throw new ApiError(400, 'Either user_id or project_id is required');
  return { userId: user, projectId: project };
}

/** The query of list_saved_items and list_workbooks. */
export function parseAccountQuery(query: URLSearchParams): AccountScope {
  return parseAccountScope(query.get('user_id') ?? undefined, query.get('project_id') ?? undefined);
}

/** The query of get_plrun_saved_item_map: saved_item_id or workbook_id, and the scope. */
export function parseHistoryQuery(query: URLSearchParams): HistoryQuery {
  const savedItemId = optionalString(query.get('saved_item_id') ?? undefined, 'saved_item_id');
  const workbookId = optionalString(query.get('workbook_id') ?? undefined, 'workbook_id');
  if (savedItemId === undefined && workbookId === undefined) throw new ApiError(400, 'Either saved_item_id or workbook_id is required');
  for (const [name, id] of [['saved_item_id', savedItemId], ['workbook_id', workbookId]] as const) {
    // A saved item id names a folder under flows/, so it obeys the run-id rule.
    if (id !== undefined && !isSafeRunId(id)) throw new ApiError(400, `Invalid ${name} ${JSON.stringify(id)}`);
  }
  return { savedItemId, workbookId, ...parseAccountQuery(query) };
}

/** An absent or empty value counts as not given; any other non-string is a mistake worth a 400. */
export function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ApiError(400, `${name} must be a string`);
  return value;
}
