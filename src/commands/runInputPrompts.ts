// Run Flow's questions: one prompt per input (its description as the prompt, last values as
// defaults), a workspace file for a file input. Split from runFlow.ts; the rules are runs/runInputs.
import * as vscode from 'vscode';
import { GumloopError } from '../errors';
import type { FlowInput } from '../gumloop/pipelines';
import { inputPrompt, rememberedValue, validateInputValue, type InputMemory } from '../runs/runInputs';
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
 * multi-root workspace), the remembered one first. The file is its URI, never rebuilt from the label.
 */
async function pickWorkspaceFile(title: string, input: FlowInput, remembered: string | undefined): Promise<PickedFile | undefined> {
  const uris = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', 5000);
  const items = uris
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => Number(b.label === remembered) - Number(a.label === remembered) || a.label.localeCompare(b.label));
  if (items.length === 0) throw new GumloopError('invalid-input', `Input “${input.name}” needs a file from this workspace, and the workspace has none. Open a folder with the file.`);
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: inputPrompt(input), ignoreFocusOut: true, matchOnDescription: true });
  return picked && { uri: picked.uri, shown: picked.label };
}

