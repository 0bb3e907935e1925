// One error type for everything the core can report. `message` is what a person reads: it says
// what went wrong and what to do next. `cause` keeps the technical detail for the log.
// No code path puts the API key into either.

export type ErrorCode =
  | 'invalid-input'
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'server-error'
  | 'network'
  | 'timeout'
  | 'invalid-response'
  | 'unsafe-archive'
  | 'archive-limit'
  | 'corrupt-archive'
  | 'conflict'
  | 'missing-files'
  | 'filesystem'
  | 'cancelled';

export interface GumloopErrorDetails {
  cause?: unknown;
  /** HTTP status, when the error came from the API. */
  status?: number;
  /** Server-requested wait before retrying (429). */
  retryAfterMs?: number;
  /** The archive entry that was refused. */
  entry?: string;
  /** Paths that already exist in the destination (conflict). */
  paths?: string[];
}

export class GumloopError extends Error {
  override readonly name = 'GumloopError';
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly entry?: string;
  readonly paths?: string[];

  constructor(
    readonly code: ErrorCode,
    message: string,
    details: GumloopErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.entry = details.entry;
    this.paths = details.paths;
  }
}

export function isGumloopError(error: unknown, code?: ErrorCode): error is GumloopError {
  return error instanceof GumloopError && (code === undefined || error.code === code);
}

export function cancelledError(): GumloopError {
  return new GumloopError('cancelled', 'The download was cancelled. Nothing was written.');
}

/** Throws the cancellation error when the signal has fired; call between steps of long work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/** Replaces every occurrence of each secret in `text`; used on every log line and error text. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('«redacted»');
  }
  return out;
}
