// The Agents view's artifact jobs: open an artifact (download it, then open it), Download Session
// Artifacts, Download All Artifacts of an Agent (count and size first), Compare with Workspace
// Copy. Thin adapters over the core: downloadArtifacts (download/, the same lock, journal,
// conflict rules and size limit as run downloads) and the signed-URL fetch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../archive/limits';
import { conflictPolicy, readSettings } from '../config';
import { Commands, Settings } from '../constants';
import { DEFAULT_ARTIFACT_FOLDER, expandArtifactFolder, unknownFolderVariables } from '../download/artifactFolder';
import type { DownloadArtifactsResult } from '../download/downloadArtifacts';
import { artifactEngine } from '../download/lazyEngine';
import { GumloopError } from '../errors';
import type { Artifact } from '../gumloop/agents';
import { versionStatus } from '../gumloop/artifactVersions';
import { followPages } from '../gumloop/paging';
import { cleanLine } from '../sanitize';
import { createClient, type Services } from '../services';
import { artifactName, artifactsTotal, sessionLabel } from '../ui/agentsPresentation';
import { checkInsideFolder, destinationLabel } from '../ui/destination';
import type { AgentNode, ArtifactNode, SessionNode } from '../views/agentsTree';
import type { AgentsView } from '../views/agentsView';
import { requireAgentsNode } from './agentNodes';
import type { ArtifactDocuments } from './artifactDocuments';
import { DOWNLOAD_OWNER, askOnConflict, reportRecovery } from './downloadJob';

interface ArtifactJob {
  agentId: string;
  /** `${session}` in the folder template: the session's name, or `all`. */
  sessionName: string;
  /** Undefined: artifacts of many sessions (an agent's all, or one clicked under All Artifacts). */
  sessionId?: string;
  artifacts: Artifact[];
  /** What the progress notification and the message call it. */
  title: string;
  /** Open the file when one was written (a click on an artifact). */
  open: boolean;
}

export function artifactCommandHandlers(services: Services, agents: AgentsView, documents: ArtifactDocuments): Record<string, (...args: never[]) => Promise<unknown>> {
  return {
    [Commands.openArtifact]: (node?: ArtifactNode) => openArtifact(services, agents, requireAgentsNode<ArtifactNode>(node, ['artifact'], 'an artifact')),
    [Commands.downloadSessionArtifacts]: (node?: SessionNode) => downloadSession(services, agents, requireAgentsNode<SessionNode>(node, ['session'], 'a session')),
    [Commands.downloadAgentArtifacts]: (node?: AgentNode) => downloadAgent(services, agents, requireAgentsNode<AgentNode>(node, ['agent'], 'an agent')),
    [Commands.compareArtifact]: (node?: ArtifactNode) => compare(services, agents, documents, requireAgentsNode<ArtifactNode>(node, ['artifact'], 'a downloaded artifact')),
  };
}

/** A click: the workspace copy when it is current, else a download of just this artifact, then open it. */
async function openArtifact(services: Services, agents: AgentsView, node: ArtifactNode): Promise<void> {
  const artifact = requireArtifact(agents, node);
  const copy = services.artifactCopies.get(artifact.id);
  if (copy && fs.existsSync(copy.path) && versionStatus(copy, artifact) !== 'newer') {
    await openFile(copy.path);
    return;
  }
  const sessionId = artifact.sessionId ?? node.sessionId;
  await runArtifactJob(services, agents, { agentId: node.agentId, sessionId, sessionName: sessionNameOf(agents, node.agentId, sessionId), artifacts: [artifact], title: artifactName(artifact), open: true });
}

async function downloadSession(services: Services, agents: AgentsView, node: SessionNode): Promise<void> {
  await agents.store.loadSessionArtifacts(node.agentId, node.sessionId);
  const state = agents.store.artifactsState(node.agentId, node.sessionId);
  if (state.status === 'failed') throw state.error;
  if (state.status !== 'loaded') throw new GumloopError('network', 'The session’s artifacts could not be listed. Refresh the Agents view and try again.');
  const name = sessionNameOf(agents, node.agentId, node.sessionId);
  await runArtifactJob(services, agents, { agentId: node.agentId, sessionId: node.sessionId, sessionName: name, artifacts: state.value.items, title: `session ${name}`, open: false });
}

