// Decides, from the central directory alone, whether an archive may be extracted, and where
// each entry goes. Any refusal names the entry and happens before anything is written.
import { GumloopError } from '../errors';
import { gitComponentsRefusal } from '../gitPath';
import { cleanLine } from '../sanitize';
import { shortName } from '../text';
import { formatBytes, type ArchiveLimits } from './limits';
import type { ZipEntry } from './zipIndex';

export interface PlannedFile {
  entry: ZipEntry;
  /** Normalised relative path with `/` separators. */
  path: string;
}

export interface ArchivePlan {
  files: PlannedFile[];
  /** Every folder the archive creates, explicit or implied, relative, `/`-separated. */
  folders: string[];
  /** Folders the archive lists as entries of their own (so empty ones are created too). */
  directories: string[];
  totalBytes: number;
}

const S_IFMT = 0o170000;
const FILE_TYPES: Record<number, string | undefined> = {
  0o010000: 'a FIFO (named pipe)',
  0o020000: 'a character device',
  0o060000: 'a block device',
  0o120000: 'a symbolic link',
  0o140000: 'a socket',
};
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const UNIX_HOSTS = new Set([3 /* Unix */, 19 /* macOS */]);
const DOS_DIRECTORY = 0x10;
const SUPPORTED_METHODS = new Set([0, 8]);
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

function refuse(entryName: string, reason: string): GumloopError {
  const shown = shortName(cleanLine(JSON.stringify(entryName).slice(1, -1)));
  return new GumloopError('unsafe-archive', `The archive was refused: entry “${shown}” ${reason}. Nothing was written. Ask the flow's owner to check the files it produces.`, { entry: entryName });
}

/**
 * A name the checks below would return unchanged, told by one scan: segments of allowed
 * characters (no `/`, `\`, `:`, control character or character HFS+ ignores) that do not start
 * with a dot (so no `.`, `..` or `.git`), joined by single slashes. With no "git" anywhere in it,
 * no segment can be one git refuses. Windows has rules of its own, so it always takes the long way.
 * At 100,000 entries the long way's splitting and joining cost most of the archive's checks.
 */
const NOT_PLAIN = String.raw`/\\:\u0000-\u001f\u007f-\u009f\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff`;
const PLAIN_SEGMENT = `[^.${NOT_PLAIN}][^${NOT_PLAIN}]*`;
const PLAIN_NAME = new RegExp(`^${PLAIN_SEGMENT}(?:/${PLAIN_SEGMENT})*$`);
const MENTIONS_GIT = /git/i;

/** Normalises `\` to `/`, drops `.` and empty segments; refuses anything that could escape. */
export function normaliseEntryPath(name: string, platform: NodeJS.Platform = process.platform): string {
  if (platform !== 'win32' && PLAIN_NAME.test(name) && !MENTIONS_GIT.test(name)) return name;
  return checkedEntryPath(name, platform);
}

