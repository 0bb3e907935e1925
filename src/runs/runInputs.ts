// The rules for a flow's inputs, shared by Run Flow's prompts and `gumloop-files run`. Pure.
//
// Gumloop documents no required inputs (get_inputs has no such field), and an Input node keeps the
// value saved in the flow when the run gives none, so an input may be left out: the run uses the
// saved value, and the CLI says which inputs were left to it. An empty string is a value and is
// sent as such. A flow that declares no inputs accepts any names (a webhook-style flow reads the
// whole body), so then nothing is checked against the list.
import type { FlowInput, PipelineInput } from '../gumloop/pipelines';
import { cleanLine } from '../sanitize';
import { validateId, type Parsed } from '../validation';

/** Longest text value accepted; a bigger one belongs in a file input. */
export const MAX_INPUT_VALUE_CHARS = 100_000;
const NAME_PATTERN = /^[^\s=][^=]{0,199}$/;

export interface FileAssignment {
  name: string;
  /** A local path (CLI) or workspace-relative path (VS Code). */
  path: string;
  /** The name Gumloop already stores the file under (Run Again, `--inputs-from`): sent as it is, not uploaded again. */
  uploaded?: string;
}

/** Where a file input's bytes came from, when VS Code read them: what Run Again compares to tell whether the file changed. */
export interface FileSource {
  /** The file's URI as VS Code gave it. */
  uri: string;
  size: number;
  /** Modification time, epoch ms. */
  mtime: number;
}

/** An input as start_pipeline was sent it: a file input's value is its uploaded name, `file` the path it came from. */
export interface SentInput {
  name: string;
  value: string;
  file?: string;
  /** The local file read for it (VS Code's runs; the CLI records only `file`). */
  source?: FileSource;
}

/** `name=value` from `--input`; the value may contain `=` and be empty. */
export function parseAssignment(text: string, flag: string): Parsed<PipelineInput> {
  const at = text.indexOf('=');
  if (at <= 0) return { ok: false, reason: `${flag} expects name=value, e.g. ${flag} topic=cats (got “${text.slice(0, 40)}”)` };
  const name = text.slice(0, at).trim();
  if (!NAME_PATTERN.test(name)) return { ok: false, reason: `“${name.slice(0, 40)}” is not an input name` };
  return { ok: true, value: { name, value: text.slice(at + 1) } };
}

/** A text input's answer: any text up to the limit; control characters other than tab and newlines are refused. */
export function validateInputValue(input: Pick<FlowInput, 'name'>, value: string): string | undefined {
  if (value.length > MAX_INPUT_VALUE_CHARS) return `“${cleanLine(input.name)}” is longer than ${MAX_INPUT_VALUE_CHARS.toLocaleString('en')} characters; use a file input for long text`;
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) return `“${cleanLine(input.name)}” contains control characters; remove them`;
  return undefined;
}

export interface ResolvedInputs {
  /** Text inputs, in the flow's order (then any extra names for a flow that declares none). */
  text: PipelineInput[];
  /** File inputs still to be uploaded; their uploaded names become text values. */
  files: FileAssignment[];
  /** Declared inputs not given, in the flow's order: the flow's saved values apply. */
  left: string[];
}

/** What the CLI says about inputs left out, or undefined when every input was given. */
export function leftInputsNotice(left: readonly string[]): string | undefined {
  return left.length ? `Inputs not given, left to the flow's saved values: ${left.map((name) => cleanLine(name)).join(', ')}` : undefined;
}

/**
 * Checks what the user gave against the flow's declared inputs: every name known, each given
 * once, text for `string` inputs and a file for `file` inputs; what is left out is listed.
 */
