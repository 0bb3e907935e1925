// Inside VS Code's extension host (mocha): activation, SecretStorage through the real commands,
// and the download command with its prompts stubbed, against the emulator.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/constants';
import { readFixture } from './fixture';

const fixture = readFixture();
const restores: (() => void)[] = [];

/** Replaces a member of a VS Code API namespace for one test (the extension sees the same object). */
function stub<T extends object, K extends keyof T>(target: T, key: K, value: unknown): void {
  const original = target[key];
  (target as Record<K, unknown>)[key] = value;
  restores.push(() => ((target as Record<K, unknown>)[key] = original));
}

/** Records every message the extension shows, answering each with `answer` (or nothing). */
function captureMessages(answer?: (message: string, items: unknown[]) => unknown): string[] {
  const seen: string[] = [];
  for (const name of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'] as const) {
    stub(vscode.window, name, async (message: string, ...items: unknown[]) => {
      seen.push(message);
      return answer?.(message, items.filter((item) => typeof item === 'string'));
    });
  }
  return seen;
}

async function setFault(runId: string, fault: unknown): Promise<void> {
  const origin = new URL(fixture.baseUrl).origin;
  const response = await fetch(`${origin}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ runId, fault }) });
  assert.equal(response.status, 200, await response.text());
}

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'a workspace folder is open');
  return folder;
}

function tree(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort();
}

function seedFile(runId: string, name: string): Buffer {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  return fs.readFileSync(path.join(extension.extensionPath, 'test', 'emulator', 'seed', 'runs', runId, 'files', name));
}

/** Set API Key with its three questions answered: key, "Personal API key" (user ID is preset). */
async function setKey(key: string): Promise<void> {
  stub(vscode.window, 'showInputBox', async () => key);
  stub(vscode.window, 'showQuickPick', async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => (await items)[0]);
  captureMessages();
  await vscode.commands.executeCommand('gumloop.setApiKey');
  restore();
}

interface FakePick {
  title: string;
  canSelectMany: boolean;
  items: vscode.QuickPickItem[];
  selectedItems: vscode.QuickPickItem[];
  value: string;
  accept(): void;
  hide(): void;
}

/** A stand-in for window.createQuickPick: `answer` plays the user once the picker is shown. */
function fakeQuickPick(answer: (pick: FakePick) => void): unknown {
  const accepted = new vscode.EventEmitter<void>();
  const hidden = new vscode.EventEmitter<void>();
  const pick = {
    title: '',
    placeholder: '',
    canSelectMany: false,
    ignoreFocusOut: false,
    items: [] as vscode.QuickPickItem[],
    selectedItems: [] as vscode.QuickPickItem[],
    activeItems: [] as vscode.QuickPickItem[],
    value: '',
    onDidAccept: accepted.event,
    onDidHide: hidden.event,
    onDidChangeValue: () => ({ dispose: () => undefined }),
    onDidChangeSelection: () => ({ dispose: () => undefined }),
    accept: () => accepted.fire(),
    show: () => setTimeout(() => answer(pick), 0),
    hide: () => hidden.fire(),
    dispose: () => (accepted.dispose(), hidden.dispose()),
  };
  return pick;
}

interface FakeInput {
  title: string;
  value: string;
  validationMessage: string | undefined;
  busy: boolean;
  /** Types `text` as a user would: the box's value changes, then its change listeners run. */
  type(text: string): void;
  accept(): void;
  hide(): void;
}

/** A stand-in for window.createInputBox (the run ID question): `answer` plays the user once it is shown. */
function fakeInputBox(answer: (box: FakeInput) => void): unknown {
  const accepted = new vscode.EventEmitter<void>();
  const hidden = new vscode.EventEmitter<void>();
  const changed = new vscode.EventEmitter<string>();
  const box = {
    title: '',
    prompt: '',
    placeholder: '',
    value: '',
    validationMessage: undefined as string | undefined,
    busy: false,
    enabled: true,
    ignoreFocusOut: false,
    onDidAccept: accepted.event,
    onDidHide: hidden.event,
    onDidChangeValue: changed.event,
    type: (text: string) => {
      box.value = text;
      changed.fire(text);
    },
    accept: () => accepted.fire(),
    show: () => setTimeout(() => answer(box), 0),
    hide: () => hidden.fire(),
    dispose: () => (accepted.dispose(), hidden.dispose(), changed.dispose()),
  };
  return box;
}

/** Resolves when `check` holds, polling: the box is answered by the extension's own listeners. */
async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function restore(): void {
  for (const undo of restores.splice(0).reverse()) undo();
}

describe('Gumloop Files in the extension host', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
  });
  afterEach(() => restore());

  it('activation registers every contributed command', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: string[] = extension.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length >= 10);
    for (const id of contributed) assert.ok(registered.has(id), `${id} is registered`);
  });

  it('the Explorer hides download scratch folders and locks, and VS Code keeps its own exclusions', () => {
    const exclude = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {};
    assert.equal(exclude['**/.gumloop-download-*'], true);
    assert.equal(exclude['**/.gumloop-lock.*'], true);
    assert.equal(exclude['**/.git'], true, 'merged with the built-in default, not replacing it');
    const watcher = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('watcherExclude') ?? {};
    assert.equal(watcher['**/.gumloop-download-*/**'], true);
  });

  // First, while the history is empty: then the run ID is asked in an input box, not a quick pick.
  it('Download Run Files with stubbed prompts writes the chosen files byte for byte', async () => {
    await setKey(fixture.demo.apiKey);
    const runId = fixture.demo.runs.nested;
    const questions: string[] = [];
    // The run ID question is an input box that stays open while the run is looked up.
    let typedProblem: string | undefined;
    stub(vscode.window, 'createInputBox', () =>
      fakeInputBox((box) => {
        questions.push(box.title);
        box.type('not a run id');
        typedProblem = box.validationMessage;
        box.type(runId);
        box.accept();
      }),
    );
    stub(vscode.window, 'createQuickPick', () =>
      fakeQuickPick((pick) => {
        questions.push(pick.title.replace(/ · .*$/, ''));
        assert.equal(pick.canSelectMany, true);
        const offered = pick.items.map((item) => item.label);
        assert.ok(offered.includes('reports/2026/q3/summary.csv'), `the run's outputs are offered: ${offered.join(', ')}`);
        pick.selectedItems = pick.items.filter((item) => item.label === 'README.txt' || item.label === 'images/logo.png');
        pick.accept();
      }),
    );
    captureMessages();
    await vscode.commands.executeCommand('gumloop.downloadRunFiles');
    assert.deepEqual(questions, ['Gumloop: Download Run Files (1/2)', 'Gumloop: Download Run Files (2/2)']);
    assert.equal(typedProblem, 'A run ID has 4 to 128 letters, digits, “-” or “_”, with no spaces');
    const destination = path.join(workspaceFolder(), 'gumloop', runId);
    assert.deepEqual(tree(destination), ['README.txt', 'images', 'images/logo.png']);
    for (const name of ['README.txt', 'images/logo.png']) assert.ok(fs.readFileSync(path.join(destination, name)).equals(seedFile(runId, name)), name);
  });

  it('an unknown run is said at step 1, in the question, and no file names are asked for', async () => {
    await setKey(fixture.demo.apiKey);
    const asked: string[] = [];
    const said: string[] = [];
    // The run ID comes in an input box, or (with a history) a quick pick where it is typed. Either
    // stays open with the answer in it; the user then gives up (Esc).
    stub(vscode.window, 'createInputBox', () =>
      fakeInputBox((box) => {
        asked.push(box.title);
        box.type('NoSuchRun0042');
        box.accept();
        void until(() => box.validationMessage !== undefined && !box.busy, 'the lookup').then(() => {
          said.push(box.validationMessage ?? '');
          box.hide();
        });
      }),
    );
    stub(vscode.window, 'createQuickPick', () =>
      fakeQuickPick((pick) => {
        asked.push(pick.title);
        if (!pick.title.includes('(1/2)')) return pick.hide();
        pick.value = 'NoSuchRun0042';
        pick.accept();
        void until(() => pick.items[0]?.label.startsWith('$(error)') === true, 'the lookup').then(() => {
          said.push(pick.items[0].label.replace('$(error) ', ''));
          pick.hide();
        });
      }),
    );
    captureMessages();
    await vscode.commands.executeCommand('gumloop.downloadRunFiles');
    assert.deepEqual(asked, ['Gumloop: Download Run Files (1/2)'], 'only the run ID was asked');
    assert.ok(said.some((m) => /^Gumloop has no run “NoSuchRun0042” for user “demo-user” \(404\)/.test(m)), `said: ${said.join(' | ')}`);
  });

  it('Set API Key validates the key, stores it in SecretStorage, and Clear API Key removes it', async () => {
    const runId = fixture.demo.runs.report;
    const destination = path.join(workspaceFolder(), 'gumloop', runId);
    // The key box refuses a malformed key and never echoes it.
    let validation: string | undefined;
    stub(vscode.window, 'showInputBox', async (options: vscode.InputBoxOptions) => {
      assert.equal(options.password, true);
      assert.equal(options.ignoreFocusOut, true);
      validation = (await options.validateInput?.('k3y 9x')) as string | undefined;
      return undefined;
    });
    await vscode.commands.executeCommand('gumloop.setApiKey');
    assert.ok(validation && !validation.includes('k3y'), 'a reason that does not echo the key');
    restore();

    await setKey(fixture.demo.apiKey);
    captureMessages();
    await vscode.commands.executeCommand('gumloop.downloadRunFiles', { runId, fileNames: ['summary.json'] });
    assert.ok(fs.readFileSync(path.join(destination, 'summary.json')).equals(seedFile(runId, 'summary.json')), 'downloaded with the stored key');
    restore();

    const confirmations: string[] = [];
    captureMessages((message, items) => {
      confirmations.push(message);
      return items.includes('Remove Key') ? 'Remove Key' : undefined;
    });
    await vscode.commands.executeCommand('gumloop.clearApiKey');
    assert.ok(confirmations.some((m) => /Remove the Gumloop API key/.test(m)), 'asked before removing');
    const messages = captureMessages();
    await vscode.commands.executeCommand('gumloop.downloadRunFiles', { runId, fileNames: ['chart.png'] });
    assert.ok(messages.some((m) => /Set your Gumloop API key/.test(m)), `asked for a key: ${messages.join(' | ')}`);
    assert.ok(!fs.existsSync(path.join(destination, 'chart.png')), 'nothing downloaded without a key');
  });

  it('cancelling the progress notification leaves the workspace untouched', async () => {
    await setKey(fixture.demo.apiKey);
    const runId = fixture.demo.runs.failed;
    const before = tree(workspaceFolder());
    await setFault(runId, { type: 'slow', bytesPerSecond: 500 });
    let cancelled = false;
    stub(vscode.window, 'withProgress', async (_options: vscode.ProgressOptions, task: (p: vscode.Progress<unknown>, t: vscode.CancellationToken) => Thenable<unknown>) => {
      const source = new vscode.CancellationTokenSource();
      // The user presses Cancel as soon as the first bytes are reported.
      const progress = {
        report: () => {
          cancelled = true;
          source.cancel();
        },
      };
      return task(progress, source.token);
    });
    // The run failed: its partial files are downloaded only when asked for, as here.
    const messages = captureMessages((_message, items) => (items.includes('Download Partial Files') ? 'Download Partial Files' : undefined));
    try {
      await vscode.commands.executeCommand('gumloop.downloadRunFiles', { runId, fileNames: ['partial.csv'] });
    } finally {
      await setFault(runId, null);
    }
    assert.ok(cancelled, 'the download reported progress and was cancelled');
    assert.deepEqual(tree(workspaceFolder()), before, 'nothing was written, not even a scratch folder');
    assert.ok(!messages.some((m) => /Downloaded/.test(m)), 'no success message');
  });

  it('a hostile archive is refused with a message naming the entry, and nothing is written', async () => {
    await setKey(fixture.demo.apiKey);
    const runId = fixture.demo.runs.unicode;
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const before = tree(workspaceFolder());
    await setFault(runId, { type: 'archive', path: path.join(extension.extensionPath, 'test', 'fixtures', 'hostile-zips', 'snyk-zip-slip.zip') });
    const messages = captureMessages();
    try {
      await vscode.commands.executeCommand('gumloop.downloadRunFiles', { runId, fileNames: ['good.txt'] });
    } finally {
      await setFault(runId, null);
    }
    assert.ok(messages.some((m) => /The archive was refused: entry “\.\.\/\.\.\/.*climbs out/.test(m)), `refused: ${messages.join(' | ')}`);
    assert.deepEqual(tree(workspaceFolder()), before);
  });

  it('entries nobody asked for are not written, and the result message names them', async () => {
    await setKey(fixture.demo.apiKey);
    const runId = fixture.demo.runs.unicode;
    const destination = path.join(workspaceFolder(), 'gumloop', runId);
    await setFault(runId, { type: 'extra-entries', entries: ['unrequested.sh', '.github/workflows/x.yml'] });
    const messages = captureMessages();
    try {
      await vscode.commands.executeCommand('gumloop.downloadRunFiles', { runId, fileNames: ['résumé.txt'] });
    } finally {
      await setFault(runId, null);
    }
    assert.deepEqual(tree(destination), ['résumé.txt']);
    // The result message comes after the file opens in an editor, once the command has returned.
    const said = () => messages.some((m) => /Downloaded 1 file .* The archive also held 2 entries you did not ask for; they were not written: unrequested\.sh, \.github\/workflows\/x\.yml\./.test(m));
    for (let waited = 0; !said() && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(said(), `said: ${messages.join(' | ')}`);
  });

  it('a deep link shows the run, the files and the real destination, and writes nothing when declined', async () => {
    await setKey(fixture.demo.apiKey);
    const runId = fixture.demo.runs.project;
    const before = tree(workspaceFolder());
    const details: string[] = [];
    stub(vscode.window, 'showWarningMessage', async (message: string, options: vscode.MessageOptions) => {
      details.push(`${message} ${options?.detail ?? ''} modal=${options?.modal === true}`);
      return undefined;
    });
    await vscode.commands.executeCommand('gumloop.downloadRunFiles', { runId, fileNames: ['project-notes.md'], confirm: true });
    assert.equal(details.length, 1, 'asked once');
    assert.match(details[0], new RegExp(`run ${runId} into gumloop/${runId} in workspace folder .*Files: project-notes.md.*modal=true`, 's'));
    assert.deepEqual(tree(workspaceFolder()), before, 'declined: nothing written');
  });
});
