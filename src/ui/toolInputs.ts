// What the agent sends to the language-model tools (tools/), checked before anything is asked of
// Gumloop. A model writes these objects, so every field is checked for type and shape and a refusal
// says which field and what to send instead. Pure: no vscode import.
import { validateApiId, validateId, validateRunId, type Parsed } from '../validation';
import type { PipelineInput } from '../gumloop/pipelines';

/** A run the agent asked to wait for is followed this long by default, and never longer than the maximum. */
export const DEFAULT_WAIT_SECONDS = 120;
export const MAX_WAIT_SECONDS = 600;
/** Log lines a result shows by default, and at most. */
export const DEFAULT_LOG_LINES = 20;
export const MAX_LOG_LINES = 200;
/** Text inputs one run takes from the agent; a value longer than this is refused, not cut. */
export const MAX_INPUTS = 100;
export const MAX_INPUT_VALUE_CHARS = 100_000;

export type ToolConflict = 'skip' | 'keepBoth' | 'overwrite';
const CONFLICTS: readonly ToolConflict[] = ['skip', 'keepBoth', 'overwrite'];

export interface RunFlowInput {
  flowId: string;
  inputs: PipelineInput[];
  /** 0: return once the run has started. */
  waitSeconds: number;
  logLines: number;
}

export interface GetRunInput {
  runId: string;
  logLines: number;
}

export interface DownloadRunFilesInput {
  runId: string;
  /** Undefined: the file names the run's outputs hold. */
  fileNames?: string[];
  /** Undefined: the gumloop.onConflict setting (with “ask” meaning: refuse and name the files). */
  onConflict?: ToolConflict;
}

export interface ListArtifactsInput {
  /** Undefined: the result lists the agents to choose from. */
  agentId?: string;
  sessionId?: string;
}

type Fields = Record<string, unknown>;

function fieldsOf(raw: unknown, allowed: readonly string[]): Parsed<Fields> {
  const value = raw ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'The tool input must be a JSON object' };
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length) return { ok: false, reason: `Unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((key) => `“${key.slice(0, 40)}”`).join(', ')}: the fields are ${allowed.join(', ')}` };
  return { ok: true, value: value as Fields };
}

/** A flow's ID follows validateId; the agents API's IDs (agent, session, artifact) are opaque: validateApiId. */
type IdRule = (input: string, what: string) => Parsed<string>;

function idField(fields: Fields, key: string, what: string, required: true, rule?: IdRule): Parsed<string>;
function idField(fields: Fields, key: string, what: string, required: false, rule?: IdRule): Parsed<string | undefined>;
function idField(fields: Fields, key: string, what: string, required: boolean, rule: IdRule = validateId): Parsed<string | undefined> {
  const value = fields[key];
  if (value === undefined || value === null || value === '') return required ? { ok: false, reason: `${key} is required: the ${what}` } : { ok: true, value: undefined };
  if (typeof value !== 'string') return { ok: false, reason: `${key} must be a string (the ${what})` };
  const checked = rule(value, what);
  return checked.ok ? checked : { ok: false, reason: `${key}: ${checked.reason}` };
}

function wholeNumber(fields: Fields, key: string, fallback: number, max: number): Parsed<number> {
  const value = fields[key];
  if (value === undefined || value === null) return { ok: true, value: fallback };
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return { ok: false, reason: `${key} must be a whole number from 0 to ${max}` };
  if (value > max) return { ok: false, reason: `${key} is at most ${max}` };
  return { ok: true, value };
}

function runIdField(fields: Fields): Parsed<string> {
  const value = fields.runId;
  if (typeof value !== 'string' || !value.trim()) return { ok: false, reason: 'runId is required: the run ID (from gumloop_runFlow or the run’s URL)' };
  const checked = validateRunId(value);
  return checked.ok ? checked : { ok: false, reason: `runId: ${checked.reason}` };
}

export function parseRunFlowInput(raw: unknown): Parsed<RunFlowInput> {
  const fields = fieldsOf(raw, ['flowId', 'inputs', 'wait', 'waitSeconds', 'logLines']);
  if (!fields.ok) return fields;
  const flowId = idField(fields.value, 'flowId', 'flow ID (saved_item_id, from gumloop_listFlows)', true);
  if (!flowId.ok) return flowId;
  const inputs = pipelineInputs(fields.value.inputs);
  if (!inputs.ok) return inputs;
  const wait = fields.value.wait;
  if (wait !== undefined && typeof wait !== 'boolean') return { ok: false, reason: 'wait must be true or false' };
  const seconds = wholeNumber(fields.value, 'waitSeconds', DEFAULT_WAIT_SECONDS, MAX_WAIT_SECONDS);
  if (!seconds.ok) return seconds;
  const logLines = wholeNumber(fields.value, 'logLines', DEFAULT_LOG_LINES, MAX_LOG_LINES);
  if (!logLines.ok) return logLines;
  return { ok: true, value: { flowId: flowId.value, inputs: inputs.value, waitSeconds: wait === false ? 0 : seconds.value, logLines: logLines.value } };
}

