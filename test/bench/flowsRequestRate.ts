// The Flows view's request budget, counted where it matters: at the Gumloop API emulator, in its
// own process (so its clock is not held up by the client's work). 20 flows each with a run that
// stays RUNNING are expanded at once in a visible view (the real store, budget and client over
// loopback, real time), then the view is hidden. Reports the busiest second and the
// average rate while visible, and the requests that arrive while hidden (in-flight requests sent
// before hiding get a short grace).
import { GumloopClient } from '../../src/gumloop/client';
import { budgetedFlowsApi } from '../../src/remote/flowsApi';
import { FlowsStore } from '../../src/remote/flowsStore';
import { RequestBudget } from '../../src/remote/requestBudget';
import { realClock } from '../../src/remote/runWatcher';
import { addFlow, addRun, DEMO, type RecordedRequest } from '../emulator/server';
import { startEmulatorProcess } from './emulatorProcess';
import { busiestWindow } from '../support/requestTiming';

export const RUNNING_RUNS = 20;
/** Requests already on the wire when the view hides may land just after. */
const HIDE_GRACE_MS = 150;

export interface FlowsRequestRate {
  runningRuns: number;
  visibleSeconds: number;
  visibleRequests: number;
  visibleBusiestSecond: number;
  visibleAveragePerSecond: number;
  hiddenSeconds: number;
  hiddenRequests: number;
}

/** The most requests that arrived within any one second. */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureFlowsRequestRate(options: { visibleMs: number; hiddenMs: number }, log: (line: string) => void): Promise<FlowsRequestRate> {
  const emulator = await startEmulatorProcess();
  const dataDir = emulator.dataDir;
  const origin = new URL(emulator.baseUrl).origin;
  const requests = async (): Promise<RecordedRequest[]> => (await fetch(`${origin}/__emulator/requests`)).json() as Promise<RecordedRequest[]>;
  const flowIds = Array.from({ length: RUNNING_RUNS }, (_, index) => `BenchFlow${String(index).padStart(2, '0')}`);
  for (const flowId of flowIds) {
    await addFlow(dataDir, flowId, { name: `Bench flow ${flowId}` });
    await addRun(dataDir, `${flowId}Run`, { state: 'RUNNING', saved_item_id: flowId, lifecycle: { started_at: new Date().toISOString(), steps: [] }, log: ['working'] }, {});
  }
  const client = new GumloopClient({ credentials: { apiKey: DEMO.apiKey, authMode: 'personal', userId: DEMO.userId }, baseUrl: emulator.baseUrl });
  const budget = new RequestBudget({ clock: realClock });
  const view = { visible: true };
  const store = new FlowsStore({ api: budgetedFlowsApi(client, budget), clock: realClock, isVisible: () => view.visible, isFocused: () => true });
  try {
    log(`Flows request budget: ${RUNNING_RUNS} running runs visible for ${options.visibleMs / 1000} s, then hidden for ${options.hiddenMs / 1000} s`);
    await fetch(`${origin}/__emulator/requests`, { method: 'DELETE' });
    const shownAt = Date.now();
    await store.loadFlows();
    // Every flow expanded at once, as a person clicking through the list would.
    void Promise.all(flowIds.map((flowId) => store.loadRuns(flowId)));
    await sleep(shownAt + options.visibleMs - Date.now());
    const seen = await requests();
    const visible = seen.map((request) => request.receivedAt).filter((at) => at >= shownAt && at < shownAt + options.visibleMs);
    const polled = new Set(seen.filter((request) => request.path.endsWith('/get_pl_run')).map((request) => request.query.run_id));
    if (polled.size === 0) throw new Error('no running run was polled while visible: the measurement measured nothing');

    view.visible = false;
    store.activityChanged();
    const hiddenAt = Date.now();
    await sleep(options.hiddenMs);
    const hidden = (await requests()).filter((request) => request.receivedAt > hiddenAt + HIDE_GRACE_MS).length;
    return {
      runningRuns: RUNNING_RUNS,
      visibleSeconds: options.visibleMs / 1000,
      visibleRequests: visible.length,
      visibleBusiestSecond: busiestWindow(visible),
      visibleAveragePerSecond: visible.length / (options.visibleMs / 1000),
      hiddenSeconds: options.hiddenMs / 1000,
      hiddenRequests: hidden,
    };
  } finally {
    store.dispose();
    budget.dispose();
    await client.close();
    await emulator.stop();
  }
}
