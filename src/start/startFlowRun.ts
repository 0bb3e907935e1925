// Starting a run of a flow: the one path shared by Run Flow, Run Again and the CLI's `run`. Inputs
// checked against get_inputs → file inputs uploaded (unless Gumloop has them already) →
// start_pipeline (never retried; a lost answer looked up, see gumloop/lostStart) → the run with
// exactly the inputs it was started with, so it can be recorded and started again. No vscode
// import: the caller says how a file's bytes are read (from disk, or through the editor's file system).
import { GumloopError, isGumloopError } from '../errors';
import { startRun } from '../gumloop/lostStart';
import { getInputs, uploadFile, type FlowInput, type JsonCaller, type PipelineInput } from '../gumloop/pipelines';
import { resolveInputs, uploadNameFor, type FileAssignment, type SentInput } from '../runs/runInputs';

export type { SentInput };

export interface StartFlowRunRequest {
  savedItemId: string;
  text: readonly PipelineInput[];
  files: readonly FileAssignment[];
  /** The file's bytes; a file that cannot be read is the caller's error to word. */
  readFile(file: FileAssignment, signal: AbortSignal | undefined): Promise<Uint8Array>;
  /** How the user checks the flow's runs, said when start_pipeline's answer is lost. */
  checkRuns: string;
  /** The flow's inputs when the caller has already read them (Run Flow asked them); else get_inputs is asked. */
  declared?: readonly FlowInput[];
  signal?: AbortSignal;
  /** The error for inputs that do not fit the flow (the CLI's is a usage error); a GumloopError by default. */
  refuse?(reason: string): Error;
  /** Around each upload, for the caller's progress and log. */
  uploading?<T>(file: FileAssignment, upload: () => Promise<T>): PromiseLike<T>;
  uploaded?(file: FileAssignment, fileName: string): void;
  /** Around each start_pipeline, for the caller's progress. */
  starting?<T>(start: () => Promise<T>): PromiseLike<T>;
  /** At the plan's concurrency limit: true to send start_pipeline again (files are not uploaded again). */
  tryAgainWhenLimited?(error: GumloopError): Promise<boolean>;
}

export interface StartedFlowRun {
  runId: string;
  savedItemId: string;
  url?: string;
  /** Exactly what start_pipeline was sent, in the flow's order. */
  inputs: SentInput[];
  /** Declared inputs not given: the flow's saved values apply. */
  left: string[];
  recoveredNotice?: string;
}

/** undefined: the user gave up at the plan's limit. */
export async function startFlowRun(client: JsonCaller, request: StartFlowRunRequest): Promise<StartedFlowRun | undefined> {
  const { signal } = request;
  const declared = request.declared ?? (await getInputs(client, request.savedItemId, { signal }));
  const resolved = resolveInputs(declared, request.text, request.files);
  if (!resolved.ok) throw request.refuse?.(resolved.reason) ?? new GumloopError('invalid-input', `${resolved.reason}.`);
  const inputs: SentInput[] = resolved.value.text.map(({ name, value }) => ({ name, value }));
  for (const file of resolved.value.files) {
    if (file.uploaded !== undefined) {
      // Gumloop has it already under this name (Run Again of an unchanged file, --inputs-from): not uploaded again.
      inputs.push({ name: file.name, value: file.uploaded, file: file.path });
      continue;
    }
    const upload = async () => uploadFile(client, uploadNameFor(file.path), Buffer.from(await request.readFile(file, signal)), { signal });
    const { fileName } = await (request.uploading ? request.uploading(file, upload) : upload());
    request.uploaded?.(file, fileName);
    inputs.push({ name: file.name, value: fileName, file: file.path });
  }
  const order = (name: string) => declared.findIndex((input) => input.name === name);
  if (declared.length) inputs.sort((a, b) => order(a.name) - order(b.name));
  const sent = inputs.map(({ name, value }) => ({ name, value }));
  for (;;) {
    try {
      const send = () => startRun(client, request.savedItemId, sent, { signal, checkRuns: request.checkRuns });
      const started = await (request.starting ? request.starting(send) : send());
      return { runId: started.runId, savedItemId: request.savedItemId, url: started.url, inputs, left: resolved.value.left, recoveredNotice: started.recoveredNotice };
    } catch (error) {
      if (!isGumloopError(error, 'rate-limited') || !request.tryAgainWhenLimited) throw error;
      if (!(await request.tryAgainWhenLimited(error))) return undefined;
    }
  }
}
