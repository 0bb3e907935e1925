// Fetching an artifact's signed download URL: a URL on another host (cloud storage) whose query
// signature is the credential. So: only http(s); never Gumloop's Authorization or x-auth-key
// (the request is built here from nothing but a user-agent); the same proxy and timeouts as every
// call (the client's dispatcher); the bytes checked against the declared size and the size limit;
// and the URL never whole in a message, a log line or an error's cause — only its origin and
// path (redactUrl). Transient faults (5xx, 429, dropped connections) are retried like API calls.
import { DISK_FULL_ADVICE, GumloopError, abortError, throwIfAborted } from '../errors';
import { formatBytes } from '../archive/limits';
import { followSignal } from './timeLimit';
import { TIMEOUT_CODES } from './httpErrors';
import { parseRetryAfter, withRetries, type RetryPolicy } from './retry';
import type { RequestOptions, ResponseData } from './undici';

/** `https://host/path?…` without the query, the fragment or any user:password; never throws. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = parsed.search || parsed.hash ? '?…' : '';
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${hidden}`;
  } catch {
    return '(a link that is not a URL)';
  }
}

/** The URL when it may be fetched (http or https), else the error that says why not. */
export function checkSignedUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GumloopError('invalid-response', `Gumloop answered a download link for ${what} that is not a URL. Nothing was fetched; try again, and report it with the Gumloop log if it persists.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    const scheme = parsed.protocol.replace(/[^a-z0-9+.-]/gi, '').slice(0, 20);
    throw new GumloopError('invalid-response', `Gumloop answered a download link for ${what} that is not http(s) (${scheme}:). Nothing was fetched: only web links are followed.`);
  }
  if (parsed.username || parsed.password) {
    throw new GumloopError('invalid-response', `Gumloop answered a download link for ${what} that carries a user name or password. Nothing was fetched.`);
  }
  return parsed;
}

export interface SignedFetchOptions {
  /** What is fetched, for messages, e.g. `artifact “report.md”` (already clean). */
  what: string;
  /** The size Gumloop declared: the bytes must match it exactly. */
  expectedBytes?: number;
  /** The most bytes accepted (the download's size limit). */
  maxBytes?: number;
  signal?: AbortSignal;
  onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void;
}

export interface SignedFetchDeps {
  request(url: string, options: RequestOptions): Promise<ResponseData>;
  saveBody(body: ResponseData['body'], file: string, onBytes: (receivedBytes: number) => void, signal?: AbortSignal): Promise<number>;
  requestTimeoutMs: number;
  userAgent: string;
  retry: RetryPolicy;
  onRetry?: (error: GumloopError, delayMs: number, attempt: number) => void;
}

const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);

/** Streams the signed URL's body into `file` (created or truncated); resolves with the byte count. */
export async function fetchSignedUrl(deps: SignedFetchDeps, url: string, file: string, options: SignedFetchOptions): Promise<number> {
  const parsed = checkSignedUrl(url, options.what);
  const shown = redactUrl(url);
  const host = parsed.host;
  const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
  if (options.expectedBytes !== undefined && options.expectedBytes > limit) throw tooBig(options.what, options.expectedBytes, limit);
  return withRetries(
    async () => {
      throwIfAborted(options.signal);
      // Our own controller, so an answer larger than declared or allowed is cut off at once.
      const { controller, release } = followSignal(options.signal);
      let stopped: GumloopError | undefined;
      const stop = (error: GumloopError) => {
        stopped ??= error;
        controller.abort(error);
      };
      try {
        // Headers are built here from nothing: no Gumloop credential can ride along.
        const response = await deps.request(url, { method: 'GET', headers: { 'user-agent': deps.userAgent, accept: '*/*' }, signal: controller.signal });
        if (response.statusCode !== 200) {
          discard(response.body);
          throw statusError(response.statusCode, response.headers['retry-after'], options.what, host);
        }
        const length = Number(response.headers['content-length']);
        const totalBytes = Number.isSafeInteger(length) && length >= 0 ? length : undefined;
        if (totalBytes !== undefined && options.expectedBytes !== undefined && totalBytes !== options.expectedBytes) {
          discard(response.body);
          throw sizeMismatch(options.what, options.expectedBytes, totalBytes);
        }
        if (totalBytes !== undefined && totalBytes > limit) {
          discard(response.body);
          throw tooBig(options.what, totalBytes, limit);
        }
        const received = await deps.saveBody(
          response.body,
          file,
          (bytes) => {
            if (options.expectedBytes !== undefined && bytes > options.expectedBytes) stop(sizeMismatch(options.what, options.expectedBytes, bytes, true));
            else if (bytes > limit) stop(tooBig(options.what, bytes, limit));
            else options.onProgress?.(bytes, totalBytes ?? options.expectedBytes);
          },
          controller.signal,
        );
        if (totalBytes !== undefined && received !== totalBytes) {
          throw new GumloopError('network', `The download of ${options.what} from ${host} ended early (${received} of ${totalBytes} bytes). Try again.`, { cause: { code: 'ECONNRESET' } });
        }
        if (options.expectedBytes !== undefined && received !== options.expectedBytes) throw sizeMismatch(options.what, options.expectedBytes, received);
        return received;
      } catch (error) {
        if (stopped) throw stopped;
        throw transportError(error, options, host);
      } finally {
        release();
      }
    },
    deps.retry,
    options.signal,
    deps.onRetry,
  ).catch((error: unknown) => {
    // Last line of defence: whatever went wrong, its message must not carry the signed query.
    if (error instanceof GumloopError && error.message.includes(url)) throw new GumloopError(error.code, error.message.split(url).join(shown), { status: error.status });
    throw error;
  });
}

function tooBig(what: string, bytes: number, limit: number): GumloopError {
  return new GumloopError('archive-limit', `${capitalise(what)} is ${formatBytes(bytes)} or more, above the size limit of ${formatBytes(limit)}. Nothing was written. Raise the size limit, or download it in Gumloop.`);
}

function sizeMismatch(what: string, declared: number, received: number, more = false): GumloopError {
  return new GumloopError('invalid-response', `${capitalise(what)} was declared as ${declared} bytes, but the storage host sent ${more ? 'more than that' : `${received}`}. Nothing was written; try again, and report it with the Gumloop log if it persists.`);
}

function statusError(status: number, retryAfter: string | string[] | undefined, what: string, host: string): GumloopError {
  if (status === 429) return new GumloopError('rate-limited', `The storage host ${host} is limiting requests (429). Try again in a moment.`, { status, retryAfterMs: parseRetryAfter(retryAfter) });
  if (status >= 500) return new GumloopError('server-error', `The storage host ${host} could not serve ${what} (${status}). Try again later.`, { status });
  if (status === 400 || status === 401 || status === 403) {
    return new GumloopError('forbidden', `The storage host ${host} refused the download link for ${what} (${status}); it may have expired. Try again: a new link is asked for each time.`, { status });
  }
  if (status === 404 || status === 410) return new GumloopError('not-found', `The storage host ${host} no longer has ${what} (${status}). Refresh the list and try again.`, { status });
  return new GumloopError('invalid-response', `The storage host ${host} answered ${what} with an unexpected status ${status}. Try again later.`, { status });
}

/** undici's errors can name the URL they failed on: only the code is kept as the cause. */
function transportError(error: unknown, options: SignedFetchOptions, host: string): GumloopError {
  if (error instanceof GumloopError) return error;
  if (options.signal?.aborted) return abortError(options.signal);
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const cause = { code };
  if (TIMEOUT_CODES.has(code)) return new GumloopError('timeout', `The storage host ${host} did not answer in time for ${options.what}. Check your connection, or raise the request timeout.`, { cause });
  if (code === 'ENOSPC') return new GumloopError('filesystem', `${DISK_FULL_ADVICE} Nothing was written.`, { cause });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new GumloopError('filesystem', `The download folder cannot be written (${code}). Choose another folder or fix its permissions.`, { cause });
  // A reset is worth another try (retry.ts reads the cause's code).
  const reason = code ? ` (${code})` : '';
  return new GumloopError('network', `Couldn’t fetch ${options.what} from ${host}${reason}. Check your network connection and the proxy settings.`, { cause: RESET_CODES.has(code) ? cause : { code: code || 'unknown' } });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Drops a body we will not read; undici reports the drop as an error, which nobody needs to hear. */
function discard(body: ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}
