// `gumloop-files runs --flow <id>`: the flow's recent runs (Gumloop keeps the last 10), newest first.
import { listRecentRuns } from '../gumloop/runHistory';
import { checkOptions, usage } from './args';
import type { CommandContext } from './context';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS } from './download';
import { EXIT } from './exitCodes';
import { FLOW_ID } from './run';
import { table } from './table';

export async function runsCommand(context: CommandContext): Promise<number> {
  checkOptions('runs', context.values, ['flow', 'json']);
  const flowId = context.values.flow?.trim() ?? '';
  if (!FLOW_ID.test(flowId)) throw usage('runs needs --flow <saved_item_id>');
  const { client } = context.connect(DEFAULT_REQUEST_TIMEOUT_SECONDS);
  const runs = await listRecentRuns(client, flowId, { signal: context.signal });
  if (context.values.json) {
    context.json(runs.map((run) => ({ runId: run.runId, state: run.state ?? null, createdTs: run.createdTs ?? null, finishedTs: run.finishedTs ?? null })));
  } else if (runs.length === 0) {
    context.stderr(`gumloop-files: flow ${flowId} has no recent runs\n`);
  } else {
    context.stdout(table(['RUN ID', 'STATE', 'STARTED', 'FINISHED'], runs.map((run) => [run.runId, run.state ?? '?', run.createdTs ?? '', run.finishedTs ?? ''])));
  }
  return EXIT.ok;
}
