// Which of a checked archive's entries were asked for. Gumloop's download_files zips the files
// it was asked for, but its answer is input: an entry nobody asked for (a `.github/workflows`
// file, a script) is skipped and reported, never written. Pure.
import { cleanLine } from '../sanitize';
import { shortName } from '../text';
import { neededFolders } from './folders';
import type { ArchivePlan, PlannedFile } from './safety';

export interface RequestedNames {
  /** Whether an archive path (normalised, `/`-separated) was asked for. */
  wants(path: string): boolean;
  /** The requested names no path given to `wants` matched, in the order they were asked for. */
  unmatched(): string[];
}

/**
 * A path is wanted when it equals a requested name or lies under one (a folder name, with or
 * without its trailing `/`). Names are compared after the spelling the extractor normalises
 * away (`\` for `/`, `./`, doubled or leading and trailing slashes, Unicode composition), and exactly otherwise: a
 * name differing in case, or the same file name in another folder, is not what was asked for.
 */
export function requestedNames(requested: readonly string[]): RequestedNames {
  // Normalised name → the names as asked (two spellings of one name count as one).
  const asked = new Map<string, string[]>();
  for (const name of requested) {
    const key = normaliseName(name);
    if (key) asked.set(key, [...(asked.get(key) ?? []), name]);
  }
  const matched = new Set<string>();
  // Consecutive paths usually lie in one folder: its answer (and what it matched) is kept for the next.
  let lastFolder = '';
  let lastFolderWanted = false;
  return {
    wants(entryPath) {
      const path = composed(entryPath);
      const found = asked.has(path);
      if (found) matched.add(path);
      const folderEnd = path.lastIndexOf('/');
      if (folderEnd <= 0) return found;
      if (folderEnd === lastFolder.length && path.startsWith(lastFolder)) return found || lastFolderWanted;
      // Each folder above the path: a few lookups per folder, whatever the number of names.
      lastFolder = path.slice(0, folderEnd);
      lastFolderWanted = false;
      for (let end = folderEnd; end > 0; end = path.lastIndexOf('/', end - 1)) {
        const prefix = path.slice(0, end);
        if (asked.has(prefix)) {
          matched.add(prefix);
          lastFolderWanted = true;
        }
      }
      return found || lastFolderWanted;
    },
    unmatched: () => requested.filter((name) => !matched.has(normaliseName(name))),
  };
}

export interface RequestedPlan {
  /** The plan cut down to the requested files and listed folders. */
  plan: ArchivePlan;
  /** Archive paths (files and listed folders) nobody asked for: checked, never written. */
  notRequested: string[];
  /** Requested names the archive did not hold. */
  missing: string[];
}

/** Narrows a plan of the whole (already checked) archive to what was asked for. */
export function selectRequested(plan: ArchivePlan, requested: readonly string[]): RequestedPlan {
  const names = requestedNames(requested);
  const notRequested: string[] = [];
  const files: PlannedFile[] = [];
  for (const file of plan.files) {
    if (names.wants(file.path)) files.push(file);
    else notRequested.push(file.path);
  }
  // A listed folder that holds a requested file is created anyway: not worth a word.
  let parents: Set<string> | undefined;
  const holdsRequested = (folder: string) => (parents ??= new Set(neededFolders(files.map((file) => file.path), []))).has(folder);
  const directories: string[] = [];
  for (const folder of plan.directories) {
    if (names.wants(folder) || holdsRequested(folder)) directories.push(folder);
    else notRequested.push(`${folder}/`);
  }
  // Everything asked for (the usual case): the plan as it was, so no second list of 100,000 files stays alive.
  if (notRequested.length === 0) return { plan, notRequested, missing: names.unmatched() };
  const folders = neededFolders(files.map((file) => file.path), directories);
  const totalBytes = files.reduce((sum, file) => sum + file.entry.uncompressedSize, 0);
  return { plan: { files, folders, directories, totalBytes }, notRequested, missing: names.unmatched() };
}

function normaliseName(name: string): string {
  return composed(
    name
      .replace(/\\/g, '/')
      .split('/')
      .filter((segment) => segment !== '' && segment !== '.')
      .join('/'),
  );
}

/** One Unicode form (macOS writes names decomposed): `résumé` asked for finds `résumé` stored either way. */
function composed(text: string): string {
  return NOT_ASCII.test(text) ? text.normalize('NFC') : text;
}
const NOT_ASCII = /[^\u0000-\u007f]/;

/** How many unrequested names a message lists before it only counts. */
const NAMES_LISTED = 5;

/** The one line that says what the archive held beyond the request; empty when nothing. */
export function notRequestedMessage(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const shown = paths.slice(0, NAMES_LISTED).map((path) => shortName(cleanLine(path)));
  const more = paths.length > NAMES_LISTED ? ` and ${(paths.length - NAMES_LISTED).toLocaleString('en-US')} more` : '';
  const count = paths.length === 1 ? '1 entry' : `${paths.length.toLocaleString('en-US')} entries`;
  return `The archive also held ${count} you did not ask for; ${paths.length === 1 ? 'it was' : 'they were'} not written: ${shown.join(', ')}${more}.`;
}
