// Checks 1, 3 and 4 of every endpoint: who is calling, and may they see this scope.
// (Check 2, the request's own shape, sits between 1 and 3 to match the real service's order.)

import type { IncomingHttpHeaders } from 'node:http';
import type { Accounts, ApiKeyRecord } from './accounts';
import { ApiError } from './apiError';
import type { AccountScope } from './flowStore';

/** Check 1: a known bearer key or OAuth token. */
export function identifyCaller(headers: IncomingHttpHeaders, accounts: Accounts): ApiKeyRecord {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (!bearer) throw new ApiError(401, 'Missing API key');
  const record = accounts.apiKeys.find((candidate) => candidate.key === bearer[1]);
  if (!record) throw new ApiError(401, 'Invalid API key');
  return record;
}

/** Check 3: a personal key names its user in x-auth-key; a token may, but then it must match. */
export function checkAuthKeyHeader(caller: ApiKeyRecord, headers: IncomingHttpHeaders): void {
  const header = headers['x-auth-key'];
  const authKey = Array.isArray(header) ? header[0] : header;
  if (authKey === undefined || authKey === '') {
    if (caller.kind === 'personal') {
      throw new ApiError(401, 'Personal API keys require the x-auth-key header with your user ID');
    }
    return;
  }
  if (authKey !== caller.userId) throw new ApiError(403, 'API key does not match user');
}

/** Check 4: the caller is the user asked about and a member of the project asked about. */
export function checkScopeAccess(caller: ApiKeyRecord, scope: AccountScope, accounts: Accounts): void {
  if (scope.userId !== undefined && scope.userId !== caller.userId) {
    throw new ApiError(403, `API key does not belong to user ${scope.userId}`);
  }
  if (scope.projectId !== undefined) {
    const project = accounts.projects.find((candidate) => candidate.projectId === scope.projectId);
    if (!project?.members.includes(caller.userId)) {
      throw new ApiError(403, `User ${caller.userId} is not a member of project ${scope.projectId}`);
    }
  }
}
