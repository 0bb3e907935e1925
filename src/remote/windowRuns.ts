// The runs this window started, watches, or marked Download When Done, for as long as they run:
// what the status bar counts and lists, and what "your run is done" notifications speak of. Each
// is one more subscriber of the run monitor (always active, at the views' pace), so the status bar
// and notifications cost no request of their own. When a run ends it is said once: by whoever holds
// its voice (Run Flow's progress still on screen, Download When Done, which speaks through its
// download), else by the done notification. No vscode import.
import type { RunInfo } from '../gumloop/types';
import { cleanLine } from '../sanitize';
import { lastLogLines, outputFileNames } from './runLog';
import type { RunMonitor } from './runMonitor';
import { isFinished, runPhase, stateWord, type RunPhase } from './runState';
import { VIEW_POLL_SCHEDULE, type Clock } from './runWatcher';
import { formatDuration } from '../text';

export interface WindowRun {
  runId: string;
  flowName?: string;
  flowId?: string;
  /** When this window began to follow it (epoch ms). */
  since: number;
  /** The last answer about it, once there is one. */
  run?: RunInfo;
  /** Marked Download When Done. */
  whenDone: boolean;
}

export interface RunEnd {
  runId: string;
  flowName?: string;
  flowId?: string;
  run: RunInfo;
  phase: RunPhase;
  /** Someone else said it (Run Flow's own message while its progress shows, Download When Done's download or notice): stay quiet. */
  voicedElsewhere: boolean;
}

type Listener<T> = (value: T) => void;

export class WindowRuns {
  private readonly runs = new Map<string, WindowRun & { subscription: { dispose(): void } }>();
  /** Holders of each run's voice (a count: Run Flow and Download When Done may both hold one). */
  private readonly voices = new Map<string, number>();
  private readonly changeListeners = new Set<Listener<void>>();
  private readonly endListeners = new Set<Listener<RunEnd>>();

  constructor(
    private readonly monitor: RunMonitor,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  /** Follows a run until it ends (again: its flow name or mark is added to what is known). */
  add(runId: string, about: { flowName?: string; flowId?: string; whenDone?: boolean }): void {
    const known = this.runs.get(runId);
    if (known) {
      known.flowName ??= about.flowName;
      known.flowId ??= about.flowId;
      known.whenDone ||= Boolean(about.whenDone);
      this.changed();
      return;
    }
    const entry: WindowRun & { subscription: { dispose(): void } } = {
      runId,
      flowName: about.flowName,
      flowId: about.flowId,
      since: this.clock.now(),
      whenDone: Boolean(about.whenDone),
      subscription: { dispose: () => undefined },
    };
    this.runs.set(runId, entry);
    entry.subscription = this.monitor.watch(runId, {
      schedule: VIEW_POLL_SCHEDULE,
      onUpdate: ({ run }) => {
        const before = entry.run?.state;
        entry.run = run;
        if (before !== run.state) this.changed();
      },
      onEnd: (end) => {
        if (this.runs.get(runId) !== entry) return;
        this.runs.delete(runId);
        this.changed();
        if (!('result' in end) || !isFinished(end.result.run.state)) return; // gone, or left stopping: nothing to announce
        const ended: RunEnd = { runId, flowName: entry.flowName, flowId: entry.flowId, run: end.result.run, phase: runPhase(end.result.run.state), voicedElsewhere: entry.whenDone || (this.voices.get(runId) ?? 0) > 0 };
        for (const listener of this.endListeners) listener(ended);
      },
    });
    this.changed();
  }

  /** While held, this run's end is said by the holder, not by the done notification. */
  holdVoice(runId: string): { dispose(): void } {
    this.voices.set(runId, (this.voices.get(runId) ?? 0) + 1);
    let held = true;
    return {
      dispose: () => {
        if (!held) return;
        held = false;
        const left = (this.voices.get(runId) ?? 1) - 1;
        if (left > 0) this.voices.set(runId, left);
        else this.voices.delete(runId);
      },
    };
  }

  /** The runs still going, oldest first. */
  running(): WindowRun[] {
    return [...this.runs.keys()].map((runId) => this.get(runId)!).sort((a, b) => a.since - b.since);
  }

  get(runId: string): WindowRun | undefined {
    const found = this.runs.get(runId);
    return found && { runId: found.runId, flowName: found.flowName, flowId: found.flowId, since: found.since, run: found.run, whenDone: found.whenDone };
  }

  onDidChange(listener: Listener<void>): { dispose(): void } {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  onDidEnd(listener: Listener<RunEnd>): { dispose(): void } {
    this.endListeners.add(listener);
    return { dispose: () => this.endListeners.delete(listener) };
  }

  dispose(): void {
    for (const entry of this.runs.values()) entry.subscription.dispose();
    this.runs.clear();
    this.changeListeners.clear();
    this.endListeners.clear();
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }
}

/** The status bar's text: none while nothing runs. */
export function statusText(runs: readonly WindowRun[]): string | undefined {
  if (runs.length === 0) return undefined;
  if (runs.length === 1) return `$(sync~spin) Gumloop: ${runName(runs[0])} ${stateWord(runs[0].run?.state ?? 'RUNNING').toLowerCase()}`;
  return `$(sync~spin) ${runs.length} Gumloop runs`;
}

/** One run in the status bar's list: its name, then state word and time so far. */
export function runPickLabel(run: WindowRun, now: number): { label: string; description: string } {
  return {
    label: runName(run),
    description: `${stateWord(run.run?.state ?? 'QUEUED')} · ${formatDuration(now - run.since, { coarse: true })} · run ${run.runId}${run.whenDone ? ' · downloads when done' : ''}`,
  };
}

/** What the done notification says, and whether it is an error (a failure) or information. */
export function doneMessage(end: Pick<RunEnd, 'runId' | 'flowName' | 'run' | 'phase'>): { text: string; kind: 'info' | 'error'; files: string[] } {
  const name = runName(end, 'A Gumloop run');
  const files = outputFileNames(end.run.outputs);
  if (end.phase === 'done') {
    const what = files.length === 0 ? 'no files' : files.length === 1 ? '1 file' : `${files.length} files`;
    return { text: `${name} is done: ${what} (run ${end.runId}).`, kind: 'info', files };
  }
  if (end.phase === 'terminated') return { text: `${name} was stopped (run ${end.runId}).`, kind: 'info', files };
  const last = lastLogLines(end.run.log, 1)[0];
  return { text: `${name} failed (run ${end.runId})${last ? `: ${last.trim().slice(0, 200)}` : '.'}`, kind: 'error', files };
}

/** “Flow name” (cleaned: it is Gumloop's text), or `unnamed` ("run ID") when the flow is not known. */
function runName(run: { flowName?: string; runId: string }, unnamed = `run ${cleanLine(run.runId)}`): string {
  const name = cleanLine(run.flowName ?? '').trim();
  return name ? `“${name}”` : unnamed;
}
