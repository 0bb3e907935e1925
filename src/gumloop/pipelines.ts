// Running flows: start_pipeline, kill_pipeline, get_inputs and upload_file. Pure Node over the
// client's generic JSON calls; every answer is parsed tolerantly (unknown fields ignored, missing
// optional fields left undefined, a body of the wrong type a clear error, never a crash).
import { GumloopError, isGumloopError } from '../errors';
import type { JsonCallOptions } from './client';
import { describeJsonType, invalidResponse, isRecord, optionalId, optionalLine, optionalParagraph, optionalText, parseJsonBody } from './jsonBody';
import { timeLimit } from './timeLimit';

/** The part of GumloopClient these calls need; tests pass a recording fake. */
export interface JsonCaller {
  getJson(endpoint: string, query: Record<string, string>, options?: JsonCallOptions): Promise<string>;
  postJson(endpoint: string, body: Record<string, unknown>, options?: JsonCallOptions): Promise<string>;
}

export interface PipelineInput {
  name: string;
  value: string;
}

export interface StartedRun {
  runId: string;
  /** The run's page in Gumloop, when the answer carried one. */
  url?: string;
  savedItemId?: string;
  workbookId?: string;
}

export const PLAN_LIMIT_MESSAGE = 'Gumloop is already running as many flows as your plan allows; try again when one finishes';

/**
 * POST /start_pipeline. Inputs go as `pipeline_inputs: [{input_name, value}]`, not as the extra
 * top-level keys the current docs page shows: both official SDKs (npm `gumloop`, PyPI `gumloop`)
 * send this shape, the older docs documented it, and it cannot collide with the reserved body
 * names (`user_id`, `saved_item_id`, `project_id`, …) that an input could be called.
 *
 * Never retried: a start whose answer was lost may still have started the run, and a second
 * start would run the flow twice (spending credits, sending mails, …).
 */
export async function startPipeline(
  client: JsonCaller,
  savedItemId: string,
  inputs: readonly PipelineInput[],
  options: { signal?: AbortSignal } = {},
): Promise<StartedRun> {
  const body = {
    saved_item_id: savedItemId,
    pipeline_inputs: inputs.map((input) => ({ input_name: input.name, value: input.value })),
  };
  let text: string;
  try {
    text = await client.postJson('start_pipeline', body, { signal: options.signal, retry: { retries: 0 }, context: { subject: `Flow “${savedItemId}”` } });
  } catch (error) {
    // Gumloop answers 429 when the plan's concurrent-run limit is reached (rate_limits page);
    // there is no per-request limit, so "wait a moment" would be the wrong advice.
    if (isGumloopError(error, 'rate-limited')) throw new GumloopError('rate-limited', `${PLAN_LIMIT_MESSAGE}.`, { cause: error, status: 429, retryAfterMs: error.retryAfterMs });
    throw error;
  }
  const raw = parseObject(text, 'start_pipeline');
  // Printed and sent back as it is, so it must be an ID, not text that could drive a terminal.
  const runId = optionalId(stringField(raw, 'run_id'));
  if (!runId) throw new GumloopError('invalid-response', 'Gumloop answered start_pipeline without a usable run ID, so the run cannot be watched. Check the base URL setting, and the flow in Gumloop.');
  return { runId, url: optionalLine(raw.url)?.trim(), savedItemId: stringField(raw, 'saved_item_id'), workbookId: stringField(raw, 'workbook_id') };
}

/** How long a stop request may take, retries included. */
export const KILL_TIMEOUT_MS = 5_000;

/** POST /kill_pipeline: asks Gumloop to stop the run (it then passes through TERMINATING). */
export async function killPipeline(client: JsonCaller, runId: string, options: { signal?: AbortSignal } = {}): Promise<{ success: boolean }> {
  // Ctrl-C and Stop the Run wait for this answer: a server that holds it must not hold them.
  const noAnswer = new GumloopError('timeout', `The request to stop run ${runId} got no answer from Gumloop within ${KILL_TIMEOUT_MS / 1000} s, so the run may still be going.`);
  const limit = timeLimit(KILL_TIMEOUT_MS, noAnswer, options.signal);
  let text: string;
  try {
    text = await client.postJson('kill_pipeline', { run_id: runId }, { signal: limit.signal, context: { runId, subject: `Run “${runId}”` } });
  } finally {
    limit.clear();
  }
  const raw = parseObject(text, 'kill_pipeline');
  // An answer without `success` is taken as accepted: the state the watcher sees is what counts.
  return { success: raw.success !== false };
}

export type InputDataType = 'string' | 'file';

export interface FlowInput {
  name: string;
  dataType: InputDataType;
  description?: string;
}

/** GET /get_inputs: the flow's named inputs. */
export async function getInputs(client: JsonCaller, savedItemId: string, options: { signal?: AbortSignal } = {}): Promise<FlowInput[]> {
  const text = await client.getJson('get_inputs', { saved_item_id: savedItemId }, { signal: options.signal, context: { subject: `Flow “${savedItemId}”` } });
  return parseInputs(text);
}

export function parseInputs(text: string): FlowInput[] {
  const raw = parseJsonBody(text, 'get_inputs');
  // The documented {inputs: [...]}, or a bare list.
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? raw.inputs : invalidType(raw);
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw invalidResponse('get_inputs', `“inputs” that is ${describeJsonType(list)}, not a list`);
  const inputs: FlowInput[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const record = item as Record<string, unknown>;
    const name = stringField(record, 'name');
    if (!name || seen.has(name)) continue;
    seen.add(name);
    // An unknown data type is asked for as text: a string is what start_pipeline sends anyway.
    const dataType: InputDataType = optionalLine(record.data_type)?.trim().toLowerCase() === 'file' ? 'file' : 'string';
    // The name goes back as the input's key exactly as sent; where it is shown it is cleaned (cleanLine).
    inputs.push({ name, dataType, description: optionalParagraph(record.description)?.trim() });
  }
  return inputs;
}

/**
 * POST /upload_file (spec: test/emulator/spec/upload_file.yaml): the file's bytes, base64 in JSON,
 * land in the user's (or project's) Gumloop files under `fileName`. A `file` input is then given
 * that name as its value. Base64 in JSON holds the whole file in memory, so size is capped.
 */
export async function uploadFile(client: JsonCaller, fileName: string, content: Buffer, options: { signal?: AbortSignal } = {}): Promise<{ fileName: string }> {
  if (content.length > MAX_UPLOAD_BYTES) {
    throw new GumloopError('invalid-input', `“${fileName}” is ${(content.length / 1024 / 1024).toFixed(1)} MB; files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB can be uploaded as a flow input. Upload it in Gumloop and pass its name instead.`);
  }
  const text = await client.postJson('upload_file', { file_name: fileName, file_content: content.toString('base64') }, { signal: options.signal });
  const raw = parseObject(text, 'upload_file');
  if (raw.success === false) throw new GumloopError('server-error', `Gumloop could not store “${fileName}”. Try again; if it keeps failing, upload it in Gumloop.`);
  return { fileName: stringField(raw, 'file_name') ?? fileName };
}

/** Gumloop's docs give no limit; JSON with base64 costs memory at both ends, so stay modest. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

function invalidType(raw: unknown): never {
  throw invalidResponse('get_inputs', `${describeJsonType(raw)} instead of an object`);
}

function parseObject(text: string, endpoint: string): Record<string, unknown> {
  const raw = parseJsonBody(text, endpoint);
  if (!isRecord(raw)) throw invalidResponse(endpoint, `${describeJsonType(raw)} instead of an object`);
  return raw;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  return optionalText(record[key])?.trim();
}
