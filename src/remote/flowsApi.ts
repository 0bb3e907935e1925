// What the Flows view asks Gumloop, each call exactly one request through the view's budget.
// The client's own retries are off here: a retry would be a request the budget never saw. A 429
// pauses the whole budget for its Retry-After and the call then takes its turn again. No vscode import.
import { isGumloopError } from '../errors';
import { parseRunInfo } from '../gumloop/client';
import { listFlows, type Flow, type JsonGetter } from '../gumloop/flows';
import { listRecentRuns, type RunSummary } from '../gumloop/runHistory';
import type { RunInfo } from '../gumloop/types';
import type { RequestBudget, RequestPriority } from './requestBudget';

export interface FlowsApi {
  listFlows(options: CallOptions): Promise<Flow[]>;
  listRuns(flow: { savedItemId: string; name?: string }, options: CallOptions): Promise<RunSummary[]>;
  getRun(runId: string, options: CallOptions): Promise<RunInfo>;
}

export interface CallOptions {
  priority: RequestPriority;
  signal?: AbortSignal;
  /** Asked when the call's turn comes; false drops it unsent (PollSkipped): the view went hidden meanwhile. */
  stillWanted?(): boolean;
}

/** Thrown by a call whose `stillWanted` said no when its turn came: it was not sent. */
export class PollSkipped extends Error {
  constructor() {
    super('poll skipped: no one who asked for it is watching any more');
  }
}

/** When a 429 names no Retry-After: long enough to matter, short enough not to look stuck. */
export const DEFAULT_RATE_LIMIT_PAUSE_MS = 10_000;
/** 429s in a row one call sits out before its error reaches the node. */
const MAX_RATE_LIMITED_TURNS = 3;

/** One call through the budget: dropped unsent when no longer wanted, a 429 pauses the budget and the call takes its turn again. The Agents view's calls share it. */
export function budgetedCall(budget: RequestBudget) {
  return async function call<T>(request: () => Promise<T>, options: CallOptions): Promise<T> {
    for (let turn = 1; ; turn++) {
      try {
        const send = (): Promise<T> => (options.stillWanted && !options.stillWanted() ? Promise.reject(new PollSkipped()) : request());
        return await budget.run(send, options.priority, options.signal);
      } catch (error) {
        if (!isGumloopError(error, 'rate-limited') || turn >= MAX_RATE_LIMITED_TURNS) throw error;
        budget.pauseFor(error.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS);
      }
    }
  };
}

/** The client's own retries are off under the budget: a retry would be a request the budget never saw. */
export function singleAttempt(getter: JsonGetter): JsonGetter {
  return { getJson: (endpoint, query, options) => getter.getJson(endpoint, query, { ...options, retry: { retries: 0 } }) };
}

export function budgetedFlowsApi(getter: JsonGetter, budget: RequestBudget): FlowsApi {
  const once = singleAttempt(getter);
  const call = budgetedCall(budget);
  return {
    listFlows: (options) => call(() => listFlows(once, { signal: options.signal }), options),
    listRuns: (flow, options) => call(() => listRecentRuns(once, flow.savedItemId, { signal: options.signal, flowName: flow.name }), options),
    getRun: (runId, options) =>
      call(async () => parseRunInfo(await once.getJson('get_pl_run', { run_id: runId }, { signal: options.signal, context: { runId } })), options),
  };
}
