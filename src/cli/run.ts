// `gumloop-files run`: start a flow through start/startFlowRun (inputs checked against get_inputs,
// files uploaded first, a lost start answer looked up among the flow's runs),
// print the run ID at once, and with --wait / --download follow it like `watch`.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { GumloopError } from '../errors';
import { getInputs, MAX_UPLOAD_BYTES } from '../gumloop/pipelines';
import { leftInputsNotice, parseAssignment, type FileAssignment } from '../runs/runInputs';
import { cleanLine } from '../sanitize';
import { startFlowRun } from '../start/startFlowRun';
import { validateId } from '../validation';
import { checkOptions, seconds, usage } from './args';
import type { CommandContext } from './context';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, TARGET_OPTIONS, checkTargetNeedsDownload, downloadTarget } from './download';
import { EXIT } from './exitCodes';
import { followRun } from './followRun';
import { inputsFrom, mergeInputs } from './inputsFrom';
import { cliCommand, connectionArgs } from './hints';

/** A flow ID (saved_item_id) as the extension takes it too: validateId. */
export function isFlowId(text: string): boolean {
  return text !== '' && validateId(text, 'flow ID').ok;
}

export async function runCommand(context: CommandContext): Promise<number> {
  const { values } = context;
  checkOptions('run', values, ['flow', 'input', 'input-file', 'inputs-from', 'wait', 'timeout', 'download', ...TARGET_OPTIONS, 'json', 'kill-on-interrupt']);
  const flowId = values.flow?.trim() ?? '';
  if (!isFlowId(flowId)) throw usage(flowId ? `“${flowId.slice(0, 40)}” is not a flow ID (the saved_item_id in the flow's URL)` : 'run needs --flow <saved_item_id>');
  const flagText = (values.input ?? []).map((item) => parsed(parseAssignment(item, '--input')));
  const flagFiles: FileAssignment[] = (values['input-file'] ?? []).map((item) => {
    const { name, value } = parsed(parseAssignment(item, '--input-file'));
    return { name, path: value };
  });
  const report = values['inputs-from'] !== undefined ? await inputsFrom(values['inputs-from']) : undefined;
  const wait = Boolean(values.wait || values.download);
  if (!wait && values.timeout !== undefined) throw usage('--timeout needs --wait (it limits the wait)');
  checkTargetNeedsDownload(values);
  const timeoutSeconds = seconds(values.timeout, '--timeout', undefined);
  const target = values.download ? downloadTarget(values) : undefined;
  // start_pipeline requires user_id (the spec, and both SDKs always send it): said before anything is sent.
  if (!values['user-id']?.trim()) throw usage('run needs --user-id: Gumloop starts a flow for a user (add --project-id too for a project’s flow)');
  const { client } = context.connect(DEFAULT_REQUEST_TIMEOUT_SECONDS);
  context.note({ flowId });

  // A report's inputs are merged under the flags' by the flow's declared kinds (asked once here, not again by the core).
  const declared = report ? await getInputs(client, flowId, { signal: context.signal }) : undefined;
  const inputs = report && declared ? mergeInputs(report, flagText, flagFiles, declared) : { text: flagText, files: flagFiles };
  const started = await startFlowRun(client, {
    savedItemId: flowId,
    declared,
    ...inputs,
    readFile: readInputFile,
    checkRuns: cliCommand(['runs', '--flow', flowId, ...connectionArgs(values, context.env)]),
    signal: context.signal,
    refuse: usage,
    // The name Gumloop stored goes on as the input's value unchanged; only what is shown is cleaned.
    uploaded: (file, fileName) => context.stderr(`gumloop-files: uploaded ${file.path} as “${cleanLine(fileName)}”\n`),
  });
  // Without a tryAgainWhenLimited hook the core throws at the plan's limit rather than giving up quietly.
  if (!started) throw new GumloopError('rate-limited', 'Gumloop did not start the run.');
  const leftOut = leftInputsNotice(started.left);
  if (leftOut) context.stderr(`gumloop-files: ${leftOut}\n`);
  context.note({ runId: started.runId, url: started.url });
  if (started.recoveredNotice) context.stderr(`gumloop-files: ${started.recoveredNotice}\n`);
  // The run ID first and at once: a script that stops here (or is killed) can still find the run.
  if (values.json) context.stderr(`gumloop-files: started run ${started.runId}${started.url ? ` (${started.url})` : ''}\n`);
  else context.stdout(`${started.runId}\n`);
  if (!wait) {
    if (values.json) context.json({ runId: started.runId, flowId, url: started.url ?? null, inputs: started.inputs, exitCode: EXIT.ok });
    return EXIT.ok;
  }
  return followRun(context, client, { runId: started.runId, savedItemId: flowId, started, inputs: started.inputs, timeoutSeconds, download: target, killOnInterrupt: Boolean(values['kill-on-interrupt']) });
}

function parsed<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) throw usage(result.reason);
  return result.value;
}

/** An --input-file's bytes, refused before reading when it is no file or too large to upload. */
async function readInputFile(file: FileAssignment): Promise<Uint8Array> {
  const full = path.resolve(file.path);
  const stats = await stat(full).catch(() => undefined);
  if (!stats?.isFile()) throw usage(`--input-file ${file.name}: “${file.path}” is not a readable file`);
  if (stats.size > MAX_UPLOAD_BYTES) throw new GumloopError('invalid-input', `--input-file ${file.name}: “${file.path}” is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Upload it in Gumloop and pass its name with --input.`);
  return readFile(full);
}