/** normaliseEntryPath the long way, every check in turn (exported for the test that both ways agree). */
export function checkedEntryPath(name: string, platform: NodeJS.Platform): string {
  if (name.length === 0) throw refuse(name, 'has an empty name');
  // C1 too: U+009B alone starts a terminal escape sequence wherever the name is printed.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) throw refuse(name, 'contains a NUL or control character');
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('//')) throw refuse(name, 'is a UNC network path');
  if (slashed.startsWith('/')) throw refuse(name, 'is an absolute path');
  if (/^[a-zA-Z]:/.test(slashed)) throw refuse(name, 'starts with a drive letter');
  const segments = slashed.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw refuse(name, 'climbs out of the destination with “..”');
  if (segments.length === 0) throw refuse(name, 'has no usable path');
  // On every platform: the archive may be unpacked into a git checkout, or copied to Windows or macOS later.
  const gitRefusal = gitComponentsRefusal(segments);
  if (gitRefusal) throw refuse(name, gitRefusal);
  if (platform === 'win32') {
    for (const segment of segments) {
      if (/[<>:"|?*]/.test(segment)) throw refuse(name, 'has a character Windows cannot store in a file name');
      if (/[. ]$/.test(segment)) throw refuse(name, 'has a name ending in a dot or space, which Windows changes');
      if (WINDOWS_RESERVED.test(segment)) throw refuse(name, 'uses a name Windows reserves for devices');
    }
  }
  const normalised = segments.join('/');
  // The common case: the name was already clean. Keep the one string, not a copy per entry.
  return normalised === name ? name : normalised;
}

function isDirectoryEntry(entry: ZipEntry): boolean {
  const mode = UNIX_HOSTS.has(entry.versionMadeBy >> 8) ? entry.externalAttributes >>> 16 : 0;
  return entry.name.endsWith('/') || entry.name.endsWith('\\') || (mode & S_IFMT) === S_IFDIR || (entry.externalAttributes & DOS_DIRECTORY) !== 0;
}

function checkFileType(entry: ZipEntry): void {
  // Some tools set Unix mode bits without declaring a Unix host: read them whenever present.
  const mode = entry.externalAttributes >>> 16;
  const type = mode & S_IFMT;
  if (type === 0 || type === S_IFREG || type === S_IFDIR) return;
  throw refuse(entry.name, `is ${FILE_TYPES[type] ?? `a special file (mode ${type.toString(8)})`}, not an ordinary file`);
}

/** Case-insensitive file systems (Windows, macOS) would merge names that differ only in case. */
function collisionKey(path: string, platform: NodeJS.Platform): string {
  return platform === 'win32' || platform === 'darwin' ? path.normalize('NFC').toLowerCase() : path;
}

export function planArchive(entries: ZipEntry[], limits: ArchiveLimits, platform: NodeJS.Platform = process.platform): ArchivePlan {
  if (entries.length > limits.maxEntries) {
    throw new GumloopError('archive-limit', `The archive has ${entries.length.toLocaleString('en-US')} entries, more than the limit of ${limits.maxEntries.toLocaleString('en-US')}. Download fewer files at a time.`);
  }
  const files: PlannedFile[] = [];
  const fileKeys = new Set<string>();
  // Only to name a file in a refusal: the keys hold no names.
  const fileNameWithKey = (key: string) => files.find((file) => collisionKey(file.path, platform) === key)!.entry.name;
  const folders = new Map<string, string>();
  const directories = new Map<string, string>();
  let totalBytes = 0;
  let lastParent = '';
  for (const entry of entries) {
    const path = normaliseEntryPath(entry.name, platform);
    checkFileType(entry);
    if (entry.flags & 0x1) throw refuse(entry.name, 'is encrypted, which is not supported');
    const directory = isDirectoryEntry(entry);
    if (!directory && !SUPPORTED_METHODS.has(entry.method)) {
      throw refuse(entry.name, `uses compression method ${entry.method}; only stored and deflated entries are supported`);
    }
    const key = collisionKey(path, platform);
    // Archives list a folder's files together: the same folder as the entry before has all its
    // folders known already (100,000 entries made 200,000 folder strings to look up otherwise).
    const parentEnd = directory ? path.length : Math.max(0, path.lastIndexOf('/'));
    if (parentEnd !== lastParent.length || !path.startsWith(lastParent)) {
      const segments = path.split('/');
      const parents = directory ? segments.length : segments.length - 1;
      for (let depth = 1; depth <= parents; depth++) {
        const folder = segments.slice(0, depth).join('/');
        folders.set(collisionKey(folder, platform), folder);
      }
      lastParent = path.slice(0, parentEnd);
    }
    if (directory) {
      directories.set(key, path);
      continue;
    }
    // One hash lookup per file, not two: a key already there leaves the size as it was.
    const known = fileKeys.size;
    if (fileKeys.add(key).size === known) throw refuse(entry.name, `duplicates another entry (“${shortName(fileNameWithKey(key))}”)`);
    totalBytes += entry.uncompressedSize;
    if (totalBytes > limits.maxTotalBytes) {
      throw new GumloopError('archive-limit', `The archive would unpack to more than ${formatBytes(limits.maxTotalBytes)} (the limit), reached at entry “${shortName(entry.name)}”. Download fewer files at a time, or raise the size limit.`, { entry: entry.name });
    }
    files.push({ entry, path });
  }
  // Folders are far fewer than files: look each folder up among the files, not the other way round.
  for (const key of folders.keys()) {
    if (fileKeys.has(key)) throw refuse(fileNameWithKey(key), 'is a file, but other entries use the same path as a folder');
  }
  return { files, folders: [...folders.values()], directories: [...directories.values()], totalBytes };
}
