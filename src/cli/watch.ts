// `gumloop-files watch`: wait for a run that already exists, like `run --wait`.
import { validateRunId } from '../validation';
import { checkOptions, seconds, usage } from './args';
import type { CommandContext } from './context';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, downloadTarget } from './download';
import { followRun } from './followRun';

export async function watchCommand(context: CommandContext): Promise<number> {
  const { values } = context;
  checkOptions('watch', values, ['run-id', 'saved-item-id', 'timeout', 'download', 'out', 'on-conflict', 'max-files', 'json', 'kill-on-interrupt']);
  const runId = validateRunId(values['run-id'] ?? '');
  if (!runId.ok) throw usage(runId.reason);
  if (!values.download && (values.out !== undefined || values['on-conflict'] !== undefined || values['max-files'] !== undefined)) throw usage('--out, --on-conflict and --max-files need --download');
  const timeoutSeconds = seconds(values.timeout, '--timeout', undefined);
  const target = values.download ? downloadTarget(values) : undefined;
  const { client } = context.connect(DEFAULT_REQUEST_TIMEOUT_SECONDS);
  return followRun(context, client, {
    runId: runId.value,
    savedItemId: values['saved-item-id'],
    timeoutSeconds,
    download: target,
    killOnInterrupt: Boolean(values['kill-on-interrupt']),
  });
}
