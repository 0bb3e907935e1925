// The message after a download: what was written where, and what happened to files that already
// existed (replaced, kept both, skipped), to names the run did not have and to entries nobody
// asked for. Pure, unit-tested.
import { notRequestedMessage } from '../archive/requested';
import { cleanLine } from '../sanitize';

export interface SummaryInput {
  runId: string;
  /** Written paths, renamed ones under their new name. */
  written: readonly string[];
  overwritten: readonly string[];
  skipped: readonly string[];
  /** Every path the archive held: a written path not among them was renamed (Keep Both). */
  archiveFiles: readonly string[];
  /** Folders the archive listed that this download created (relative, no trailing slash). */
  folders?: readonly string[];
  /** Requested names the run did not have (said here once, never stored). */
  missing: readonly string[];
  /** Archive entries nobody asked for, which were not written. */
  notRequested?: readonly string[];
  /** Relative to the workspace when inside it, else the absolute folder. */
  destinationLabel: string;
}

export interface DownloadSummary {
  message: string;
  severity: 'info' | 'warning';
  renamed: string[];
}

/** Names are listed when this few; beyond, only counted. */
export const MAX_NAMES_LISTED = 3;

export function downloadSummary(input: SummaryInput): DownloadSummary {
  const inArchive = new Set(input.archiveFiles);
  const renamed = input.written.filter((file) => !inArchive.has(file));
  const count = input.written.length;
  // Folders the archive lists with nothing written under them: empty ones, otherwise unseen.
  const empty = (input.folders ?? []).filter((folder) => !input.written.some((file) => file.startsWith(`${folder}/`)));
  const what = count === 0 && empty.length ? `${empty.length} empty folder${empty.length === 1 ? '' : 's'}` : `${count} file${count === 1 ? '' : 's'}`;
  const head = `Downloaded ${what} from run ${input.runId} to ${input.destinationLabel}.`;
  const parts: string[] = [];
  if (count > 0 && empty.length) parts.push(`Also created ${listed(empty.map((folder) => `${folder}/`), 'empty folder')}`);
  if (input.overwritten.length) parts.push(`Replaced ${listed(input.overwritten, 'existing file')}`);
  if (renamed.length) parts.push(`Kept both: saved ${renamed.length <= MAX_NAMES_LISTED ? `as ${renamed.map(quote).join(', ')}` : `${renamed.length} files with a number added`}`);
  if (input.skipped.length) parts.push(`Skipped ${listed(input.skipped, 'existing file')} (kept yours)`);
  if (input.missing.length) parts.push(`The run has no ${input.missing.map(quote).join(', ')}: check the names in the run's outputs`);
  const notRequested = notRequestedMessage(input.notRequested ?? []);
  return {
    message: [head, ...parts.map((part) => `${part}.`), ...(notRequested ? [notRequested] : [])].join(' '),
    severity: input.missing.length || notRequested ? 'warning' : 'info',
    renamed,
  };
}

function listed(names: readonly string[], noun: string): string {
  if (names.length <= MAX_NAMES_LISTED) return names.map(quote).join(', ');
  return `${names.length} ${noun}s`;
}

/** Names come from the run's outputs and archive: shown cleaned, kept as they are on disk. */
function quote(name: string): string {
  return `“${cleanLine(name)}”`;
}
