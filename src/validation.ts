// Input checks shared by the palette prompts, deep links and the CLI. Pure: no vscode import.
import { gitPathRefusal } from './gitPath';
import { cleanLine } from './sanitize';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Gumloop run IDs are short URL-safe tokens; also accept a pasted run URL and take its ID. */
export function validateRunId(input: string): Parsed<string> {
  let text = input.trim();
  const fromUrl = /[?&]run_id=([^&#\s]+)/.exec(text);
  if (fromUrl) {
    try {
      text = decodeURIComponent(fromUrl[1]);
    } catch {
      return { ok: false, reason: 'The run ID in that link is not valid; copy the run ID itself' };
    }
  }
  if (!text) return { ok: false, reason: 'Enter a run ID (find it in the run’s URL or history in Gumloop)' };
  if (!/^[A-Za-z0-9_-]{4,128}$/.test(text)) {
    return { ok: false, reason: 'A run ID has 4 to 128 letters, digits, “-” or “_”, with no spaces' };
  }
  return { ok: true, value: text };
}

/** Splits on commas and newlines, trims, drops empties and duplicates. */
export function parseFileNames(input: string): Parsed<string[]> {
  return checkFileNames(input.split(/[,\n\r]+/), 'Enter at least one file name, e.g. report.csv (separate several with commas)');
}

/** One name per line (a `--files-from` file): names may hold commas; blank lines are ignored. */
export function parseFileNameLines(input: string): Parsed<string[]> {
  return checkFileNames(input.split(/\r?\n/), 'The list holds no file names (one per line)');
}

function checkFileNames(raw: readonly string[], none: string): Parsed<string[]> {
  const names = [...new Set(raw.map((name) => name.trim()).filter(Boolean))];
  if (names.length === 0) return { ok: false, reason: none };
  const bad = names.find((name) => /[\u0000-\u001f\u007f-\u009f]/.test(name) || name.length > 1024);
  if (bad !== undefined) return { ok: false, reason: `“${cleanLine(bad.slice(0, 40))}” is not a valid file name` };
  // The same rule the extractor applies to the archive: asking cannot make such a file safe to write.
  for (const name of names) {
    const why = gitPathRefusal(name);
    if (why) return { ok: false, reason: `“${cleanLine(name.slice(0, 40))}” ${why}. Such a file is never downloaded` };
  }
  return { ok: true, value: names };
}

/** API keys and OAuth tokens: one line of printable ASCII, no spaces, of a plausible length. */
export function validateApiKey(input: string): Parsed<string> {
  const key = input.trim().replace(/^Bearer\s+/i, '');
  if (!key) return { ok: false, reason: 'Paste your Gumloop API key (Gumloop → Settings → API keys)' };
  if (/\s/.test(key)) return { ok: false, reason: 'An API key has no spaces or line breaks' };
  if (!/^[\x21-\x7e]+$/.test(key)) return { ok: false, reason: 'An API key has only letters, digits and punctuation' };
  if (key.length < 16) return { ok: false, reason: 'That is too short for a Gumloop API key (at least 16 characters)' };
  if (key.length > 4096) return { ok: false, reason: 'That is too long for a Gumloop API key' };
  return { ok: true, value: key };
}

/**
 * The one rule for the IDs the agents API hands out (agent, session, artifact, team) and for IDs read
 * from any answer: opaque, so any printable ASCII without spaces, at most 256 characters. Whatever a
 * listing returned is accepted back, and nothing that could carry controls or bidi overrides is.
 */
export function isApiId(value: string): boolean {
  return /^[\x21-\x7e]{1,256}$/.test(value);
}

/** An agents-API ID as typed (see isApiId), trimmed. */
export function validateApiId(input: string, what: string): Parsed<string> {
  const id = input.trim();
  if (!id) return { ok: false, reason: `Enter the ${what}` };
  if (!isApiId(id)) return { ok: false, reason: `A ${what} has only printable characters, no spaces, at most 256` };
  return { ok: true, value: id };
}

/** User, project and saved-item IDs. */
export function validateId(input: string, what: string): Parsed<string> {
  const id = input.trim();
  if (!id) return { ok: false, reason: `Enter your Gumloop ${what}` };
  if (!/^[A-Za-z0-9_.@:-]{1,128}$/.test(id)) return { ok: false, reason: `A ${what} has only letters, digits and “-_.@:”, with no spaces` };
  return { ok: true, value: id };
}

/**
 * The API base URL (--base-url, GUMLOOP_BASE_URL, gumloop.baseUrl): an absolute http: or https: URL.
 * Anything else used to be sent and fail as "could not reach Gumloop", retried as a network fault.
 */
export function validateBaseUrl(input: string): Parsed<string> {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `“${text.slice(0, 80)}” is not a URL: give an absolute http:// or https:// URL, e.g. https://api.gumloop.com/api/v1` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `“${text.slice(0, 80)}” is a ${url.protocol} URL: give an http:// or https:// URL` };
  if (url.username || url.password) return { ok: false, reason: 'The base URL must not contain a user name or password' };
  return { ok: true, value: text };
}