/** Every artifact of an agent, every page; the count and total size are said before anything is fetched. */
async function downloadAgent(services: Services, agents: AgentsView, node: AgentNode): Promise<void> {
  const agentName = agentNameOf(agents, node.agentId);
  const listed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Gumloop: listing the artifacts of ${agentName}`, cancellable: true }, (_progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return followPages((cursor) => agents.api.listArtifacts(node.agentId, { cursor }, { priority: 'user', signal: controller.signal }), {
      what: `the artifacts of agent “${agentName}”`,
      signal: controller.signal,
      onWarning: (warning) => services.log.warn(warning),
    });
  });
  if (listed.items.length === 0) {
    void vscode.window.showInformationMessage(`${agentName} has no artifacts yet.`);
    return;
  }
  const destination = destinationFor(agents, node.agentId, 'all');
  const download = 'Download';
  const choice = await vscode.window.showWarningMessage(
    `Download ${artifactsTotal(listed.items)} of ${agentName}?`,
    { modal: true, detail: `Into ${destination.display}. Existing files follow gumloop.onConflict.${listed.warning ? `\n\n${listed.warning}` : ''}` },
    download,
  );
  if (choice !== download) return;
  await runArtifactJob(services, agents, { agentId: node.agentId, sessionName: 'all', artifacts: listed.items, title: `all artifacts of ${agentName}`, open: false });
}

/** Opens VS Code's diff: the workspace copy on the left, the current version (fetched read-only, never written to the workspace) on the right. */
async function compare(services: Services, agents: AgentsView, documents: ArtifactDocuments, node: ArtifactNode): Promise<void> {
  const artifact = requireArtifact(agents, node);
  const copy = services.artifactCopies.get(artifact.id);
  if (!copy || !fs.existsSync(copy.path)) throw new GumloopError('invalid-input', `“${artifactName(artifact)}” has no workspace copy to compare with. Click it to download it first.`);
  const current = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Gumloop: fetching the current version of ${artifactName(artifact)}`, cancellable: true }, async (_progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const { client } = await createClient(services, undefined, { api: 'agents' });
    try {
      return await documents.fetch(client, artifact, controller.signal);
    } finally {
      await client.close();
    }
  });
  const label = `${path.basename(copy.path)} (workspace ↔ ${current.version})`;
  await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(copy.path), current.uri, label);
}

async function runArtifactJob(services: Services, agents: AgentsView, job: ArtifactJob): Promise<void> {
  const destination = destinationFor(agents, job.agentId, job.sessionName);
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(destination.absolute));
  if (folder) {
    const inside = await checkInsideFolder(destination.absolute, folder.uri.fsPath);
    if (!inside.ok) throw new GumloopError('invalid-input', `${inside.reason}.`);
  }
  const settings = readSettings(vscode.Uri.file(destination.absolute));
  const policy = conflictPolicy(settings.onConflict);
  const { client } = await createClient(services, settings, { api: 'agents' });
  services.log.info(`Downloading ${job.artifacts.length} artifact(s) of agent ${job.agentId} into ${destination.absolute}`);
  let result: DownloadArtifactsResult;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Gumloop: ${job.title}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await artifactEngine().downloadArtifacts({
          client,
          artifacts: job.artifacts,
          destination: destination.absolute,
          onConflict: policy === 'ask' ? askOnConflict(destination.display) : policy,
          limits: { maxTotalBytes: settings.maxExtractSizeMB * 1024 * 1024 },
          signal: controller.signal,
          owner: DOWNLOAD_OWNER,
          inFlight: services.inFlight,
          onRecovery: (message) => reportRecovery(services, message),
          onProgress: (event) => {
            const share = event.bytesTotal ? event.bytesDone / event.bytesTotal : event.filesDone / Math.max(1, event.filesTotal);
            const percent = share * 100;
            progress.report({ message: `${event.filesDone} of ${event.filesTotal} · ${formatBytes(event.bytesDone)}`, increment: Math.max(0, percent - reported) });
            reported = Math.max(reported, percent);
          },
        });
      } finally {
        subscription.dispose();
      }
    });
  } finally {
    await client.close();
  }
  const now = Date.now();
  await services.artifactCopies.record(
    result.written.map((file) => ({ artifactId: file.artifactId, agentId: job.agentId, versionId: file.versionId, majorVersion: file.majorVersion, path: path.join(result.destination, ...file.path.split('/')), downloadedAt: now })),
  );
  await services.history.record({
    runId: `${job.agentId}/${job.sessionId ?? 'all'}`,
    kind: 'artifacts',
    flowName: `${agentNameOf(agents, job.agentId)} · ${job.sessionName}`,
    fileNames: [],
    files: result.written.map((file) => file.path),
    destination: result.destination,
    downloadedAt: now,
  });
  for (const renamed of result.renamed) services.log.warn(`Artifact ${renamed.artifactId}: “${renamed.from}” saved as “${renamed.to}” (${renamed.why})`);
  services.log.info(`Artifacts of agent ${job.agentId}: wrote ${result.written.length}, replaced ${result.overwritten.length}, skipped ${result.skipped.length}, renamed ${result.renamed.length}`);
  if (job.open && result.written.length === 1) await openFile(path.join(result.destination, ...result.written[0].path.split('/')));
  void announce(job, destination.display, result);
}

