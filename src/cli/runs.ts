// `gumloop-files runs --flow <id>`: the flow's recent runs (Gumloop keeps the last 10), newest first.
// People read when a run started and how long it took, as `gh run list` shows; --json keeps the ISO times.
import { listRecentRuns, type RunSummary } from '../gumloop/runHistory';
import { isFinished, stateWord } from '../remote/runState';
import { formatDuration } from '../text';
import { relativeTime } from '../ui/runPresentation';
import { checkOptions, usage } from './args';
import type { CommandContext } from './context';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS } from './download';
import { EXIT } from './exitCodes';
import { isFlowId } from './run';
import { writeList, type Column } from './table';

const COLUMNS: readonly Column[] = [
  // IDs are checked when parsed (printable, at most 256 characters) and must stay pasteable: never cut.
  { header: 'RUN ID', maxWidth: 256 },
  { header: 'STATE', maxWidth: 12 },
  { header: 'STARTED', maxWidth: 12 },
  { header: 'DURATION', maxWidth: 24 },
];

export async function runsCommand(context: CommandContext): Promise<number> {
  checkOptions('runs', context.values, ['flow', 'json']);
  const flowId = context.values.flow?.trim() ?? '';
  if (!isFlowId(flowId)) throw usage('runs needs --flow <saved_item_id>');
  const { client } = context.connect(DEFAULT_REQUEST_TIMEOUT_SECONDS);
  const runs = await listRecentRuns(client, flowId, { signal: context.signal });
  writeList(context, runs, {
    json: (run) => ({ runId: run.runId, state: run.state ?? null, createdTs: run.createdTs ?? null, finishedTs: run.finishedTs ?? null }),
    none: `flow ${flowId} has no recent runs`,
    columns: COLUMNS,
    rows: (all) => runsTableRows(all, Date.now()),
  });
  return EXIT.ok;
}

/** One row per run: its ID, state, start ("3 min ago") and duration ("1 min 12 s", or "… so far" while it runs). */
export function runsTableRows(runs: readonly RunSummary[], now: number): string[][] {
  return runs.map((run) => {
    const started = timeOf(run.createdTs);
    const finished = timeOf(run.finishedTs);
    let duration = '';
    if (started !== undefined && finished !== undefined) duration = formatDuration(finished - started);
    else if (started !== undefined && !isFinished(run.state)) duration = `${formatDuration(now - started)} so far`;
    return [run.runId, run.state ? stateWord(run.state) : '?', started === undefined ? '' : relativeTime(started, now), duration];
  });
}

function timeOf(ts: string | null | undefined): number | undefined {
  const ms = ts ? Date.parse(ts) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}
