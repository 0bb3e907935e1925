// The questions "Download Run Files" asks, each validated as the user types.
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { GumloopError } from '../errors';
import type { RunInfo } from '../gumloop/types';
import { stateWord } from '../remote/runState';
import { relativeTime } from '../ui/runPresentation';
import { parseFileNames, validateRunId } from '../validation';
import { fileLikeStrings } from '../runs/outputs';
import { enterHint, enterMeaning, type EnterMeaning } from '../ui/typedNames';
import type { Services } from '../services';
import type { RunIdCheck } from './runLookup';
import { askValidated } from './validatedInput';
import { cleanLine } from '../sanitize';

interface RunItem extends vscode.QuickPickItem {
  runId: string;
}

/** What the run ID question knows when it closes: the ID, and the run when Gumloop was asked. */
export interface ChosenRun {
  runId: string;
  run?: RunInfo;
  /** The lookup at the question ran out of time: the next step says so instead of waiting again. */
  lookupFailed?: GumloopError;
}

/**
 * Asks Gumloop about an entered run ID while the question stays open: `unknown` is said there, to
 * be corrected; otherwise the question closes with the ID (and the run, when found).
 */
export type RunIdChecker = (runId: string, signal: AbortSignal) => Promise<RunIdCheck>;

/** A run ID: typed, or picked from recent runs (which come first); looked up before the question closes. */
export async function promptRunId(services: Services, check: RunIdChecker): Promise<ChosenRun | undefined> {
  const recent = services.history.all();
  const title = 'Gumloop: Download Run Files (1/2)';
  const now = Date.now();
  const recentItems: RunItem[] = recent.map((run) => ({
    label: run.runId,
    description: [run.state ? stateWord(run.state) : undefined, relativeTime(run.downloadedAt, now)].filter(Boolean).join(' · '),
    detail: run.fileNames.join(', '),
    runId: run.runId,
  }));
  if (recent.length === 0) {
    const box = vscode.window.createInputBox();
    box.title = title;
    box.prompt = 'Run ID of the Gumloop flow run (from the run’s URL or history)';
    box.placeholder = 'e.g. Q7kR2mXv9LpT';
    box.ignoreFocusOut = true;
    box.onDidChangeValue((text) => {
      const parsed = validateRunId(text);
      box.validationMessage = !text.trim() || parsed.ok ? undefined : parsed.reason;
    });
    return lookUpBeforeClosing(box, check, () => {
      const parsed = validateRunId(box.value);
      if (!parsed.ok) box.validationMessage = parsed.reason;
      return parsed.ok ? parsed.value : undefined;
    }, (problem) => (box.validationMessage = problem));
  }
  const pick = vscode.window.createQuickPick<RunItem>();
  pick.title = title;
  pick.placeholder = 'Type a run ID, or pick a recent run';
  pick.ignoreFocusOut = true;
  pick.matchOnDetail = true;
  pick.items = recentItems;
  const update = () => {
    const typed = pick.value.trim();
    if (!typed || recent.some((run) => run.runId === typed)) {
      pick.items = recentItems;
      return;
    }
    const parsed = validateRunId(typed);
    const typedItem: RunItem = parsed.ok
      ? { label: parsed.value, description: 'Download this run', alwaysShow: true, runId: parsed.value }
      : { label: `$(error) ${parsed.reason}`, alwaysShow: true, runId: '' };
    pick.items = [typedItem, ...recentItems];
  };
  pick.onDidChangeValue(update);
  return lookUpBeforeClosing(pick, check, () => {
    const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
    // Enter right after pasting an ID can arrive before update() has added its item (the items
    // come back from the extension host): then the typed value itself is the answer.
    const typed = validateRunId(pick.value.trim());
    return chosen?.runId || (typed.ok ? typed.value : undefined);
  }, (problem, runId) => {
    // A quick pick has no validation message: the answer is the first row, and the ID can be corrected.
    pick.items = [{ label: `$(error) ${problem}`, alwaysShow: true, runId: '' }, ...recentItems.filter((item) => item.runId !== runId)];
  });
}

/**
 * Enter looks the run up with the question still open (busy); an unknown run is said in it and the
 * user corrects it; a found run, or one that could not be checked, closes it. Esc cancels the lookup.
 */
