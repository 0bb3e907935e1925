// Is the workspace copy of an artifact older than its current version? Pure: compares what was
// recorded when the file was downloaded with what the list says now. The list documents only the
// latest version (`version_id`, `major_version`), so this never guesses other versions' ids.
import type { Artifact } from './agents';

/** What was downloaded: recorded beside the file by whoever keeps the history. */
export interface LocalArtifactVersion {
  artifactId: string;
  versionId?: string;
  majorVersion?: number;
}

export type VersionStatus =
  /** Never downloaded (no record). */
  | 'not-downloaded'
  /** The copy is of the current version. */
  | 'current'
  /** Gumloop has a newer version than the copy. */
  | 'newer'
  /** Cannot tell: neither side names a version the other can be compared with. */
  | 'unknown';

export function versionStatus(local: LocalArtifactVersion | undefined, current: Pick<Artifact, 'id' | 'versionId' | 'majorVersion'>): VersionStatus {
  if (!local || local.artifactId !== current.id) return 'not-downloaded';
  if (local.versionId !== undefined && current.versionId !== undefined) {
    if (local.versionId === current.versionId) return 'current';
    // A different id: newer, unless the numbers say the list went back (a restored version is still "not ours").
    if (local.majorVersion !== undefined && current.majorVersion !== undefined && current.majorVersion < local.majorVersion) return 'unknown';
    return 'newer';
  }
  if (local.majorVersion !== undefined && current.majorVersion !== undefined) return current.majorVersion > local.majorVersion ? 'newer' : 'current';
  return 'unknown';
}
