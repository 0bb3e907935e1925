// The language-model tools' work, loaded on first use (tools/register). Thin adapters over the
// cores the commands and the CLI use: start/startFlowRun, remote/runWatcher, the download job
// (download/downloadRun with its journal, lock, limits and conflict rules), gumloop/agents. Inputs
// are checked and results worded in ui/toolInputs and ui/toolResults; an error comes back as a
// result that says the fix, so the agent can tell the user.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConflictPolicy } from '../archive/conflicts';
import { DOWNLOAD_OWNER, reportRecovery, runDownloadJob } from '../commands/downloadJob';
import { conflictPolicy, readSettings } from '../config';
import { Tools } from '../constants';
import { GumloopError, isGumloopError, redact } from '../errors';
import { listAgents, listArtifacts, type Artifact } from '../gumloop/agents';
import { DEFAULT_ARTIFACT_FOLDER, expandArtifactFolder } from '../download/artifactFolder';
import { artifactEngine } from '../download/lazyEngine';
import type { GumloopApi, GumloopClient } from '../gumloop/client';
import { listFlows, type Flow } from '../gumloop/flows';
import { followPages } from '../gumloop/paging';
import { listRecentRuns, type RunSummary } from '../gumloop/runHistory';
import { isFinished } from '../remote/runState';
import { watchRun } from '../remote/runWatcher';
import { fileLikeStrings } from '../runs/outputs';
import { createClient, type Services } from '../services';
import { startFlowRun } from '../start/startFlowRun';
import { destinationLabel, resolveDestination } from '../ui/destination';
import {
  parseDownloadArtifactsInput,
  parseDownloadRunFilesInput,
  parseGetRunInput,
  parseListArtifactsInput,
  parseRunFlowInput,
  type DownloadArtifactsInput,
  type DownloadRunFilesInput,
  type ToolConflict,
} from '../ui/toolInputs';
import {
  agentsResult,
  artifactsDownloadResult,
  artifactsResult,
  conflictResult,
  downloadResult,
  errorResult,
  flowsResult,
  inputResult,
  noFilesResult,
  notFinishedResult,
  overwriteConfirmation,
  runConfirmation,
  runResult,
  startedResult,
} from '../ui/toolResults';
import type { Parsed } from '../validation';
import { textResult, type LanguageModelTool, type ToolResult } from './lmApi';

/** Last runs are looked up for at most this many flows (one request each); the result says when more were left. */
const LAST_RUNS_FOR = 10;
/** Listing requests (flows, runs, agents, artifacts) end after this, the request in flight with them. */
const LIST_DEADLINE_MS = 60_000;
/** Looking up the flow's name for the confirmation must not hold the question up long. */
const NAME_LOOKUP_MS = 5_000;

type Tool = LanguageModelTool<unknown>;

