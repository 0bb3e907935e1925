// `gumloop-files run`: start a flow (its inputs checked against get_inputs, files uploaded first),
// print the run ID at once, and with --wait / --download follow it like `watch`.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { GumloopError } from '../errors';
import type { GumloopClient } from '../gumloop/client';
import { getInputs, MAX_UPLOAD_BYTES, startPipeline, uploadFile, type PipelineInput } from '../gumloop/pipelines';
import { cleanLine } from '../sanitize';
import { parseAssignment, resolveInputs, uploadNameFor, type FileAssignment } from '../runs/runInputs';
import { checkOptions, seconds, usage } from './args';
import type { CommandContext } from './context';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, downloadTarget } from './download';
import { EXIT } from './exitCodes';
import { followRun } from './followRun';

/** Flow IDs are short URL-safe tokens, like run IDs. */
export const FLOW_ID = /^[A-Za-z0-9_-]{1,128}$/;

export async function runCommand(context: CommandContext): Promise<number> {
  const { values } = context;
  checkOptions('run', values, ['flow', 'input', 'input-file', 'wait', 'timeout', 'download', 'out', 'on-conflict', 'json', 'kill-on-interrupt']);
  const flowId = values.flow?.trim() ?? '';
  if (!FLOW_ID.test(flowId)) throw usage(flowId ? `“${flowId.slice(0, 40)}” is not a flow ID (the saved_item_id in the flow's URL)` : 'run needs --flow <saved_item_id>');
  const text = (values.input ?? []).map((item) => parsed(parseAssignment(item, '--input')));
  const files: FileAssignment[] = (values['input-file'] ?? []).map((item) => {
    const { name, value } = parsed(parseAssignment(item, '--input-file'));
    return { name, path: value };
  });
  const wait = Boolean(values.wait || values.download);
  if (!wait && values.timeout !== undefined) throw usage('--timeout needs --wait (it limits the wait)');
  if (!values.download && (values.out !== undefined || values['on-conflict'] !== undefined)) throw usage('--out and --on-conflict need --download');
  const timeoutSeconds = seconds(values.timeout, '--timeout', undefined);
  const target = values.download ? downloadTarget(values) : undefined;
  const { client } = context.connect(DEFAULT_REQUEST_TIMEOUT_SECONDS);

  const declared = await getInputs(client, flowId, { signal: context.signal });
  const resolved = resolveInputs(declared, text, files);
  if (!resolved.ok) throw usage(resolved.reason);
  const uploaded = await uploadInputFiles(context, client, resolved.value.files);
  const started = await startPipeline(client, flowId, [...resolved.value.text, ...uploaded], { signal: context.signal });
  // The run ID first and at once: a script that stops here (or is killed) can still find the run.
  if (values.json) context.stderr(`gumloop-files: started run ${started.runId}${started.url ? ` (${started.url})` : ''}\n`);
  else context.stdout(`${started.runId}\n`);
  if (!wait) {
    if (values.json) context.stdout(`${JSON.stringify({ runId: started.runId, flowId, url: started.url ?? null })}\n`);
    return EXIT.ok;
  }
  return followRun(context, client, { runId: started.runId, savedItemId: flowId, started, timeoutSeconds, download: target, killOnInterrupt: Boolean(values['kill-on-interrupt']) });
}

function parsed<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) throw usage(result.reason);
  return result.value;
}

/** Uploads each --input-file and answers it as a text input naming the uploaded file. */
async function uploadInputFiles(context: CommandContext, client: GumloopClient, files: readonly FileAssignment[]): Promise<PipelineInput[]> {
  const inputs: PipelineInput[] = [];
  for (const file of files) {
    const full = path.resolve(file.path);
    const stats = await stat(full).catch(() => undefined);
    if (!stats?.isFile()) throw usage(`--input-file ${file.name}: “${file.path}” is not a readable file`);
    if (stats.size > MAX_UPLOAD_BYTES) throw new GumloopError('invalid-input', `--input-file ${file.name}: “${file.path}” is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB. Upload it in Gumloop and pass its name with --input.`);
    const content = await readFile(full);
    const { fileName } = await uploadFile(client, uploadNameFor(full), content, { signal: context.signal });
    // The name Gumloop stored goes on as the input's value unchanged; only what is shown is cleaned.
    context.stderr(`gumloop-files: uploaded ${file.path} as “${cleanLine(fileName)}”\n`);
    inputs.push({ name: file.name, value: fileName });
  }
  return inputs;
}