async function announce(job: ArtifactJob, display: string, result: DownloadArtifactsResult): Promise<void> {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [`Downloaded ${count(result.written.length, 'artifact')} into ${display}`];
  if (result.skipped.length) parts.push(`${count(result.skipped.length, 'existing file')} kept`);
  if (result.renamed.length) parts.push(`${count(result.renamed.length, 'name')} changed: ${result.renamed.map((r) => `“${cleanLine(r.from)}” → “${r.to}”`).join(', ')}`);
  const show = result.renamed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  if (job.open && result.written.length === 1 && !result.renamed.length) return; // the opened file says it
  await show(`${parts.join('; ')}.`);
}

function requireArtifact(agents: AgentsView, node: ArtifactNode): Artifact {
  const artifact = agents.store.artifact(node.agentId, node.artifactId);
  if (!artifact) throw new GumloopError('not-found', 'That artifact is no longer listed. Refresh the Agents view.');
  return artifact;
}

function agentNameOf(agents: AgentsView, agentId: string): string {
  return cleanLine(agents.store.agent(agentId)?.name ?? agentId);
}

function sessionNameOf(agents: AgentsView, agentId: string, sessionId: string | undefined): string {
  if (!sessionId) return 'all';
  const session = agents.store.session(agentId, sessionId);
  return session?.name ? cleanLine(session.name) : session ? sessionLabel(session, Date.now()) : sessionId;
}

/** The `gumloop.artifactFolder` setting filled in, inside the first workspace folder. */
function destinationFor(agents: AgentsView, agentId: string, sessionName: string): { absolute: string; display: string } {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  if (!workspace || workspace.uri.scheme !== 'file') throw new GumloopError('invalid-input', 'Open a folder first: artifacts are downloaded into the workspace folder.');
  const template = vscode.workspace.getConfiguration(Settings.section, workspace.uri).get<string>(Settings.artifactFolder)?.trim() || DEFAULT_ARTIFACT_FOLDER;
  const unknown = unknownFolderVariables(template);
  if (unknown.length) throw new GumloopError('invalid-input', `gumloop.artifactFolder uses ${unknown.map((name) => `\${${name}}`).join(', ')}, which it does not know; only \${agent}, \${session} and \${date} are supported.`);
  const relative = expandArtifactFolder(template, { agent: agentNameOf(agents, agentId), session: sessionName });
  const absolute = path.join(workspace.uri.fsPath, ...relative.split('/'));
  return { absolute, display: `${destinationLabel(absolute, workspace.uri.fsPath)}/` };
}

async function openFile(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri, { preview: false }).then(undefined, () => vscode.commands.executeCommand('vscode.open', uri));
}
