// The checks every JSON POST endpoint of the flow API makes, in authorizedQuery's order: key (401)
// → body shape (400) → an armed status fault → x-auth-key (401/403) → access to the scope (403).

import { readAccounts } from './accounts';
import type { ApiCall } from './apiCall';
import { ApiError } from './apiError';
import { checkAuthKeyHeader, checkScopeAccess, identifyCaller } from './authorize';
import type { AccountScope } from './flowStore';
import { parseJson } from './httpIo';
import { answerStatusFault } from './jsonAnswer';
import { optionalString, parseAccountScope } from './requestParams';

export type JsonBody = Record<string, unknown>;

/** The parsed body and the calling user, or undefined when a status fault has already answered. */
export async function authorizedBody<Request extends AccountScope>(
  call: ApiCall,
  endpoint: string,
  parse: (body: JsonBody) => Request,
  subjectOf: (request: Request) => string | undefined = () => undefined,
): Promise<{ request: Request; callerId: string } | undefined> {
  const accounts = await readAccounts(call.dataDir);
  const caller = identifyCaller(call.headers, accounts);
  const request = parse(jsonObject(call.body));
  if (answerStatusFault(call, { endpoint, subject: subjectOf(request) })) return undefined;
  checkAuthKeyHeader(caller, call.headers);
  checkScopeAccess(caller, request, accounts);
  return { request, callerId: caller.userId };
}

function jsonObject(body: Buffer): JsonBody {
  const parsed = parseJson(body);
  if (!parsed.ok) throw new ApiError(400, 'Request body must be JSON');
  if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) throw new ApiError(400, 'Request body must be a JSON object');
  return parsed.value as JsonBody;
}

/** A string field of the body (absent or empty: not given), checked as query parameters are. */
export function bodyString(body: JsonBody, name: string): string | undefined {
  return optionalString(body[name], name);
}

/** user_id / project_id from a body: at least one. */
export function bodyScope(body: JsonBody): AccountScope {
  return parseAccountScope(body.user_id, body.project_id);
}
