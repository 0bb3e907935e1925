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
  /** A scratch folder that must not be deleted: it holds the user's original files. */
  preserve?: string;
  /** Trying the same command again would repeat something that must not happen twice (start a run). */
  notRetryable?: boolean;
}

export class GumloopError extends Error {
  override readonly name = 'GumloopError';
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly entry?: string;
  readonly paths?: string[];
  readonly preserve?: string;
  readonly notRetryable?: boolean;

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
    this.preserve = details.preserve;
    this.notRetryable = details.notRetryable;
  }
}

export function isGumloopError(error: unknown, code?: ErrorCode): error is GumloopError {
  return error instanceof GumloopError && (code === undefined || error.code === code);
}

export function cancelledError(): GumloopError {
  return new GumloopError('cancelled', 'The download was cancelled. Nothing was written.');
}

/**
 * Why an aborted signal stopped the work. A time limit or a wait's deadline aborts with its own
 * GumloopError ('timeout'), a bare AbortSignal.timeout with a TimeoutError: neither is the user's
 * cancel, so neither may read (or be logged) as one. Anything else is the user's cancel.
 */
export function abortError(signal: AbortSignal): GumloopError {
  const reason: unknown = signal.reason;
  if (reason instanceof GumloopError) return reason;
  if ((reason as { name?: string } | undefined)?.name === 'TimeoutError') {
    return new GumloopError('timeout', 'Gumloop did not answer in time. Check your connection and try again; if it keeps happening, raise the request timeout setting.', { cause: reason });
  }
  return cancelledError();
}

/** Throws why the signal fired (see abortError) when it has; call between steps of long work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** Replaces every occurrence of each secret in `text`; used on every log line and error text. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // includes() first: the CLI passes every line through here, some of them megabytes long.
    if (secret && secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('«redacted»');
  }
  return out;
}

/** ENOSPC means no room for data or for new files (inodes): the user cannot tell which from the code. */
export const DISK_FULL_ADVICE = 'The disk is full, or it has no room left for new files (its inodes are used up). Free some space or remove files you no longer need, and try again.';

const FILESYSTEM_ADVICE: Record<string, string> = {
  ENOSPC: DISK_FULL_ADVICE,
  EDQUOT: 'Your disk quota (of space or of files) is used up. Free some space or remove files you no longer need, and try again.',
  EXDEV: 'Part of the destination is on another disk (a mounted folder), and files cannot be moved across disks in one safe step. Download into a folder on a single disk.',
  EACCES: 'Permission denied. Choose another folder or fix its permissions.',
  EPERM: 'The operation was not permitted. If a file is open in another program, close it; otherwise check the folder\'s permissions.',
  EBUSY: 'A file is in use. Close it in other programs and try again.',
  EROFS: 'The folder is on a read-only disk. Choose another folder.',
  EEXIST: 'A file appeared while downloading, or two names differ only in case on a case-insensitive disk. Try again, or download into an empty folder.',
  ENAMETOOLONG: 'A path is too long for this system. Choose a folder with a shorter path.',
  EMFILE: 'Too many files are open. Close some programs and try again.',
  ENOENT: 'A folder disappeared while downloading. Try again.',
  ENOTDIR: 'A path that should be a folder is a file. Move that file away and try again.',
};

/** Turns a file-system failure into an error that says what to do; other errors pass through. */
export function filesystemError(error: unknown, what: string): unknown {
  if (error instanceof GumloopError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code || !(code in FILESYSTEM_ADVICE)) return error;
  return new GumloopError('filesystem', `Could not ${what} (${code}). ${FILESYSTEM_ADVICE[code]} Nothing was written.`, { cause: error });
}
