// start/startFlowRun as VS Code shows it, shared by Run Flow and Run Again: a file input's bytes
// read through the editor's file system (and where they came from recorded, size and time, so
// Run Again can tell whether the file changed), progress while uploading and starting, and Try
// Again at the plan's concurrency limit.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GumloopError } from '../errors';
import type { GumloopClient } from '../gumloop/client';
import { PLAN_LIMIT_MESSAGE, type FlowInput, type PipelineInput } from '../gumloop/pipelines';
import { unreadableInputFile, type FileAssignment, type FileSource } from '../runs/runInputs';
import type { Services } from '../services';
import type { FileNow } from '../start/runAgain';
import { startFlowRun, type StartedFlowRun } from '../start/startFlowRun';

/** A file input: read from `uri` and uploaded, or (with `uploaded`) sent by that name with the `source` it was read from before. */
export type EditorFile = FileAssignment & { uri?: vscode.Uri; source?: FileSource };

export interface EditorStart {
  flow: { savedItemId: string; name: string };
  text: readonly PipelineInput[];
  files: readonly EditorFile[];
  declared?: readonly FlowInput[];
  /** The words for inputs that no longer fit the flow. */
  refuse?(reason: string): Error;
}

/** undefined: the user gave up at the plan's limit. The inputs come back with the source of every file read. */
export async function startInEditor(services: Services, client: GumloopClient, request: EditorStart): Promise<StartedFlowRun | undefined> {
  const { flow } = request;
  const sources = new Map<string, FileSource>();
  const byName = new Map(request.files.map((file) => [file.name, file]));
  const started = await startFlowRun(client, {
    savedItemId: flow.savedItemId,
    declared: request.declared,
    text: request.text,
    files: request.files.map(({ name, path: filePath, uploaded }) => ({ name, path: filePath, ...(uploaded !== undefined ? { uploaded } : {}) })),
    checkRuns: 'the flow’s runs in the Flows view',
    refuse: request.refuse,
    readFile: (file) => readInputFile(file, byName.get(file.name)?.uri, sources),
    uploading: (file, upload) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Uploading ${path.posix.basename(byName.get(file.name)?.uri?.path ?? file.path)} to Gumloop…` }, upload),
    uploaded: (file, fileName) => services.log.info(`Uploaded ${file.path} as “${fileName}” for input “${file.name}”`),
    starting: (work) => vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Starting “${flow.name}”…` }, work),
    tryAgainWhenLimited: async () => (await vscode.window.showErrorMessage(`${PLAN_LIMIT_MESSAGE}.`, 'Try Again')) === 'Try Again',
  });
  if (!started) return undefined;
  const inputs = started.inputs.map((input) => {
    const source = sources.get(input.name) ?? byName.get(input.name)?.source;
    return input.file !== undefined && source ? { ...input, source } : input;
  });
  return { ...started, inputs };
}

/** The file's bytes, and its size and time as read; a file gone or unreadable since it was picked is said in words. */
async function readInputFile(file: FileAssignment, uri: vscode.Uri | undefined, sources: Map<string, FileSource>): Promise<Uint8Array> {
  try {
    if (!uri) throw new Error(`no file picked for ${file.name}`);
    const stat = await vscode.workspace.fs.stat(uri);
    const bytes = await vscode.workspace.fs.readFile(uri);
    sources.set(file.name, { uri: uri.toString(), size: stat.size, mtime: stat.mtime });
    return bytes;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new GumloopError('invalid-input', unreadableInputFile(file.name, file.path, typeof code === 'string' ? code : undefined), { cause: error });
  }
}

/** A recorded file as it is now; undefined when it is gone or is no file. */
export async function fileNow(uri: string): Promise<FileNow | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
    return stat.type & vscode.FileType.File ? { size: stat.size, mtime: stat.mtime } : undefined;
  } catch {
    return undefined;
  }
}