/** `inputs` is an object of input name → text value, as the flow's Input nodes name them. */
function pipelineInputs(value: unknown): Parsed<PipelineInput[]> {
  if (value === undefined || value === null) return { ok: true, value: [] };
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'inputs must be an object of input name → text value, e.g. {"topic": "solar"}' };
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_INPUTS) return { ok: false, reason: `inputs has ${entries.length} entries; a run takes at most ${MAX_INPUTS}` };
  const inputs: PipelineInput[] = [];
  for (const [name, text] of entries) {
    if (!name.trim() || name.length > 200) return { ok: false, reason: 'Each input name is the name of one of the flow’s Input nodes (1 to 200 characters)' };
    if (typeof text !== 'string' && typeof text !== 'number' && typeof text !== 'boolean') return { ok: false, reason: `inputs.${name.slice(0, 40)} must be text (a string)` };
    const textValue = String(text);
    if (textValue.length > MAX_INPUT_VALUE_CHARS) return { ok: false, reason: `inputs.${name.slice(0, 40)} is longer than ${MAX_INPUT_VALUE_CHARS.toLocaleString('en-US')} characters` };
    inputs.push({ name, value: textValue });
  }
  return { ok: true, value: inputs };
}

export function parseGetRunInput(raw: unknown): Parsed<GetRunInput> {
  const fields = fieldsOf(raw, ['runId', 'logLines']);
  if (!fields.ok) return fields;
  const runId = runIdField(fields.value);
  if (!runId.ok) return runId;
  const logLines = wholeNumber(fields.value, 'logLines', DEFAULT_LOG_LINES, MAX_LOG_LINES);
  if (!logLines.ok) return logLines;
  return { ok: true, value: { runId: runId.value, logLines: logLines.value } };
}

export function parseDownloadRunFilesInput(raw: unknown): Parsed<DownloadRunFilesInput> {
  const fields = fieldsOf(raw, ['runId', 'fileNames', 'onConflict']);
  if (!fields.ok) return fields;
  const runId = runIdField(fields.value);
  if (!runId.ok) return runId;
  const { fileNames, onConflict } = fields.value;
  if (fileNames !== undefined && fileNames !== null) {
    if (!Array.isArray(fileNames) || fileNames.some((name) => typeof name !== 'string' || !name.trim())) return { ok: false, reason: 'fileNames must be a list of file names from the run’s outputs, e.g. ["report.pdf"]' };
    if (fileNames.length === 0) return { ok: false, reason: 'fileNames is empty: leave it out to download every file the run’s outputs name' };
  }
  if (onConflict !== undefined && onConflict !== null && !CONFLICTS.includes(onConflict as ToolConflict)) return { ok: false, reason: `onConflict must be one of ${CONFLICTS.join(', ')}` };
  return {
    ok: true,
    value: { runId: runId.value, fileNames: fileNames ? [...new Set(fileNames as string[])] : undefined, onConflict: (onConflict ?? undefined) as ToolConflict | undefined },
  };
}

export interface DownloadArtifactsInput {
  agentId: string;
  sessionId?: string;
  /** Undefined: every artifact of the agent (or of the session). */
  artifactIds?: string[];
  onConflict?: ToolConflict;
}

export function parseDownloadArtifactsInput(raw: unknown): Parsed<DownloadArtifactsInput> {
  const fields = fieldsOf(raw, ['agentId', 'sessionId', 'artifactIds', 'onConflict']);
  if (!fields.ok) return fields;
  const agentId = idField(fields.value, 'agentId', 'agent ID (from gumloop_listArtifacts)', true, validateApiId);
  if (!agentId.ok) return agentId;
  const sessionId = idField(fields.value, 'sessionId', 'session ID', false, validateApiId);
  if (!sessionId.ok) return sessionId;
  const { artifactIds, onConflict } = fields.value;
  if (artifactIds !== undefined && artifactIds !== null) {
    if (!Array.isArray(artifactIds) || artifactIds.length === 0 || artifactIds.some((id) => typeof id !== 'string' || !validateApiId(id, 'artifact ID').ok)) {
      return { ok: false, reason: 'artifactIds must be a non-empty list of artifact IDs from gumloop_listArtifacts; leave it out for all of them' };
    }
  }
  if (onConflict !== undefined && onConflict !== null && !CONFLICTS.includes(onConflict as ToolConflict)) return { ok: false, reason: `onConflict must be one of ${CONFLICTS.join(', ')}` };
  return {
    ok: true,
    value: { agentId: agentId.value, sessionId: sessionId.value, artifactIds: artifactIds ? [...new Set((artifactIds as string[]).map((id) => id.trim()))] : undefined, onConflict: (onConflict ?? undefined) as ToolConflict | undefined },
  };
}

export function parseListArtifactsInput(raw: unknown): Parsed<ListArtifactsInput> {
  const fields = fieldsOf(raw, ['agentId', 'sessionId']);
  if (!fields.ok) return fields;
  const agentId = idField(fields.value, 'agentId', 'agent ID', false, validateApiId);
  if (!agentId.ok) return agentId;
  const sessionId = idField(fields.value, 'sessionId', 'session ID', false, validateApiId);
  if (!sessionId.ok) return sessionId;
  if (sessionId.value && !agentId.value) return { ok: false, reason: 'sessionId needs agentId too (the agent the session belongs to)' };
  return { ok: true, value: { agentId: agentId.value, sessionId: sessionId.value } };
}
