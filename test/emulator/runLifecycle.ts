// How an emulated run moves through its states over time, without a single timer: run.json holds
// the steps still to come, and every read applies the ones whose time has passed. A run added by a
// test, a seed run that should finish a minute after `npm start`, and a run started through the API
// (start_pipeline) all use the same steps.

import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ApiError } from './apiError';
import { readRun, runFolder, type RunJson, type RunState } from './runStore';

export interface LifecycleStep {
  /** Milliseconds after the lifecycle's start at which the run enters `state`. */
  after_ms: number;
  state: RunState;
  /** Lines appended to the log when the step is reached. */
  log?: string[];
  /** The outputs once the step is reached (only a DONE step needs them; default: the run's own). */
  outputs?: Record<string, unknown>;
}

export interface RunLifecycle {
  /** When the steps' clock starts; absent = when the emulator started (seed runs that change after `npm start`). */
  started_at?: string;
  /**
   * Only without started_at: the run is reported as created this long before the emulator started,
   * so a seed run that is "running now" does not look weeks old.
   */
  running_before_start_ms?: number;
  steps: LifecycleStep[];
}

export const RUN_STATES: readonly RunState[] = ['QUEUED', 'STARTED', 'RUNNING', 'TERMINATING', 'DONE', 'FAILED', 'TERMINATED'];
const FINAL_STATES: readonly RunState[] = ['DONE', 'FAILED', 'TERMINATED'];

export function isFinalState(state: RunState): boolean {
  return FINAL_STATES.includes(state);
}

/** The emulator's notion of now, replaceable so tests can move time instead of waiting. */
export interface EmulatorClock {
  now(): number;
  /** When the emulator started: the base of lifecycles without `started_at`. */
  readonly startedAtMs: number;
}

/**
 * The run as it is at `nowMs`: passed steps applied, their log lines appended, finished_ts set when
 * a final state was reached. While a lifecycle has not reached DONE the outputs are empty, as
 * Gumloop's docs say outputs are only filled once a run is DONE.
 */
export function runAt(run: RunJson, clock: EmulatorClock): RunJson {
  const lifecycle = run.lifecycle;
  if (!lifecycle) return run;
  const baseMs = lifecycle.started_at === undefined ? clock.startedAtMs : Date.parse(lifecycle.started_at);
  const current: RunJson = { ...run, log: [...(run.log ?? [])], lifecycle: undefined };
  if (lifecycle.started_at === undefined && lifecycle.running_before_start_ms !== undefined) {
    current.created_ts = new Date(clock.startedAtMs - lifecycle.running_before_start_ms).toISOString();
  }
  let doneOutputs: Record<string, unknown> | undefined = run.outputs;
  for (const step of [...lifecycle.steps].sort((a, b) => a.after_ms - b.after_ms)) {
    const atMs = baseMs + step.after_ms;
    if (atMs > clock.now()) {
      // Steps still to come stay in the answer's source so a later read can apply them.
      current.lifecycle = { ...lifecycle, steps: lifecycle.steps.filter((later) => baseMs + later.after_ms > clock.now()) };
      break;
    }
    current.state = step.state;
    current.log.push(...(step.log ?? []));
    if (step.outputs) doneOutputs = step.outputs;
    current.finished_ts = isFinalState(step.state) ? new Date(atMs).toISOString() : null;
  }
  current.outputs = current.state === 'DONE' ? doneOutputs : {};
  return current;
}

export interface PlannedRun {
  startedAt: Date;
  /** How long the run waits in QUEUED before RUNNING (0: it starts RUNNING). */
  queuedMs?: number;
  /** How long it runs before reaching `finalState`. */
  runningMs: number;
  finalState?: RunState;
  /** Log lines spread evenly over the running time; the last one lands with the final state. */
  log?: string[];
}

/** The state run.json starts in, and the lifecycle that takes it to its final state (for start_pipeline and tests). */
export function plannedLifecycle(plan: PlannedRun): { state: RunState; lifecycle: RunLifecycle } {
  const queuedMs = plan.queuedMs ?? 0;
  const lines = plan.log ?? [];
  const steps: LifecycleStep[] = [];
  if (queuedMs > 0) steps.push({ after_ms: queuedMs, state: 'RUNNING' });
  // Every line but the last arrives while running; the last arrives with the final state.
  const during = lines.slice(0, -1);
  during.forEach((line, index) => {
    steps.push({ after_ms: queuedMs + Math.round((plan.runningMs * (index + 1)) / (during.length + 1)), state: 'RUNNING', log: [line] });
  });
  steps.push({ after_ms: queuedMs + plan.runningMs, state: plan.finalState ?? 'DONE', log: lines.slice(-1) });
  return { state: queuedMs > 0 ? 'QUEUED' : 'RUNNING', lifecycle: { started_at: plan.startedAt.toISOString(), steps } };
}

/**
 * The test hook behind POST /__emulator/runs/<id>/state: the run enters `state` now, whatever its
 * lifecycle planned (the steps still to come are dropped). A DONE run keeps the outputs its plan had.
 */
export async function setRunState(dataDir: string, runId: string, state: RunState, clock: EmulatorClock, log: string[] = []): Promise<RunJson> {
  if (!RUN_STATES.includes(state)) throw new ApiError(400, `state must be one of ${RUN_STATES.join(', ')}`);
  const stored = await readRun(dataDir, runId);
  if (!stored) throw new ApiError(404, `Run ${runId} not found`);
  const plannedOutputs = stored.lifecycle?.steps.find((step) => step.state === 'DONE')?.outputs;
  const current = runAt(stored, clock);
  const next: RunJson = {
    ...current,
    state,
    log: [...current.log, ...log],
    finished_ts: isFinalState(state) ? new Date(clock.now()).toISOString() : null,
    outputs: state === 'DONE' ? (plannedOutputs ?? stored.outputs) : current.outputs,
    lifecycle: undefined,
  };
  await writeFile(path.join(runFolder(dataDir, runId), 'run.json'), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