export function resolveInputs(declared: readonly FlowInput[], text: readonly PipelineInput[], files: readonly FileAssignment[]): Parsed<ResolvedInputs> {
  const given = [...text.map((t) => t.name), ...files.map((f) => f.name)];
  const duplicate = given.find((name, index) => given.indexOf(name) !== index);
  if (duplicate !== undefined) return { ok: false, reason: `Input “${duplicate}” is given twice; give each input once` };
  for (const item of text) {
    const problem = validateInputValue(item, item.value);
    if (problem) return { ok: false, reason: problem };
  }
  const emptyPath = files.find((f) => !f.path.trim());
  if (emptyPath) return { ok: false, reason: `--input-file ${emptyPath.name}= needs a file path` };
  if (declared.length === 0) return { ok: true, value: { text: [...text], files: [...files], left: [] } };

  const byName = new Map(declared.map((input) => [input.name, input]));
  // Declared names are Gumloop's text: cleaned where shown, kept as sent where matched and sent back.
  const known = declared.map((input) => cleanLine(input.name)).join(', ');
  for (const name of given) {
    if (!byName.has(name)) return { ok: false, reason: `This flow has no input “${name}”; its inputs are: ${known}` };
  }
  const wrongKindText = text.find((t) => byName.get(t.name)?.dataType === 'file');
  if (wrongKindText) return { ok: false, reason: `“${wrongKindText.name}” is a file input: pass it with --input-file ${wrongKindText.name}=<path>` };
  const wrongKindFile = files.find((f) => byName.get(f.name)?.dataType === 'string');
  if (wrongKindFile) return { ok: false, reason: `“${wrongKindFile.name}” is a text input: pass it with --input ${wrongKindFile.name}=<value>` };
  const left = declared.filter((input) => !given.includes(input.name)).map((input) => input.name);
  const order = (name: string) => declared.findIndex((input) => input.name === name);
  return {
    ok: true,
    value: { text: [...text].sort((a, b) => order(a.name) - order(b.name)), files: [...files].sort((a, b) => order(a.name) - order(b.name)), left },
  };
}

/** The prompt shown for one input: its description when it has one, else its name; a text input may be left empty. */
export function inputPrompt(input: FlowInput): string {
  const kind = input.dataType === 'file' ? 'file' : 'text';
  const name = cleanLine(input.name);
  const prompt = input.description ? `${name} (${kind}): ${cleanLine(input.description)}` : `${name} (${kind})`;
  return input.dataType === 'file' ? prompt : `${prompt}. Leave empty to use the value saved in the flow.`;
}

/** Last values per flow: flow id → input name → value (a file input keeps its workspace path). */
export type InputMemory = Record<string, Record<string, string>>;

/** How many flows' values are kept; the least recently run are forgotten first. */
export const REMEMBERED_FLOWS = 50;

export function rememberInputs(memory: InputMemory, flowId: string, values: Record<string, string>, limit = REMEMBERED_FLOWS): InputMemory {
  // Insertion order is recency order: the flow just run goes last, the oldest are cut from the front.
  const entries = Object.entries(memory).filter(([id]) => id !== flowId);
  return Object.fromEntries([...entries.slice(Math.max(0, entries.length - (limit - 1))), [flowId, { ...values }]]);
}

