// Check 2 of both endpoints: the request names a run and a scope, well formed.

import { ApiError } from './apiError';
import { parseJson } from './httpIo';
import { isSafeFileName, isSafeRunId } from './safeNames';

/** Whose run is asked for: a user's, or a project's (user_id may come along with project_id). */
export interface RunScope {
  runId: string;
  userId?: string;
  projectId?: string;
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
  const user = optionalString(userId, 'user_id');
  const project = optionalString(projectId, 'project_id');
  if (user === undefined && project === undefined) throw new ApiError(400, 'Either user_id or project_id is required');
  return { runId, userId: user, projectId: project };
}

/** An absent or empty value counts as not given; any other non-string is a mistake worth a 400. */
function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ApiError(400, `${name} must be a string`);
  return value;
}
