// A signal that fires when the caller's signal does, or when a time is up: a request's total time
// limit, the bound on a stop request, a wait's deadline. It aborts with its own reason (a
// GumloopError), so what stopped the work can be told apart from the user's cancel (abortError).

export interface TimeLimit {
  readonly signal: AbortSignal;
  /** Stops the timer and lets go of the caller's signal; call when the limited work is over. */
  clear(): void;
}

/** A controller that aborts when `signal` does (with its reason); `release` lets go of `signal`. */
export function followSignal(signal?: AbortSignal): { controller: AbortController; release(): void } {
  const controller = new AbortController();
  const follow = () => controller.abort(signal!.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener('abort', follow, { once: true });
  return { controller, release: () => signal?.removeEventListener('abort', follow) };
}

export function timeLimit(ms: number, reason: Error, signal?: AbortSignal): TimeLimit {
  const { controller, release } = followSignal(signal);
  const timer = setTimeout(() => controller.abort(reason), Math.max(0, ms));
  // A limit never keeps a process alive on its own (the CLI exits when its work is done).
  timer.unref?.();
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      release();
    },
  };
}
