// File names for artifacts. An artifact's `filename` comes from the server and is untrusted: it
// becomes exactly one path component — no separators, no `..`, no control or bidi characters
// (src/sanitize), nothing git refuses (src/gitPath), nothing Windows cannot store, at most
// MAX_NAME_BYTES — and two artifacts that would share a name in one folder get `name (2).ext`,
// `name (3).ext`, … in list order, reported as renamed rather than one overwriting the other. Pure.
import { keepBothName } from '../archive/conflicts';
import { gitComponentRefusal } from '../gitPath';
import { cleanText } from '../sanitize';

/** Bytes (UTF-8) a name may have: under the 255 most file systems allow, leaving room for ` (12)`. */
export const MAX_NAME_BYTES = 200;

const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Characters that would show one name as another, or hide part of it. */
const INVISIBLE = /[\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

export interface SafeName {
  name: string;
  /** Why the server's name was changed, in words; undefined when it was used as sent. */
  changed?: string;
}

/**
 * One safe path component for an artifact; `fallback` (e.g. `artifact-<id>`) when nothing usable
 * is left of `raw`. Never throws: a hostile name is made harmless, and the change is said.
 */
export function safeArtifactName(raw: string | undefined, fallback: string): SafeName {
  if (raw === undefined || raw === '') return { name: fallback, changed: 'it had no name' };
  const reasons: string[] = [];
  let name = cleanText(raw).replace(/[\n\t]/g, ' ').replace(INVISIBLE, '');
  if (name !== raw) reasons.push('control or invisible characters removed');
  if (/[/\\]/.test(name)) {
    // `a/b.txt` → `a_b.txt`: the name stays readable, and stays one component.
    name = name.replace(/[/\\]+/g, '_');
    reasons.push('folder separators replaced');
  }
  if (WINDOWS_FORBIDDEN.test(name)) {
    name = name.replace(WINDOWS_FORBIDDEN, '_');
    reasons.push('characters Windows cannot store replaced');
  }
  const trimmed = name.replace(/^\s+/, '').replace(/[. ]+$/, '');
  if (trimmed !== name) {
    name = trimmed;
    reasons.push('leading spaces and trailing dots or spaces removed');
  }
  if (name === '' || /^\.+$/.test(name) || /^_*$/.test(name)) return { name: fallback, changed: 'nothing usable was left of its name' };
  if (WINDOWS_RESERVED.test(name) || gitComponentRefusal(name) !== undefined || name.startsWith('..')) {
    name = `_${name}`;
    reasons.push(gitComponentRefusal(name.slice(1)) ? 'a name git refuses' : 'a reserved name');
  }
  const bounded = boundLength(name);
  if (bounded !== name) {
    name = bounded;
    reasons.push(`shortened to ${MAX_NAME_BYTES} bytes`);
  }
  return reasons.length ? { name, changed: reasons.join('; ') } : { name };
}

/** Cuts the stem (never the extension, if it is short) so the UTF-8 name fits, without splitting a character. */
function boundLength(name: string): string {
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && Buffer.byteLength(name.slice(dot)) <= 16 ? name.slice(dot) : '';
  let stem = '';
  const budget = MAX_NAME_BYTES - Buffer.byteLength(ext);
  for (const char of name.slice(0, name.length - ext.length)) {
    if (Buffer.byteLength(stem + char) > budget) break;
    stem += char;
  }
  return `${stem.replace(/[. ]+$/, '')}${ext}`;
}

export interface NamedArtifact {
  /** The artifact id. */
  id: string;
  name: string;
  /** The safe name before a clash made it unique. */
  clashedWith?: string;
  /** Why the server's name was changed (safeArtifactName), if it was. */
  changed?: string;
}

/**
 * Safe, unique names for artifacts going into one folder, in the order given. Names that differ
 * only in case or Unicode form count as one (they are one file on Windows and macOS).
 */
export function artifactFileNames(artifacts: readonly { id: string; filename?: string }[]): NamedArtifact[] {
  const taken = new Set<string>();
  const key = (name: string) => name.normalize('NFC').toLowerCase();
  return artifacts.map((artifact) => {
    const safe = safeArtifactName(artifact.filename, `artifact-${artifact.id}`);
    let name = safe.name;
    let clashedWith: string | undefined;
    for (let attempt = 2; taken.has(key(name)); attempt++) {
      clashedWith = safe.name;
      name = keepBothName(safe.name, attempt);
    }
    taken.add(key(name));
    return { id: artifact.id, name, ...(clashedWith ? { clashedWith } : {}), ...(safe.changed ? { changed: safe.changed } : {}) };
  });
}
