// GET /api/v1/get_plrun_saved_item_map: the 10 most recent runs of one flow, or of every flow in a
// workbook, in the documented map shape {"<saved_item_id>": [run, ...]}, newest first. The per-run
// record is undocumented; the emulator sends what third-party clients report (run_id, state,
// created_ts, finished_ts) and nothing more, so the extension cannot lean on extra fields.

import type { ApiCall } from './apiCall';
import { ApiError } from './apiError';
import { authorizedQuery } from './authorizedQuery';
import { ownedBy, readAllFlows, readFlow, readWorkbooks } from './flowStore';
import { sendJsonAnswer } from './jsonAnswer';
import { parseHistoryQuery, type HistoryQuery } from './requestParams';
import { runAt } from './runLifecycle';
import { readAllRuns } from './runStore';
import { runInScope } from './scopedRun';

const ENDPOINT = 'get_plrun_saved_item_map';
export const RUNS_PER_FLOW = 10;

export async function handleRunHistory(call: ApiCall): Promise<void> {
  const subjectOf = (query: HistoryQuery): string | undefined => query.savedItemId ?? query.workbookId;
  const query = await authorizedQuery(call, ENDPOINT, parseHistoryQuery, subjectOf);
  if (!query) return;
  const flowIds = await flowsAskedFor(call.dataDir, query);
  const history: Record<string, unknown[]> = Object.fromEntries(flowIds.map((id) => [id, []]));
  const runs = (await readAllRuns(call.dataDir))
    .map(({ runId, run }) => ({ runId, run: runAt(run, call.clock) }))
    .filter(({ run }) => run.saved_item_id !== undefined && run.saved_item_id in history && runInScope(run, query))
    .sort((a, b) => b.run.created_ts.localeCompare(a.run.created_ts));
  for (const { runId, run } of runs) {
    const list = history[run.saved_item_id as string];
    if (list.length < RUNS_PER_FLOW) list.push({ run_id: runId, state: run.state, created_ts: run.created_ts, finished_ts: run.finished_ts ?? null });
  }
  sendJsonAnswer(call, { endpoint: ENDPOINT, subject: subjectOf(query) }, history);
}

/** The flow asked for, or the workbook's flows; 404 for one outside the scope, as for a missing one. */
async function flowsAskedFor(dataDir: string, query: HistoryQuery): Promise<string[]> {
  if (query.savedItemId !== undefined) {
    const flow = await readFlow(dataDir, query.savedItemId);
    if (!flow || !ownedBy(flow, query)) throw new ApiError(404, `Saved item ${query.savedItemId} not found`);
    const inWorkbook = query.workbookId === undefined || flow.workbook_id === query.workbookId;
    return inWorkbook ? [query.savedItemId] : [];
  }
  const workbook = (await readWorkbooks(dataDir)).find((candidate) => candidate.workbook_id === query.workbookId);
  if (!workbook || !ownedBy(workbook, query)) throw new ApiError(404, 'Workbook not found');
  const flows = await readAllFlows(dataDir);
  return flows.filter(({ flow }) => flow.workbook_id === workbook.workbook_id && ownedBy(flow, query)).map(({ savedItemId }) => savedItemId);
}
