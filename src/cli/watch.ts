// `gumloop-files watch`: wait for a run that already exists, like `run --wait`.
import { validateRunId } from '../validation';
import { checkOptions, seconds, usage } from './args';
import type { CommandContext } from './context';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, TARGET_OPTIONS, checkTargetNeedsDownload, downloadTarget } from './download';
import { followRun } from './followRun';

export async function watchCommand(context: CommandContext): Promise<number> {
  const { values } = context;
  checkOptions('watch', values, ['run-id', 'saved-item-id', 'timeout', 'download', ...TARGET_OPTIONS, 'json', 'kill-on-interrupt']);
  const runId = validateRunId(values['run-id'] ?? '');
  if (!runId.ok) throw usage(runId.reason);
  checkTargetNeedsDownload(values);
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