export function createTools(services: Services): Record<string, Tool> {
  /** Flow names seen by listFlows or a confirmation, for the run's result. */
  const flowNames = new Map<string, string>();

  /** Checks the input, runs `work` with a client and a signal that ends with the token, and turns any error into a result. */
  function tool<T>(action: string, parse: (raw: unknown) => Parsed<T>, work: (input: T, client: GumloopClient, signal: AbortSignal) => Promise<string>, api: GumloopApi = 'flows'): Tool {
    return {
      invoke: async (options, token) => {
        const input = parse(options.input);
        if (!input.ok) return textResult(inputResult(input.reason));
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          const { client } = await createClient(services, undefined, { api });
          try {
            return textResult(await work(input.value, client, controller.signal));
          } finally {
            await client.close();
          }
        } catch (error) {
          return failed(action, error);
        } finally {
          subscription.dispose();
        }
      },
    };
  }

  async function failed(action: string, error: unknown): Promise<ToolResult> {
    const apiKey = await services.credentials.getApiKey();
    const text = redact(errorResult(action, error), [apiKey]);
    services.log.warn(`Language model tool: ${text}`);
    return textResult(text);
  }

  async function flowName(client: GumloopClient, flowId: string, signal: AbortSignal): Promise<string | undefined> {
    if (flowNames.has(flowId)) return flowNames.get(flowId);
    const flows = await listFlows(client, { signal: AbortSignal.any([signal, AbortSignal.timeout(NAME_LOOKUP_MS)]) }).catch(() => [] as Flow[]);
    for (const flow of flows) flowNames.set(flow.savedItemId, flow.name);
    return flowNames.get(flowId);
  }

  const listFlowsTool = tool('list the flows', (raw) => ({ ok: true, value: raw }), async (_input, client, signal) => {
    const limited = AbortSignal.any([signal, AbortSignal.timeout(LIST_DEADLINE_MS)]);
    const flows = await listFlows(client, { signal: limited });
    for (const flow of flows) flowNames.set(flow.savedItemId, flow.name);
    const lastRuns = new Map<string, RunSummary | undefined>();
    await Promise.all(
      flows.slice(0, LAST_RUNS_FOR).map(async (flow) => {
        const runs = await listRecentRuns(client, flow.savedItemId, { signal: limited, flowName: flow.name }).catch((error: unknown) => {
          services.log.warn(`Could not read the runs of flow ${flow.savedItemId}: ${(error as Error).message}`);
          return undefined;
        });
        if (runs) lastRuns.set(flow.savedItemId, newest(runs));
      }),
    );
    return flowsResult(flows, lastRuns);
  });

  const runFlowTool: Tool = {
    ...tool('run the flow', parseRunFlowInput, async (input, client, signal) => {
      const name = (await flowName(client, input.flowId, signal)) ?? input.flowId;
      const started = await startFlowRun(client, {
        savedItemId: input.flowId,
        text: input.inputs,
        files: [],
        readFile: () => Promise.reject(new GumloopError('invalid-input', 'File inputs are not taken from the agent.')),
        checkRuns: 'the flow’s runs in the Gumloop Flows view',
        signal,
      });
      if (!started) throw new GumloopError('rate-limited', 'Gumloop did not start the run.');
      services.log.info(`Language model tool: started run ${started.runId} of flow ${input.flowId}`);
      if (input.waitSeconds === 0) return startedResult(started.runId, name, started.url, started.left);
      const watched = await watchRun({ runId: started.runId, getRun: (runId, options) => client.getRun(runId, options), signal, timeoutMs: input.waitSeconds * 1000 });
      return [startedResult(started.runId, name, started.url, started.left).split('\n')[0], runResult(started.runId, watched.run, { flowName: name, logLines: input.logLines, waitedSeconds: watched.timedOut ? input.waitSeconds : undefined })].join('\n');
    }),
    // Runs spend credits: VS Code shows this and starts nothing unless the user agrees.
    prepareInvocation: async (options, token) => {
      const input = parseRunFlowInput(options.input);
      if (!input.ok) return undefined;
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let name: string | undefined;
      try {
        const { client } = await createClient(services);
        try {
          name = await flowName(client, input.value.flowId, controller.signal);
        } finally {
          await client.close();
        }
      } catch {
        // No key yet: invoke says so; the question still names the flow by its ID.
      } finally {
        subscription.dispose();
      }
      return { invocationMessage: `Running Gumloop flow ${name ?? input.value.flowId}`, confirmationMessages: runConfirmation(name, input.value.flowId, input.value.inputs, input.value.waitSeconds) };
    },
  };

  const getRunTool = tool('look up the run', parseGetRunInput, async (input, client, signal) => {
    const run = await client.getRun(input.runId, { signal: AbortSignal.any([signal, AbortSignal.timeout(LIST_DEADLINE_MS)]) });
    return runResult(input.runId, run, { logLines: input.logLines });
  });

  const downloadTool: Tool = {
    ...tool('download the run’s files', parseDownloadRunFilesInput, (input, client, signal) => downloadFiles(services, input, client, signal)),
    prepareInvocation: async (options) => {
      const input = parseDownloadRunFilesInput(options.input);
      if (!input.ok || input.value.onConflict !== 'overwrite') return { invocationMessage: 'Downloading Gumloop run files' };
      // Replacing the user's files needs the user's yes, whatever the agent asked.
      return { invocationMessage: 'Downloading Gumloop run files', confirmationMessages: overwriteConfirmation(input.value.runId) };
    },
  };

  const listArtifactsTool = tool('list the artifacts', parseListArtifactsInput, async (input, client, signal) => {
    const limited = AbortSignal.any([signal, AbortSignal.timeout(LIST_DEADLINE_MS)]);
    if (!input.agentId) return agentsResult(await listAgents(client, undefined, { signal: limited }));
    const all = await allArtifacts(client, input.agentId, input.sessionId, limited);
    return artifactsResult(input.agentId, input.sessionId, all.items, all.warning);
  }, 'agents');

  const downloadArtifactsTool: Tool = {
    ...tool('download the artifacts', parseDownloadArtifactsInput, (input, client, signal) => downloadAgentArtifacts(services, input, client, signal), 'agents'),
    prepareInvocation: async (options) => {
      const input = parseDownloadArtifactsInput(options.input);
      if (!input.ok || input.value.onConflict !== 'overwrite') return { invocationMessage: 'Downloading Gumloop artifacts' };
      return { invocationMessage: 'Downloading Gumloop artifacts', confirmationMessages: overwriteConfirmation(`the artifacts of agent ${input.value.agentId}`) };
    },
  };

  return {
    [Tools.listFlows]: listFlowsTool,
    [Tools.runFlow]: runFlowTool,
    [Tools.getRun]: getRunTool,
    [Tools.downloadRunFiles]: downloadTool,
    [Tools.listArtifacts]: listArtifactsTool,
    [Tools.downloadArtifacts]: downloadArtifactsTool,
  };
}

