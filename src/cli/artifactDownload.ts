// `gumloop-files download --agent <id> [--session <id>] [--artifact <id> ...] [--out <dir>]`:
// agents' artifacts into folders, through the same core as the extension (downloadArtifacts):
// the same conflict flags, lock, journal and exit codes as a run's download. Without --out each
// session's artifacts go to gumloop/agents/<agent>/<session>/ (one all-or-nothing download per
// folder); with --out all of them go into it. Prints the written paths, relative to the current
// folder (or --out), one per line; renamed artifacts are said on stderr.
import * as path from 'node:path';
import { downloadArtifacts, type DownloadArtifactsResult } from '../download/downloadArtifacts';
import { DEFAULT_ARTIFACT_FOLDER, expandArtifactFolder } from '../download/artifactFolder';
import { GumloopError } from '../errors';
import type { Artifact } from '../gumloop/agents';
import { cleanLine } from '../sanitize';
import { isApiId } from '../validation';
import { checkOptions, usage } from './args';
import { allArtifacts, idOption } from './agents';
import type { CommandContext } from './context';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, TARGET_OPTIONS, downloadTarget, engineOptions } from './download';
import { EXIT } from './exitCodes';

export async function downloadArtifactsCommand(context: CommandContext): Promise<number> {
  const { values } = context;
  checkOptions('download --agent', values, ['agent', 'session', 'artifact', ...TARGET_OPTIONS, 'json']);
  const agentId = idOption(values, 'agent', 'download', true)!;
  const sessionId = idOption(values, 'session', 'download', false);
  const wanted = (values.artifact ?? []).flatMap((value) => value.split(',')).map((id) => id.trim()).filter(Boolean);
  const bad = wanted.find((id) => !isApiId(id));
  if (bad !== undefined) throw usage('--artifact must be an artifact ID (printable characters, no spaces)');
  const target = downloadTarget(values);
  const { client } = context.connect(DEFAULT_REQUEST_TIMEOUT_SECONDS, 'agents');
  const listed = await allArtifacts(context, client, agentId, { sessionId });
  const chosen = wanted.length ? pick(listed, wanted, agentId, sessionId) : listed;
  if (chosen.length === 0) throw new GumloopError('missing-files', `Agent ${agentId} has no artifacts${sessionId ? ` in session ${sessionId}` : ''}. Nothing was written. Check the IDs with “gumloop-files artifacts --agent ${agentId}”.`);
  if (chosen.length > target.maxFiles) {
    throw new GumloopError('archive-limit', `${chosen.length} artifacts to download, more than the limit of ${target.maxFiles}. Nothing was downloaded. To download them all, add --max-files ${chosen.length}.`);
  }

  // One folder per session unless --out names one for all.
  const groups = new Map<string, Artifact[]>();
  const base = values.out === undefined ? process.cwd() : target.out;
  for (const artifact of chosen) {
    const folder = values.out === undefined ? expandArtifactFolder(DEFAULT_ARTIFACT_FOLDER, { agent: agentId, session: artifact.sessionId ?? sessionId ?? 'all' }) : '';
    groups.set(folder, [...(groups.get(folder) ?? []), artifact]);
  }
  const files: { path: string; artifactId: string; versionId: string | null; bytes: number }[] = [];
  const skipped: string[] = [];
  const renamed: { artifactId: string; from: string; to: string }[] = [];
  for (const [folder, artifacts] of groups) {
    const result = await downloadArtifacts({
      client,
      artifacts,
      destination: path.join(base, folder),
      ...engineOptions(context, target),
    });
    const inBase = (relative: string) => (folder ? `${folder}/${relative}` : relative);
    report(context, result, inBase);
    for (const file of result.written) files.push({ path: inBase(file.path), artifactId: file.artifactId, versionId: file.versionId ?? null, bytes: file.bytes });
    skipped.push(...result.skipped.map(inBase));
    renamed.push(...result.renamed.map((item) => ({ artifactId: item.artifactId, from: item.from, to: inBase(item.to) })));
  }
  if (values.json) context.json({ agentId, sessionId: sessionId ?? null, files, skipped, renamed, exitCode: EXIT.ok });
  return EXIT.ok;
}

/** The asked-for artifacts, in the order asked; an ID the list does not have is an error before anything is fetched. */
function pick(listed: readonly Artifact[], wanted: readonly string[], agentId: string, sessionId: string | undefined): Artifact[] {
  const byId = new Map(listed.map((artifact) => [artifact.id, artifact]));
  const missing = wanted.filter((id) => !byId.has(id));
  if (missing.length) {
    const where = sessionId ? `session ${sessionId} of agent ${agentId}` : `agent ${agentId}`;
    throw new GumloopError('not-found', `${missing.length === 1 ? `Artifact ${missing[0]} is` : `Artifacts ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' and more' : ''} are`} not among the artifacts of ${where}. Nothing was written. Check the IDs with “gumloop-files artifacts --agent ${agentId}”.`);
  }
  return [...new Set(wanted)].map((id) => byId.get(id)!);
}

function report(context: CommandContext, result: DownloadArtifactsResult, inBase: (relative: string) => string): void {
  for (const item of result.renamed) context.stderr(`gumloop-files: warning: artifact ${item.artifactId} “${cleanLine(item.from)}” saved as “${cleanLine(inBase(item.to))}”: ${item.why}\n`);
  if (result.skipped.length) context.stderr(`gumloop-files: skipped ${result.skipped.length} existing file(s)\n`);
  if (!context.values.json) context.stdout(result.written.map((file) => `${cleanLine(inBase(file.path))}\n`).join(''));
}
