// How the views' stores ask Gumloop for a node at most once: concurrent callers share one load,
// and an answer that arrives after a refresh (a new generation) is dropped. Shared by the Flows
// and Agents stores. No vscode import.
import { GumloopError, isGumloopError } from '../errors';

export class LoadOnce {
  private readonly inFlight = new Map<string, Promise<void>>();
  private generation = 0;

  /** Runs `load` unless one for `key` is under way; `load` is told its generation to check with isCurrent. */
  run(key: string, load: (generation: number) => Promise<void>): Promise<void> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const generation = this.generation;
    const promise = load(generation).finally(() => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    });
    this.inFlight.set(key, promise);
    return promise;
  }

  isCurrent(generation: number): boolean {
    return generation === this.generation;
  }

  /** The next load of `key` starts afresh (the one under way still finishes). */
  forget(key: string): void {
    this.inFlight.delete(key);
  }

  forgetWhere(matches: (key: string) => boolean): void {
    for (const key of [...this.inFlight.keys()]) if (matches(key)) this.inFlight.delete(key);
  }

  /** A refresh: every answer to a request made before it is dropped. */
  reset(): void {
    this.generation++;
    this.inFlight.clear();
  }
}

/** Anything thrown by a load, as the one error type the views show. */
export function asGumloopError(error: unknown): GumloopError {
  return isGumloopError(error) ? error : new GumloopError('network', `Couldn’t reach Gumloop: ${String(error)}`, { cause: error });
}

/**
 * Network trouble is one problem for a whole view, not one per node: the first network error or
 * timeout is kept (the view shows it once and its polling pauses) until any answer comes back.
 */
export class ConnectionWatch {
  private problem: GumloopError | undefined;

  constructor(private readonly changed: () => void) {}

  current(): GumloopError | undefined {
    return this.problem;
  }

  /** `error` as a GumloopError; a connection error is kept as the view's problem (told once). */
  failure(error: unknown): GumloopError {
    const failure = asGumloopError(error);
    if ((failure.code === 'network' || failure.code === 'timeout') && this.problem === undefined) {
      this.problem = failure;
      this.changed();
    }
    return failure;
  }

  /** An answer came: true when that ends a problem (then the caller redraws and wakes its poller). */
  answered(): boolean {
    if (this.problem === undefined) return false;
    this.problem = undefined;
    return true;
  }

  clear(): void {
    this.problem = undefined;
  }
}
