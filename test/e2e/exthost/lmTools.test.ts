// The agent's language-model tools, called the way agent mode calls them (vscode.lm.invokeTool),
// against the emulator: a missing key answered with the fix, flows listed, a run started only after
// the user's yes and followed to DONE, its files written, a conflict refused without consent, agent
// artifacts listed. Outside chat VS Code asks a tool's confirmation (prepareInvocation) in a modal
// dialog, but in an extension-test window its DialogService answers every confirm() with yes
// without showing it (skipDialogs): the confirmation's words are unit-tested (toolResults.test).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, Tools } from '../../../src/constants';
import { DEMO_AGENTS } from '../../emulator/agentDemo';
import { readFixture } from './fixture';

const fixture = readFixture();

interface ToolsApi {
  tools: readonly { name: string }[];
  invokeTool(name: string, options: { input: object; toolInvocationToken: undefined }, token?: vscode.CancellationToken): Thenable<{ content: unknown[] }>;
}

const lm = (vscode as unknown as { lm: ToolsApi }).lm;

async function invoke(name: string, input: object): Promise<string> {
  const result = await lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part as { value?: string }).value ?? '').join('');
}

/** Answers every message the extension shows with `answer`, for the length of `work`. */
async function answeringMessages<T>(answer: string | undefined, work: () => Thenable<T>): Promise<T> {
  const window = vscode.window as unknown as Record<string, unknown>;
  const names = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'];
  const originals = names.map((name) => window[name]);
  for (const name of names) window[name] = async () => answer;
  try {
    return await work();
  } finally {
    names.forEach((name, index) => (window[name] = originals[index]));
  }
}

function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'a workspace folder is open');
  return folder;
}

describe('Language model tools (vscode.lm.invokeTool)', function () {
  this.timeout(120_000);
  let runId = '';

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it('every contributed tool is registered with the host', () => {
    assert.equal(typeof lm?.invokeTool, 'function', 'this VS Code has vscode.lm.invokeTool');
    const names = lm.tools.map((tool) => tool.name);
    for (const name of Object.values(Tools)) assert.ok(names.includes(name), `${name} is registered: ${names.join(', ')}`);
  });

  it('without an API key a tool answers with the fix, not an exception', async () => {
    await answeringMessages('Remove Key', () => vscode.commands.executeCommand('gumloop.clearApiKey'));
    const text = await invoke(Tools.listFlows, {});
    assert.match(text, /No Gumloop API key is set\. Run “Gumloop: Set API Key”/);
  });

  it('bad input is answered with what to send instead', async () => {
    const text = await invoke(Tools.getRun, { runId: 'no spaces allowed' });
    assert.match(text, /The input was not used: runId: A run ID has 4 to 128 letters/);
  });

  it('lists the flows with their IDs', async () => {
    const window = vscode.window as unknown as Record<string, unknown>;
    const [input, pick] = [window.showInputBox, window.showQuickPick];
    window.showInputBox = async () => fixture.demo.apiKey;
    window.showQuickPick = async (items: Thenable<unknown[]> | unknown[]) => (await items)[0];
    try {
      await answeringMessages(undefined, () => vscode.commands.executeCommand('gumloop.setApiKey'));
    } finally {
      [window.showInputBox, window.showQuickPick] = [input, pick];
    }
    const text = await invoke(Tools.listFlows, {});
    assert.match(text, /Blog post writer — flowId: BlOgWriter01/);
    assert.match(text, /flowId: SaLes7Flow2K, created .*, last run \S+ /, text);
    assert.doesNotMatch(text, /OtHerUser1Fl/, 'another user’s flow is not listed');
  });

  it('runs a flow with inputs and follows it to DONE', async () => {
    const text = await invoke(Tools.runFlow, { flowId: fixture.demo.flows.blogWriter, inputs: { topic: 'tools in e2e' }, waitSeconds: 60 });
    assert.match(text, /^Started run (\S+) of “Blog post writer”\./, text);
    runId = /^Started run (\S+)/.exec(text)![1];
    assert.match(text, new RegExp(`Run ${runId} of “Blog post writer”: DONE\\.`));
    assert.match(text, /post\.md/);
    assert.match(text, /File Writer: wrote post\.md, outline\.txt/);
    assert.doesNotMatch(text, /\u001b/, 'the log is sanitized');
  });

  it('gets the run', async () => {
    const text = await invoke(Tools.getRun, { runId, logLines: 2 });
    assert.match(text, new RegExp(`^Run ${runId}: DONE\\.`));
    assert.match(text, /Last 2 of \d+ log lines:/);
  });

  it('downloads the run’s files into the workspace and names the written paths', async () => {
    const text = await invoke(Tools.downloadRunFiles, { runId });
    const folder = workspaceFolder();
    for (const name of ['post.md', 'outline.txt', 'hero.svg']) {
      const relative = `gumloop/${runId}/${name}`;
      assert.ok(text.includes(`- ${relative}`), `${relative} is named: ${text}`);
      assert.ok(fs.statSync(path.join(folder, relative)).size > 0, `${relative} is on disk`);
    }
  });

  it('refuses to replace existing files without consent and writes nothing', async () => {
    const post = path.join(workspaceFolder(), 'gumloop', runId, 'post.md');
    fs.writeFileSync(post, 'my edits');
    const text = await invoke(Tools.downloadRunFiles, { runId });
    assert.match(text, /^Nothing was written: 3 files already exist in gumloop\//, text);
    assert.match(text, /never replaced without the user's consent/);
    assert.equal(fs.readFileSync(post, 'utf8'), 'my edits');
    const kept = await invoke(Tools.downloadRunFiles, { runId, onConflict: 'skip' });
    assert.match(kept, /Kept the existing files \(skipped\)/, kept);
    assert.equal(fs.readFileSync(post, 'utf8'), 'my edits');
  });

  it('lists agents, then an agent’s artifacts', async () => {
    const agents = await invoke(Tools.listArtifacts, {});
    assert.match(agents, new RegExp(`Research agent — agentId: ${DEMO_AGENTS.agents.research}`), agents);
    const artifacts = await invoke(Tools.listArtifacts, { agentId: DEMO_AGENTS.agents.research, sessionId: DEMO_AGENTS.sessions.latest });
    assert.match(artifacts, new RegExp(`report\\.md — artifactId: ${DEMO_AGENTS.artifacts.report}, version 2`), artifacts);
  });

  it('downloads an agent session’s artifacts and names the written paths', async () => {
    const text = await invoke(Tools.downloadArtifacts, { agentId: DEMO_AGENTS.agents.research, sessionId: DEMO_AGENTS.sessions.latest });
    assert.match(text, /^Downloaded 5 artifacts into gumloop\/agents\//, text);
    const written = text.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.slice(2));
    assert.equal(written.length, 5);
    for (const relative of written) assert.ok(fs.statSync(path.join(workspaceFolder(), relative)).isFile(), `${relative} is on disk`);
    assert.ok(written.some((relative) => relative.endsWith('/report.md')));
    const again = await invoke(Tools.downloadArtifacts, { agentId: DEMO_AGENTS.agents.research, sessionId: DEMO_AGENTS.sessions.latest });
    assert.match(again, /^Nothing was written: 5 files already exist/, again);
  });
});
