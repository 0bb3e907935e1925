// Run Flow's questions: one prompt per input (its description as the prompt, last values as
// defaults), a workspace file for a file input. Split from runFlow.ts; the rules are runs/runInputs.
import * as vscode from 'vscode';
import type { FlowInput } from '../gumloop/pipelines';
import { FILE_PICK_LIMIT, fileListNote, filePickChoices, inputPrompt, rememberedValue, validateInputValue, type InputMemory } from '../runs/runInputs';
import { askValidated } from './validatedInput';

/** A file picked for an input: the file itself, and how it was shown (what is remembered and said). */
export interface PickedFile {
  uri: vscode.Uri;
  shown: string;
}

export interface Answers {
  /** Input name → the text typed, or the picked file as shown. */
  values: Record<string, string>;
  files: Map<string, PickedFile>;
}

/** One prompt per input, its description as the prompt, last values as defaults. undefined: cancelled. */
export async function askInputs(flow: { savedItemId: string; name: string }, declared: readonly FlowInput[], memory: InputMemory): Promise<Answers | undefined> {
  const answers: Answers = { values: {}, files: new Map() };
  for (const [index, input] of declared.entries()) {
    const title = `Run “${flow.name}” (${index + 1}/${declared.length})`;
    const remembered = rememberedValue(memory, flow.savedItemId, input.name);
    if (input.dataType === 'file') {
      const file = await pickWorkspaceFile(title, input, remembered);
      if (!file) return undefined;
      answers.files.set(input.name, file);
      answers.values[input.name] = file.shown;
    } else {
      const text = await askText(title, input, remembered);
      if (text === undefined) return undefined;
      answers.values[input.name] = text;
    }
  }
  return answers;
}

function askText(title: string, input: FlowInput, remembered: string | undefined): Promise<string | undefined> {
  return askValidated({ title, prompt: inputPrompt(input), value: remembered, ignoreFocusOut: true }, (text) => {
    const problem = validateInputValue(input, text);
    return problem ? { ok: false, reason: problem } : { ok: true, value: text };
  });
}

/**
 * A workspace file, shown relative to its folder (prefixed with the folder's name only in a
 * multi-root workspace), the remembered one first; or, with Browse…, any file through the file
 * dialog — the way forward when the list is cut short, the search fails or no folder is open.
 * The file is its URI, never rebuilt from the label.
 */
async function pickWorkspaceFile(title: string, input: FlowInput, remembered: string | undefined): Promise<PickedFile | undefined> {
  const listing = await listWorkspaceFiles();
  const note = fileListNote({ count: listing.uris.length, more: listing.more, failure: listing.failure, folders: vscode.workspace.workspaceFolders?.length ?? 0 });
  const files = listing.uris.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }));
  const browse = { label: '$(folder-opened) Browse…', description: 'choose the file in a dialog', detail: note, alwaysShow: true, browse: true as const };
  const picked = await vscode.window.showQuickPick(filePickChoices(files, remembered, browse, note), { title, placeHolder: inputPrompt(input), ignoreFocusOut: true, matchOnDescription: true });
  if (!picked) return undefined;
  if (!('browse' in picked)) return { uri: picked.uri, shown: picked.label };
  const chosen = await vscode.window.showOpenDialog({ title, openLabel: 'Use This File', canSelectFiles: true, canSelectFolders: false, canSelectMany: false, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
  const uri = chosen?.[0];
  return uri && { uri, shown: vscode.workspace.asRelativePath(uri) };
}

/** Up to FILE_PICK_LIMIT workspace files, whether there were more, and why the search failed if it did. */
async function listWorkspaceFiles(): Promise<{ uris: vscode.Uri[]; more: boolean; failure?: string }> {
  try {
    // One more than the limit tells a cut-off list from a workspace of exactly that many files.
    const uris = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', FILE_PICK_LIMIT + 1);
    return { uris: uris.slice(0, FILE_PICK_LIMIT), more: uris.length > FILE_PICK_LIMIT };
  } catch (error) {
    return { uris: [], more: false, failure: error instanceof Error ? error.message : String(error) };
  }
}
