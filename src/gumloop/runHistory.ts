// A flow's recent runs (get_plrun_saved_item_map): request and tolerant parsing. No vscode import.
//
// Gumloop documents the answer only as "a map of saved item IDs to their recent run history, with
// up to 10 runs per saved item" (example `{}`); the per-run record is undocumented. So this accepts
// the map, a map whose key is not the id asked for (its runs are all taken), and a bare list; each
// run needs a run_id, every other field is optional (missing = unknown) and unknown fields are
// ignored. A body of the wrong type is a GumloopError('invalid-response').
import type { JsonGetter } from './flows';
import { describeJsonType, invalidResponse, isRecord, optionalId, optionalLine, optionalText, parseJsonBody, type JsonRecord } from './jsonBody';

export const RUN_HISTORY = 'get_plrun_saved_item_map';

export interface RunSummary {
  runId: string;
  /** As Gumloop sent it (see remote/runState for its meaning); undefined when not sent. */
  state?: string;
  createdTs?: string;
  /** null: Gumloop said the run has not finished; undefined: not sent. */
  finishedTs?: string | null;
  /** The flow, when the record names it. */
  savedItemId?: string;
}

export async function listRecentRuns(client: JsonGetter, savedItemId: string, options: { signal?: AbortSignal; flowName?: string } = {}): Promise<RunSummary[]> {
  const subject = `Flow “${options.flowName ?? savedItemId}”`;
  const text = await client.getJson(RUN_HISTORY, { saved_item_id: savedItemId }, { signal: options.signal, context: { subject } });
  return parseRunHistory(text, savedItemId);
}

/** The runs of `savedItemId`, newest first (runs without a start time keep their order, last). */
export function parseRunHistory(text: string, savedItemId: string): RunSummary[] {
  const body = parseJsonBody(text, RUN_HISTORY);
  const records = runRecords(body, savedItemId);
  const runs: RunSummary[] = [];
  for (const record of records) {
    if (!isRecord(record)) continue;
    const run = parseRunRecord(record);
    if (run && (run.savedItemId === undefined || run.savedItemId === savedItemId)) runs.push(run);
  }
  if (runs.length === 0 && records.length > 0 && !records.some((record) => isRecord(record) && optionalText(record.run_id))) {
    throw invalidResponse(RUN_HISTORY, 'runs that have no run_id');
  }
  return newestFirst(runs);
}

function runRecords(body: unknown, savedItemId: string): unknown[] {
  if (Array.isArray(body)) return body;
  if (!isRecord(body)) throw invalidResponse(RUN_HISTORY, `${describeJsonType(body)} where a map of runs was expected`);
  if (savedItemId in body) {
    const runs = body[savedItemId];
    if (runs === null) return [];
    if (!Array.isArray(runs)) throw invalidResponse(RUN_HISTORY, `the runs of this flow as ${describeJsonType(runs)}, not a list`);
    return runs;
  }
  // Not keyed by the id asked for (another spelling, or a wrapper): every list in the map is runs.
  return Object.values(body).flatMap((value) => (Array.isArray(value) ? value : []));
}

function parseRunRecord(record: JsonRecord): RunSummary | undefined {
  // Shown and sent back as it is, so a run ID that is not one (escape codes, spaces) is skipped.
  const runId = optionalId(record.run_id);
  if (!runId) return undefined;
  // State and times are shown, so cleaned once here; the ids go back into requests as sent.
  return {
    runId,
    state: optionalLine(record.state),
    createdTs: optionalLine(record.created_ts),
    finishedTs: record.finished_ts === null ? null : optionalLine(record.finished_ts),
    savedItemId: optionalText(record.saved_item_id),
  };
}

function newestFirst(runs: RunSummary[]): RunSummary[] {
  const time = (run: RunSummary): number => {
    const parsed = run.createdTs === undefined ? Number.NaN : Date.parse(run.createdTs);
    return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
  };
  // Array.prototype.sort is stable, so runs without a time keep Gumloop's order.
  return [...runs].sort((a, b) => {
    const difference = time(b) - time(a);
    return Number.isNaN(difference) ? 0 : difference; // two unknown times: -Infinity - -Infinity
  });
}