function newest(runs: readonly RunSummary[]): RunSummary | undefined {
  return [...runs].sort((a, b) => (b.createdTs ?? '').localeCompare(a.createdTs ?? ''))[0];
}

const TOOL_CONFLICTS: Record<ToolConflict, ConflictPolicy> = { skip: 'skip', keepBoth: 'keep-both', overwrite: 'overwrite' };

/**
 * Into gumloop.downloadFolder of the first workspace folder, through the download job (journal,
 * lock, limits). Conflicts: the agent's choice (an overwrite was confirmed by the user in
 * prepareInvocation), else the setting, where "ask" refuses and names the files.
 */
async function downloadFiles(services: Services, input: DownloadRunFilesInput, client: GumloopClient, signal: AbortSignal): Promise<string> {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
  if (!folder) return 'No folder is open: open a folder (File › Open Folder), then call gumloop_downloadRunFiles again.';
  const run = await client.getRun(input.runId, { signal: AbortSignal.any([signal, AbortSignal.timeout(LIST_DEADLINE_MS)]) });
  if (!isFinished(run.state)) return notFinishedResult(input.runId, run.state);
  const fileNames = input.fileNames ?? [...fileLikeStrings(run.outputs)];
  if (fileNames.length === 0) return noFilesResult(input.runId);
  const settings = readSettings(folder.uri);
  const resolved = resolveDestination(settings.downloadFolder, input.runId, folder.uri.fsPath);
  if (!resolved.ok) throw new GumloopError('invalid-input', `${resolved.reason}. Fix the “gumloop.downloadFolder” setting.`);
  const destination = resolved.value;
  const label = destinationLabel(destination, folder.uri.fsPath);
  const setting = conflictPolicy(settings.onConflict);
  const conflicts = input.onConflict ? TOOL_CONFLICTS[input.onConflict] : setting === 'ask' ? 'fail' : setting;
  try {
    const result = await runDownloadJob(services, { runId: input.runId, fileNames, destination, displayDestination: label, conflicts, quiet: true });
    if (!result) return `Nothing was downloaded: another download into ${label} is running, or the user declined. Try again when it has finished.`;
    const inWorkspace = (file: string) => path.relative(folder.uri.fsPath, path.join(destination, ...file.split('/'))).split(path.sep).join('/');
    const note = run.state === 'DONE' ? '' : `\nThe run ended ${run.state}: these are the files it wrote before that.`;
    return (
      downloadResult({
        runId: input.runId,
        destinationLabel: label,
        written: result.written.map(inWorkspace),
        overwritten: result.overwritten.map(inWorkspace),
        skipped: result.skipped.map(inWorkspace),
        missing: result.missing,
        notRequested: result.notRequested,
      }) + note
    );
  } catch (error) {
    if (isGumloopError(error, 'conflict') && conflicts === 'fail' && error.paths?.length && /in the destination: /.test(error.message)) return conflictResult(`gumloop_downloadRunFiles for run ${input.runId}`, label, error.paths);
    throw error;
  }
}

