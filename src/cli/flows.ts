// `gumloop-files flows`: the account's saved flows, one per line (or --json).
import { listFlows } from '../gumloop/flows';
import { checkOptions } from './args';
import type { CommandContext } from './context';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS } from './download';
import { EXIT } from './exitCodes';
import { writeList, type Column } from './table';

const COLUMNS: readonly Column[] = [
  // IDs are checked when parsed (printable, at most 256 characters) and must stay pasteable: never cut.
  { header: 'FLOW ID', maxWidth: 256 },
  { header: 'NAME', maxWidth: 60 },
  { header: 'CREATED', maxWidth: 10 },
];

export async function flowsCommand(context: CommandContext): Promise<number> {
  checkOptions('flows', context.values, ['json']);
  const { client } = context.connect(DEFAULT_REQUEST_TIMEOUT_SECONDS);
  const flows = await listFlows(client, { signal: context.signal });
  writeList(context, flows, {
    json: (flow) => ({ flowId: flow.savedItemId, name: flow.name, description: flow.description ?? null, createdTs: flow.createdTs ?? null }),
    none: 'no saved flows in this scope (check --user-id / --project-id)',
    columns: COLUMNS,
    rows: (all) => all.map((flow) => [flow.savedItemId, flow.name, flow.createdTs?.slice(0, 10) ?? '']),
  });
  return EXIT.ok;
}
