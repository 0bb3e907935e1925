// The current version of an artifact as a read-only document, for Compare with Workspace Copy: a
// virtual document (scheme gumloop-artifact), so nothing is written to the workspace and there is
// nothing to save. The bytes come from a fresh signed URL (no Gumloop credential goes to that
// host; the declared size is checked) through a private temporary file removed at once.
// fs.promises loads on first use; node:fs/promises would be loaded by every activation (activationLoads.test.ts).
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ArtifactFetcher } from '../download/downloadArtifacts';
import { GumloopError } from '../errors';
import { getArtifactDownload, type Artifact } from '../gumloop/agents';
import { artifactName, versionLabel } from '../ui/agentsPresentation';

export const ARTIFACT_SCHEME = 'gumloop-artifact';

/** Larger files are not compared as text: the diff editor would be no help. */
const MAX_COMPARE_BYTES = 5 * 1024 * 1024;
/** Fetched versions kept for open diffs; the oldest goes first. */
const MAX_DOCUMENTS = 20;

export class ArtifactDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This version is no longer available here. Run Compare with Workspace Copy again.';
  }

  /** Fetches the artifact's listed (current) version; never a version id the API did not list. */
  async fetch(client: ArtifactFetcher, artifact: Artifact, signal: AbortSignal): Promise<{ uri: vscode.Uri; version: string }> {
    const name = artifactName(artifact);
    const answer = await getArtifactDownload(client, artifact.id, artifact.versionId, { signal });
    const size = answer.size ?? artifact.size;
    if (size !== undefined && size > MAX_COMPARE_BYTES) throw new GumloopError('invalid-input', `“${name}” is ${Math.round(size / 1024 / 1024)} MB, too large to compare as text. Download it instead.`);
    const folder = await fsp.mkdtemp(path.join(os.tmpdir(), 'gumloop-compare-'));
    try {
      const file = path.join(folder, 'current');
      await client.downloadSignedUrl(answer.downloadUrl, file, { what: `artifact “${name}”`, expectedBytes: answer.size, maxBytes: MAX_COMPARE_BYTES, signal });
      const version = versionLabel(artifact) ?? 'current';
      const uri = vscode.Uri.from({ scheme: ARTIFACT_SCHEME, path: `/${artifact.id}/${version}/${name}` });
      this.texts.delete(uri.toString());
      this.texts.set(uri.toString(), await fsp.readFile(file, 'utf8'));
      for (const old of [...this.texts.keys()].slice(0, Math.max(0, this.texts.size - MAX_DOCUMENTS))) this.texts.delete(old);
      this.changed.fire(uri);
      return { uri, version };
    } finally {
      await fsp.rm(folder, { recursive: true, force: true });
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