function allArtifacts(client: GumloopClient, agentId: string, sessionId: string | undefined, signal: AbortSignal): Promise<{ items: Artifact[]; warning?: string }> {
  return followPages((cursor) => listArtifacts(client, agentId, { sessionId, cursor }, { signal }), { signal, what: 'the artifacts' });
}

/**
 * Into gumloop/agents/<agent>/<session or all>/ of the first workspace folder, through
 * downloadArtifacts (the same lock, journal and recovery as run downloads); conflicts as for runs.
 */
async function downloadAgentArtifacts(services: Services, input: DownloadArtifactsInput, client: GumloopClient, signal: AbortSignal): Promise<string> {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
  if (!folder) return 'No folder is open: open a folder (File › Open Folder), then call gumloop_downloadArtifacts again.';
  const limited = AbortSignal.any([signal, AbortSignal.timeout(LIST_DEADLINE_MS)]);
  const listed = await allArtifacts(client, input.agentId, input.sessionId, limited);
  let artifacts = listed.items;
  if (input.artifactIds) {
    const unknown = input.artifactIds.filter((id) => !artifacts.some((artifact) => artifact.id === id));
    if (unknown.length) throw new GumloopError('invalid-input', `Agent ${input.agentId}${input.sessionId ? ` (session ${input.sessionId})` : ''} has no artifact ${unknown.join(', ')}. List them with gumloop_listArtifacts.`);
    artifacts = artifacts.filter((artifact) => input.artifactIds!.includes(artifact.id));
  }
  if (artifacts.length === 0) return `Agent ${input.agentId}${input.sessionId ? ` (session ${input.sessionId})` : ''} has no artifacts to download.`;
  const agents = await listAgents(client, undefined, { signal: limited }).catch(() => []);
  const agentName = agents.find((agent) => agent.id === input.agentId)?.name ?? input.agentId;
  const relative = expandArtifactFolder(DEFAULT_ARTIFACT_FOLDER, { agent: agentName, session: input.sessionId ?? 'all' });
  const destination = path.join(folder.uri.fsPath, ...relative.split('/'));
  const label = destinationLabel(destination, folder.uri.fsPath);
  const settings = readSettings(folder.uri);
  const setting = conflictPolicy(settings.onConflict);
  const conflicts = input.onConflict ? TOOL_CONFLICTS[input.onConflict] : setting === 'ask' ? 'fail' : setting;
  const { downloadArtifacts } = artifactEngine();
  try {
    const result = await downloadArtifacts({
      client,
      artifacts,
      destination,
      onConflict: conflicts,
      limits: { maxTotalBytes: settings.maxExtractSizeMB * 1024 * 1024 },
      signal,
      owner: DOWNLOAD_OWNER,
      inFlight: services.inFlight,
      onRecovery: (message) => reportRecovery(services, message),
    });
    services.log.info(`Language model tool: wrote ${result.written.length} artifact(s) of agent ${input.agentId} into ${destination}`);
    const inWorkspace = (file: string) => `${relative}/${file}`;
    return artifactsDownloadResult({
      destinationLabel: label,
      written: result.written.map((file) => inWorkspace(file.path)),
      overwritten: result.overwritten.map(inWorkspace),
      skipped: result.skipped.map(inWorkspace),
      renamed: result.renamed,
    }) + (listed.warning ? `\n${listed.warning}` : '');
  } catch (error) {
    if (isGumloopError(error, 'conflict') && conflicts === 'fail' && error.paths?.length && /in the destination: /.test(error.message)) return conflictResult(`gumloop_downloadArtifacts for agent ${input.agentId}`, label, error.paths);
    throw error;
  }
}
