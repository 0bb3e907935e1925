// `run --inputs-from <report.json|->`: start a flow with the inputs of an earlier run. Read
// tolerantly: a `run --json` / `watch --json` report (its `inputs`), a plain {"name": "value"}
// object, or a list of {name, value} or Gumloop's own {input_name, value}. A file input recorded
// with the path it came from is sent by the name Gumloop stored it under, not uploaded again.
// `--input` and `--input-file` override inputs of the same name.
import type { FlowInput, PipelineInput } from '../gumloop/pipelines';
import type { FileAssignment, SentInput } from '../runs/runInputs';
import { cleanLine } from '../sanitize';
import type { Parsed } from '../validation';
import { usage } from './args';
import { readSource } from './filesFrom';

const SHAPES = 'the output of `gumloop-files run --json`, an object {"name": "value"}, or a list [{"input_name": "name", "value": "value"}]';

export async function inputsFrom(source: string, stdin?: NodeJS.ReadableStream): Promise<SentInput[]> {
  const parsed = parseInputsReport(await readSource(source, '--inputs-from', SHAPES, stdin));
  if (!parsed.ok) throw usage(`--inputs-from ${source === '-' ? '-' : cleanLine(source).slice(0, 80)}: ${parsed.reason}`);
  return parsed.value;
}

/** The inputs a report holds, as start_pipeline was sent them; a clear reason with the shapes understood otherwise. */
export function parseInputsReport(text: string): Parsed<SentInput[]> {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, reason: `not JSON. Give ${SHAPES}` };
  }
  if (Array.isArray(value)) return inputList(value);
  if (!value || typeof value !== 'object') return { ok: false, reason: `holds ${value === null ? 'null' : typeof value}, not inputs. Give ${SHAPES}` };
  const record = value as Record<string, unknown>;
  for (const key of ['inputs', 'pipeline_inputs']) if (key in record) return Array.isArray(record[key]) ? inputList(record[key] as unknown[]) : { ok: false, reason: `its “${key}” is not a list` };
  // A report without inputs (a run this CLI did not start, or a failure before the start) is no {name: value} object.
  if ('runId' in record || 'exitCode' in record || 'error' in record) return { ok: false, reason: 'this report names no inputs (only a report of a run started by `gumloop-files run` has them). Pass the inputs with --input' };
  const inputs: SentInput[] = [];
  for (const [name, raw] of Object.entries(record)) {
    const text = scalar(raw);
    if (text === undefined) return { ok: false, reason: `input “${cleanLine(name).slice(0, 40)}” is not text (give each input's value as a string)` };
    inputs.push({ name, value: text });
  }
  return { ok: true, value: inputs };
}

function inputList(items: readonly unknown[]): Parsed<SentInput[]> {
  const inputs: SentInput[] = [];
  for (const [index, item] of items.entries()) {
    const record = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    const name = typeof record.name === 'string' ? record.name : record.input_name;
    const value = scalar(record.value);
    if (typeof name !== 'string' || !name || value === undefined) return { ok: false, reason: `item ${index + 1} of the inputs has no name and text value (expected {"name": …, "value": …} or {"input_name": …, "value": …})` };
    inputs.push({ name, value, ...(typeof record.file === 'string' && record.file ? { file: record.file } : {}) });
  }
  return { ok: true, value: inputs };
}

/** Text as it is; numbers and booleans as they print (a hand-written report may have them); anything else is no value. */
function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The report's inputs under the flags': a name given by --input or --input-file replaces the
 * report's. A report's file input (recorded with its path, or declared a file by the flow) is
 * sent by its uploaded name, never uploaded again.
 */
export function mergeInputs(report: readonly SentInput[], text: readonly PipelineInput[], files: readonly FileAssignment[], declared: readonly FlowInput[]): { text: PipelineInput[]; files: FileAssignment[] } {
  const flagged = new Set([...text.map((input) => input.name), ...files.map((file) => file.name)]);
  const kept = report.filter((input) => !flagged.has(input.name));
  const isFile = (input: SentInput) => input.file !== undefined || declared.some((d) => d.name === input.name && d.dataType === 'file');
  return {
    text: [...kept.filter((input) => !isFile(input)).map(({ name, value }) => ({ name, value })), ...text],
    files: [...kept.filter(isFile).map((input) => ({ name: input.name, path: input.file ?? input.value, uploaded: input.value })), ...files],
  };
}
