// POST /api/v1/upload_file (spec: spec/upload_file.yaml): base64 content into the account's files,
// dataDir/uploads/<user or project id>/<file_name>, where a `file` input of a run finds it by name.

import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ApiCall } from './apiCall';
import { ApiError } from './apiError';
import { authorizedBody, bodyScope, bodyString, type JsonBody } from './authorizedBody';
import type { AccountScope } from './flowStore';
import { sendJsonAnswer } from './jsonAnswer';
import { isSafeRunId } from './safeNames';

const ENDPOINT = 'upload_file';

export function uploadsFolder(dataDir: string, scope: AccountScope): string {
  return path.join(dataDir, 'uploads', scope.projectId ?? scope.userId ?? '');
}

export async function handleUploadFile(call: ApiCall): Promise<void> {
  const authorized = await authorizedBody(call, ENDPOINT, parseUploadBody, (request) => request.fileName);
  if (!authorized) return;
  const { request } = authorized;
  const folder = uploadsFolder(call.dataDir, request);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, request.fileName), request.content);
  sendJsonAnswer(call, { endpoint: ENDPOINT, subject: request.fileName }, { success: true, file_name: request.fileName });
}

function parseUploadBody(body: JsonBody): AccountScope & { fileName: string; content: Buffer } {
  const fileName = bodyString(body, 'file_name');
  // Gumloop's file storage is flat: one name, no folders.
  if (!fileName || fileName.includes('/') || !isSafeRunId(fileName)) throw new ApiError(400, 'file_name must be a plain file name');
  const encoded = bodyString(body, 'file_content') ?? '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) throw new ApiError(400, 'file_content must be base64');
  return { fileName, content: Buffer.from(encoded, 'base64'), ...bodyScope(body) };
}
