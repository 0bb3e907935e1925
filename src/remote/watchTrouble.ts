// What the server did while a wait's polls were failing, in words: the final message says
// "Gumloop answered 503 for the last 4 min", not "did not answer before the timeout". Pure.
import type { GumloopError } from '../errors';
import { formatDuration } from '../text';

/** What Gumloop did over `forMs`, given the last failure. */
export function troubleText(error: GumloopError, forMs: number): string {
  const during = `for the last ${formatDuration(forMs, { coarse: true })}`;
  if (error.status === 429) {
    const asked = error.retryAfterMs === undefined ? '' : `, asking to wait ${formatDuration(error.retryAfterMs, { coarse: true })}`;
    return `Gumloop answered 429 (too many requests) ${during}${asked}`;
  }
  if (error.status !== undefined) return `Gumloop answered ${error.status} ${during}`;
  if (error.code === 'invalid-response') {
    // parseRunInfo keeps JSON.parse's SyntaxError as the cause: an HTML page, a proxy's login page.
    const what = error.cause instanceof SyntaxError ? 'a page that is not JSON' : 'answers without a run state';
    return `Gumloop sent ${what} ${during}`;
  }
  if (error.code === 'timeout') return `Gumloop did not answer ${during}`;
  const code = (error.cause as { code?: string } | undefined)?.code;
  return `Gumloop could not be reached${code ? ` (${code})` : ''} ${during}`;
}

/** What to do about it, for a message that ends the wait. */
export function troubleAdvice(error: GumloopError | undefined): string {
  if (error?.code === 'invalid-response') return 'Check the base URL setting, then try again.';
  if (error?.code === 'rate-limited' || error?.code === 'server-error') return 'Try again later; if it keeps happening, check the run in Gumloop.';
  return 'Check your connection and try again.';
}