export function rememberedValue(memory: InputMemory | undefined, flowId: string, name: string): string | undefined {
  const value = memory?.[flowId]?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Flows most recently run first: by the latest run time known for each (`lastRunAt`: Recent Runs
 * and the runs the Flows view has loaded, so no request per flow), then flows run from this editor
 * whose time is no longer known (the input memory's order), then the rest as Gumloop listed them.
 */
export function orderByLastRun<T extends { savedItemId: string }>(flows: readonly T[], lastRunAt: ReadonlyMap<string, number>, memory?: InputMemory): T[] {
  const recency = Object.keys(memory ?? {});
  return flows
    .map((flow, index) => ({ flow, index, at: lastRunAt.get(flow.savedItemId) ?? -Infinity, rank: recency.indexOf(flow.savedItemId) }))
    .sort((a, b) => (a.at === b.at ? 0 : b.at > a.at ? 1 : -1) || b.rank - a.rank || a.index - b.index)
    .map((entry) => entry.flow);
}

/** The latest of several (flow, time) sightings per flow; times that are not positive numbers (unknown) are skipped. */
export function latestPerFlow(sightings: Iterable<{ flowId?: string; at?: number }>): Map<string, number> {
  const latest = new Map<string, number>();
  for (const { flowId, at } of sightings) {
    if (!flowId || at === undefined || !Number.isFinite(at) || at <= 0) continue;
    if (at > (latest.get(flowId) ?? -Infinity)) latest.set(flowId, at);
  }
  return latest;
}

/** How many workspace files a file input's picker lists; past it the picker says so and Browse… finds the rest. */
export const FILE_PICK_LIMIT = 5000;

/** What listing the workspace's files for a file input gave: `more` when the limit cut it short. */
export interface FileListing {
  count: number;
  more: boolean;
  /** Why the files could not be listed (the search failed), if it failed. */
  failure?: string;
  /** Folders open in the window. */
  folders: number;
}

/**
 * What the file picker says on its Browse… choice when the list is not the whole workspace (a
 * failed search, no folder, a cut-off list, no files); undefined when the list is complete.
 */
export function fileListNote(listing: FileListing, limit = FILE_PICK_LIMIT): string | undefined {
  if (listing.failure !== undefined) return `The workspace's files could not be listed (${cleanLine(listing.failure)}): browse for the file instead.`;
  if (listing.folders === 0) return 'No folder is open in this window: browse for the file, or open the folder that has it.';
  if (listing.more) return `Only ${limit.toLocaleString('en')} of the workspace's files are listed: type to filter them, or browse for one not listed.`;
  if (listing.count === 0) return 'The workspace has no files outside node_modules and .git: browse for the file elsewhere.';
  return undefined;
}

/**
 * The file picker's choices: the remembered file first, the rest by label, and Browse… — first when
 * the list is not the whole workspace (it carries the note), last otherwise.
 */
export function filePickChoices<F extends { label: string }, B>(files: readonly F[], remembered: string | undefined, browse: B, note: string | undefined): (F | B)[] {
  const ordered = [...files].sort((a, b) => Number(b.label === remembered) - Number(a.label === remembered) || a.label.localeCompare(b.label));
  return note === undefined ? [...ordered, browse] : [browse, ...ordered];
}

/** The name a local file is uploaded under: its base name (Gumloop's file storage is flat). */
export function uploadNameFor(filePath: string): string {
  const base = filePath.split(/[\\/]/).filter(Boolean).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f]/g, '_');
}

/**
 * A Flows view node (`{kind: 'flow', flowId}`) or a plain object naming a flow (`{savedItemId,
 * name?}`, or either inside `flow`). The name is undefined when the target does not carry it.
 */
export function flowFromTarget(target: unknown): { savedItemId: string; name?: string } | undefined {
  if (!target || typeof target !== 'object') return undefined;
  const record = target as Record<string, unknown>;
  const inner = record.flow && typeof record.flow === 'object' ? (record.flow as Record<string, unknown>) : record;
  const raw = typeof inner.savedItemId === 'string' ? inner.savedItemId : inner.flowId;
  const id = typeof raw === 'string' ? validateId(raw, 'flow ID') : undefined;
  if (!id?.ok) return undefined;
  return { savedItemId: id.value, name: typeof inner.name === 'string' && inner.name ? inner.name : undefined };
}

/** Why a file picked for an input could not be read, from its file-system error code, in words. */
const UNREADABLE_REASONS: Record<string, string> = {
  FileNotFound: 'it is no longer there',
  ENOENT: 'it is no longer there',
  FileIsADirectory: 'it is a folder',
  EISDIR: 'it is a folder',
  NoPermissions: 'you have no permission to read it',
  EACCES: 'you have no permission to read it',
  EPERM: 'you have no permission to read it',
  Unavailable: 'its file system is not available',
};

/** A picked input file that could not be read: what happened and what to do, never a raw ENOENT. */
export function unreadableInputFile(inputName: string, shownPath: string, code: string | undefined): string {
  const reason = (code && UNREADABLE_REASONS[code]) ?? 'the file could not be read';
  return `Couldn’t read “${shownPath}” for input “${inputName}”: ${reason}. Pick another file, or restore it, and run the flow again.`;
}
