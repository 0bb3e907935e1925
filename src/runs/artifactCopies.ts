// Which artifacts were downloaded where, and of which version: what the Agents view's rows need
// to say "downloaded" or "newer version in Gumloop", and what Compare with Workspace Copy
// compares. Persisted through a small storage interface (workspaceState in the extension), capped
// so it cannot grow without end. Pure: no vscode import.
import type { LocalArtifactVersion } from '../gumloop/artifactVersions';

export interface ArtifactCopy extends LocalArtifactVersion {
  agentId: string;
  /** Absolute path of the file written. */
  path: string;
  downloadedAt: number;
}

export interface ArtifactCopiesStorage {
  get(): unknown;
  set(copies: ArtifactCopy[]): PromiseLike<void>;
}

/** The newest copies kept; older records are forgotten (the files stay). */
export const MAX_ARTIFACT_COPIES = 5000;

export class ArtifactCopies {
  private readonly byId = new Map<string, ArtifactCopy>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: ArtifactCopiesStorage) {
    for (const copy of parseCopies(storage.get())) this.byId.set(copy.artifactId, copy);
  }

  get(artifactId: string): ArtifactCopy | undefined {
    return this.byId.get(artifactId);
  }

  async record(copies: readonly ArtifactCopy[]): Promise<void> {
    for (const copy of copies) {
      this.byId.delete(copy.artifactId);
      this.byId.set(copy.artifactId, copy);
    }
    const all = [...this.byId.values()];
    for (const old of all.slice(0, Math.max(0, all.length - MAX_ARTIFACT_COPIES))) this.byId.delete(old.artifactId);
    await this.storage.set([...this.byId.values()]);
    for (const listener of this.listeners) listener();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

/** What storage held, keeping only well-formed records (it may be from another version). */
export function parseCopies(raw: unknown): ArtifactCopy[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (item): item is ArtifactCopy =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as ArtifactCopy).artifactId === 'string' &&
      typeof (item as ArtifactCopy).agentId === 'string' &&
      typeof (item as ArtifactCopy).path === 'string' &&
      typeof (item as ArtifactCopy).downloadedAt === 'number',
  );
}
