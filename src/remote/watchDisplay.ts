// What Run Flow's progress notification shows of its watch: the phase, the stopwatch and the
// latest log line, or, while polls fail, what Gumloop is doing (the watch keeps trying). Pure.
import { progressMessage } from './runProgress';
import type { RunPhase } from './runState';

export class WatchDisplay {
  private phase: RunPhase = 'queued';
  private state = 'QUEUED';
  private latest: string | undefined;
  private trouble: string | undefined;

  constructor(private readonly startedAt: number) {}

  /** A poll answered: the trouble is over, and an empty log keeps the line shown before. */
  polled(phase: RunPhase, run: { state: string; log: readonly string[] }): void {
    this.trouble = undefined;
    this.phase = phase;
    this.state = run.state;
    this.latest = run.log[run.log.length - 1] ?? this.latest;
  }

  /** A poll failed; `text` says what Gumloop is doing, e.g. "Gumloop answered 502". */
  troubled(text: string): void {
    this.trouble = text;
  }

  message(now: number): string {
    const elapsed = now - this.startedAt;
    return this.trouble ? `${progressMessage(this.phase, this.state, elapsed, undefined)} · ${this.trouble}; still trying` : progressMessage(this.phase, this.state, elapsed, this.latest);
  }
}
