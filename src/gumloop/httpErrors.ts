// Turns HTTP answers and transport failures into GumloopErrors whose text says what to do next.
import { DISK_FULL_ADVICE, GumloopError, abortError, redact } from '../errors';
import { cleanLine } from '../sanitize';
import { parseRetryAfter } from './retry';

export interface RequestContext {
  baseUrl: string;
  runId?: string;
  /** What a 404 did not find, e.g. `Flow “abc”`; defaults to the run and its files. */
  subject?: string;
  userId?: string;
  projectId?: string;
  requestTimeoutMs: number;
  /** The key: a server that echoes it in an error body must not put it into our message. */
  secrets?: readonly string[];
}

/**
 * Reads `{"error": "…"}` (or a short plain-text body) from an error response, as one clean line
 * without `secrets`. In this order: cleaned (it is shown in terminals, notifications and the
 * log), then redacted (an escape code inside an echoed key must not hide it from redaction),
 * then cut to length (so no part of a key survives the cut).
 */
export function serverErrorText(body: string, secrets: readonly string[] = []): string | undefined {
  const text = rawErrorText(body);
  if (text === undefined) return undefined;
  return redact(cleanLine(text), secrets).trim().slice(0, 300) || undefined;
}

function rawErrorText(body: string): string | undefined {
  const trimmed = body.trim();
  if (!trimmed) return undefined;
  try {
    const parsed = JSON.parse(trimmed) as { error?: unknown; message?: unknown; detail?: unknown };
    const text = parsed.error ?? parsed.message ?? parsed.detail;
    if (typeof text === 'string' && text.trim()) return text;
  } catch {
    // Not JSON: fall through to the plain text.
  }
  return trimmed.startsWith('<') ? undefined : trimmed;
}

export function errorForStatus(
  status: number,
  body: string,
  headers: Record<string, string | string[] | undefined>,
  context: RequestContext,
): GumloopError {
  const said = serverErrorText(body, context.secrets);
  const saying = said ? ` Gumloop said: “${said}”.` : '';
  const scope = context.projectId ? `project “${context.projectId}”` : `user “${context.userId ?? '(none)'}”`;
  switch (status) {
    case 400:
      return new GumloopError('bad-request', `Gumloop rejected the request as incomplete (400).${saying} Check the run ID, the file names and the user or project ID.`, { status });
    case 401:
      return new GumloopError('unauthorized', `Gumloop did not accept the API key (401).${saying} Set a valid API key; a personal key also needs your user ID.`, { status });
    case 403:
      return new GumloopError('forbidden', `The API key does not match ${scope} (403).${saying} Check the user ID (or project ID), or use a key that belongs to it.`, { status });
    case 404:
      if (context.subject) {
        return new GumloopError('not-found', `${context.subject} was not found for ${scope} (404).${saying} Check the ID and that it belongs to this user or project.`, { status });
      }
      return new GumloopError('not-found', `Run “${context.runId ?? ''}” or its files were not found for ${scope} (404).${saying} Check the run ID and that it belongs to this user or project.`, { status });
    case 429: {
      const retryAfterMs = parseRetryAfter(headers['retry-after']);
      const wait = retryAfterMs === undefined ? 'in a moment' : `in ${Math.ceil(retryAfterMs / 1000)} s`;
      return new GumloopError('rate-limited', `Gumloop is limiting requests (429). Try again ${wait}.`, { status, retryAfterMs });
    }
    default:
      if (status >= 500) {
        return new GumloopError('server-error', `Gumloop could not serve the files (${status}).${saying} Try again later; if it keeps failing, check the run in Gumloop.`, { status });
      }
      return new GumloopError('invalid-response', `Gumloop answered with an unexpected status ${status}.${saying} Check the base URL setting.`, { status });
  }
}

/** The extension's words for the remedy; the CLI says its flag instead (cli/hints.ts). */
export const RAISE_REQUEST_TIMEOUT = 'raise the request timeout setting';

/** A JSON request that did not finish within the request timeout (its total time limit). */
export function requestTimedOut(context: RequestContext): GumloopError {
  const seconds = Math.round(context.requestTimeoutMs / 1000);
  return new GumloopError('timeout', `Gumloop at ${safeHost(context.baseUrl)} did not finish answering within ${seconds} s. Check your connection, or ${RAISE_REQUEST_TIMEOUT}.`);
}

export const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Maps an exception from undici or the file system during a request. */
export function errorForTransport(error: unknown, context: RequestContext, signal?: AbortSignal): GumloopError {
  if (error instanceof GumloopError) return error;
  // A time limit or a deadline is not the user's cancel: abortError tells them apart.
  if (signal?.aborted) return abortError(signal);
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const host = safeHost(context.baseUrl);
  if (TIMEOUT_CODES.has(code)) {
    const seconds = Math.round(context.requestTimeoutMs / 1000);
    const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'accept a connection' : `send data for ${seconds} s`;
    return new GumloopError('timeout', `Gumloop at ${host} did not ${what}. Check your connection, or ${RAISE_REQUEST_TIMEOUT}.`, { cause: error });
  }
  if (code === 'ENOSPC') {
    return new GumloopError('filesystem', `${DISK_FULL_ADVICE} Nothing was written.`, { cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new GumloopError('filesystem', `The destination folder cannot be written (${code}). Choose another folder or fix its permissions.`, { cause: error });
  }
  const reason = code ? ` (${code})` : '';
  return new GumloopError('network', `Couldn’t reach Gumloop at ${host}${reason}. Check your network connection, the proxy settings and the base URL.`, { cause: error });
}

function safeHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