function lookUpBeforeClosing(
  input: vscode.InputBox | vscode.QuickPick<RunItem>,
  check: RunIdChecker,
  entered: () => string | undefined,
  sayUnknown: (problem: string, runId: string) => void,
): Promise<ChosenRun | undefined> {
  return new Promise<ChosenRun | undefined>((resolve) => {
    let settled = false;
    let lookup: AbortController | undefined;
    const settle = (answer: ChosenRun | undefined) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    input.onDidAccept(async () => {
      const runId = entered();
      if (!runId || lookup) return;
      lookup = new AbortController();
      input.busy = true;
      input.enabled = false;
      try {
        const answer = await check(runId, lookup.signal);
        if (settled) return;
        if ('unknown' in answer) {
          sayUnknown(answer.unknown, runId);
          return;
        }
        settle({ runId, run: 'run' in answer ? answer.run : undefined, lookupFailed: 'lookupFailed' in answer ? answer.lookupFailed : undefined });
        input.hide();
      } catch {
        // Not expected (the check says its failures): the next step looks the run up again and says why.
        settle({ runId });
        input.hide();
      } finally {
        lookup = undefined;
        input.busy = false;
        input.enabled = true;
      }
    });
    input.onDidHide(() => {
      lookup?.abort();
      settle(undefined);
      input.dispose();
    });
    input.show();
  });
}

interface NameItem extends vscode.QuickPickItem {
  name?: string;
}

const NAMES_TITLE = 'Gumloop: Download Run Files (2/2)';

/**
 * File names: ticked from earlier downloads / the run's outputs, or typed (comma separated). Typed
 * names win over the ticks (see ui/typedNames), and the title says what Enter will do.
 */
export async function promptFileNames(services: Services, runId: string, suggestions: readonly string[]): Promise<string[] | undefined> {
  const typeNames = (value = '') =>
    askValidated(
      {
        title: NAMES_TITLE,
        prompt: `File names to download from run ${runId}, separated by commas`,
        placeHolder: 'e.g. report.csv, charts/summary.png',
        value,
        ignoreFocusOut: true,
      },
      parseFileNames,
    );
  if (suggestions.length === 0) return typeNames();
  const previous = new Set(services.history.knownFileNames(runId));
  const items: NameItem[] = suggestions.map((name) => ({ label: cleanLine(name), name, description: previous.has(name) ? 'downloaded before' : 'in the run’s outputs' }));
  const other: NameItem = { label: '$(edit) Other file names…', description: 'type names that are not listed', alwaysShow: true };
  const chosen = await new Promise<{ meaning: EnterMeaning; other: boolean } | undefined>((resolve) => {
    const pick = vscode.window.createQuickPick<NameItem>();
    pick.title = NAMES_TITLE;
    pick.placeholder = `Run ${runId}: tick files, or type names`;
    pick.canSelectMany = true;
    pick.ignoreFocusOut = true;
    pick.items = [...items, other];
    pick.selectedItems = items.filter((item) => previous.size === 0 || previous.has(item.name ?? ''));
    const meaningNow = () => enterMeaning(pick.value, suggestions, pick.selectedItems.filter((item) => item.name).map((item) => item.name as string));
    const retitle = () => {
      pick.title = `${NAMES_TITLE} · ${enterHint(meaningNow())}`;
    };
    retitle();
    pick.onDidChangeValue(retitle);
    pick.onDidChangeSelection(retitle);
    let settled = false;
    pick.onDidAccept(() => {
      const meaning = meaningNow();
      if (meaning.kind === 'invalid') return;
      settled = true;
      resolve({ meaning, other: meaning.kind !== 'typed' && pick.selectedItems.includes(other) });
      pick.hide();
    });
    pick.onDidHide(() => {
      if (!settled) resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
  if (!chosen) return undefined;
  const { meaning } = chosen;
  if (meaning.kind === 'typed') return meaning.names;
  const ticked = meaning.kind === 'ticked' ? meaning.names : [];
  if (chosen.other || ticked.length === 0) return typeNames(ticked.join(', '));
  return ticked;
}

/** Names downloaded before and those the run's outputs mention (from the lookup at step 1). */
export function suggestFileNames(services: Services, runId: string, outputs: Record<string, unknown>): string[] {
  const names = new Set(services.history.knownFileNames(runId));
  for (const name of fileLikeStrings(outputs)) names.add(name);
  return [...names];
}

/** The workspace folder to download into; with no folder open, asks for one instead of guessing. */
export async function pickBaseFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri;
  if (folders.length > 1) {
    const folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which workspace folder should receive the files?', ignoreFocusOut: true });
    return folder?.uri;
  }
  const choice = await vscode.window.showInformationMessage('No folder is open. Choose a folder to download the run’s files into.', { modal: true }, 'Choose Folder…');
  if (choice !== 'Choose Folder…') return undefined;
  const picked = await vscode.window.showOpenDialog({
    title: 'Gumloop: Choose the Folder to Download Run Files Into',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Download Here',
  });
  return picked?.[0];
}

export function savedItemIdFor(services: Services, runId: string, scope?: vscode.Uri): string | undefined {
  return services.history.get(runId)?.savedItemId ?? readSettings(scope).savedItemId;
}

export function requireFileScheme(uri: vscode.Uri): void {
  if (uri.scheme !== 'file') {
    throw new GumloopError('invalid-input', `Files can only be downloaded into a folder on disk, not “${uri.scheme}:”. Open a local or remote folder.`);
  }
}
