// The checks every JSON GET endpoint makes, in the service's order: key (401) → query shape (400)
// → an armed status fault → x-auth-key (401/403) → access to the user/project asked about (403).

import { readAccounts } from './accounts';
import type { ApiCall } from './apiCall';
import { checkAuthKeyHeader, checkScopeAccess, identifyCaller } from './authorize';
import type { AccountScope } from './flowStore';
import { answerStatusFault } from './jsonAnswer';

/** The parsed query, or undefined when a status fault has already answered. */
export async function authorizedQuery<Query extends AccountScope>(
  call: ApiCall,
  endpoint: string,
  parse: (query: URLSearchParams) => Query,
  subjectOf: (query: Query) => string | undefined = () => undefined,
): Promise<Query | undefined> {
  const accounts = await readAccounts(call.dataDir);
  const caller = identifyCaller(call.headers, accounts);
  const query = parse(call.query);
  if (answerStatusFault(call, { endpoint, subject: subjectOf(query) })) return undefined;
  checkAuthKeyHeader(caller, call.headers);
  checkScopeAccess(caller, query, accounts);
  return query;
}
