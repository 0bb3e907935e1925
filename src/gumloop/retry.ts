// Bounded retries with exponential backoff and jitter; honours the server's Retry-After.
import { GumloopError, abortError } from '../errors';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is reported instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/** 429, 5xx and dropped connections are worth another try; other 4xx never are. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof GumloopError)) return false;
  if (error.code === 'rate-limited' || error.code === 'server-error') return true;
  return error.code === 'network' && error.status === undefined && isResetLike(error.cause);
}

function isResetLike(cause: unknown): boolean {
  const code = (cause as { code?: string } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED';
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // Full jitter in the upper half keeps clients from retrying in lockstep.
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  onRetry?: (error: GumloopError, delayMs: number, attempt: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= policy.retries || !isRetryable(error)) throw error;
      const gumloopError = error as GumloopError;
      const delay = gumloopError.retryAfterMs ?? backoffDelay(attempt, policy);
      if (delay > policy.maxRetryAfterMs) throw error;
      onRetry?.(gumloopError, delay, attempt + 1);
      try {
        await sleep(delay, signal);
      } catch (stopped) {
        // A time limit that ends the wait between tries: what the server last did (a 503, a 429)
        // says more than "no answer". The user's own cancel stays a cancel.
        if (stopped instanceof GumloopError && stopped.code === 'timeout') throw error;
        throw stopped;
      }
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
