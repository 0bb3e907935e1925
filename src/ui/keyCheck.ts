// What the user hears after Set API Key: the key is saved either way, and then checked with one
// cheap authenticated request (get_pl_run of a run that cannot exist). Gumloop checks the key before
// the run, so 404 means the key and user ID were accepted, 401 the key was refused, 403 it belongs to
// another user. Anything else (offline, 5xx, an OAuth token with no scope) leaves it unchecked.
import type { ErrorCode } from '../errors';

/** A run ID no real run has (valid characters, so the request itself is well-formed). */
export const KEY_CHECK_RUN_ID = 'gumloop-files-key-check-0';

export type KeyVerdict =
  | { kind: 'accepted'; message: string }
  | { kind: 'rejected'; message: string; fix: 'setApiKey' | 'setUserId' }
  | { kind: 'unchecked'; message: string };

/** `outcome`: undefined when the request succeeded, else the error's code and message. */
export function keyVerdict(outcome: { code: ErrorCode; message: string } | undefined, userId: string | undefined): KeyVerdict {
  if (!outcome || outcome.code === 'not-found') return { kind: 'accepted', message: 'Gumloop API key saved and accepted by Gumloop.' };
  switch (outcome.code) {
    case 'unauthorized':
      return { kind: 'rejected', fix: 'setApiKey', message: 'Gumloop API key saved, but Gumloop did not accept it (401). Check that you copied the whole key, or create a new one in Gumloop → Settings → API keys.' };
    case 'forbidden':
      return { kind: 'rejected', fix: 'setUserId', message: `Gumloop API key saved, but it does not belong to user “${userId ?? ''}” (403). Check the user ID.` };
    case 'network':
    case 'timeout':
      return { kind: 'unchecked', message: 'Gumloop API key saved, but not checked: couldn’t reach Gumloop. It will be checked on the first download.' };
    case 'cancelled':
      return { kind: 'unchecked', message: 'Gumloop API key saved (not checked).' };
    default:
      return { kind: 'unchecked', message: `Gumloop API key saved, but not checked: ${outcome.message}` };
  }
}

/** The log's line about the check: the expected 404 is the good answer, so it must not read like an error. */
export function keyCheckLogLine(outcome: { code: ErrorCode; message: string } | undefined): string {
  if (!outcome) return 'Key check: key accepted';
  if (outcome.code === 'not-found') return `Key check: key accepted (the probe run ${KEY_CHECK_RUN_ID} does not exist, as expected)`;
  return `Key check: ${outcome.message}`;
}
