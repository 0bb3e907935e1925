// One running run watched by Run Flow, the Flows view and Download When Done together, counted
// at the emulator (its own process): the run monitor polls it once per tick at the fastest pace
// (Run Flow's), so together they cost what Run Flow alone costs. Each case gets a fresh monitor,
// budget and client over loopback in real time; only get_pl_run requests are counted.
import { GumloopClient } from '../../src/gumloop/client';
import { budgetedFlowsApi } from '../../src/remote/flowsApi';
import { FlowsStore } from '../../src/remote/flowsStore';
import { RequestBudget } from '../../src/remote/requestBudget';
import { RunMonitor } from '../../src/remote/runMonitor';
import { realClock, WATCH_SCHEDULE } from '../../src/remote/runWatcher';
import { DownloadWhenDone, type WhenDoneMark } from '../../src/views/downloadWhenDone';
import { addFlow, addRun, DEMO, type RecordedRequest } from '../emulator/server';
import { startEmulatorProcess } from './emulatorProcess';

export interface SharedRunRate {
  seconds: number;
  /** get_pl_run requests with Run Flow's watch alone. */
  runFlowAlone: number;
  /** The same with the Flows view (visible) and Download When Done on the run too. */
  together: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const FLOW = 'BenchShared';
const RUN = 'BenchSharedRun';

export async function measureSharedRunRate(options: { ms: number }, log: (line: string) => void): Promise<SharedRunRate> {
  const emulator = await startEmulatorProcess();
  const origin = new URL(emulator.baseUrl).origin;
  await addFlow(emulator.dataDir, FLOW, { name: 'Bench shared run' });
  await addRun(emulator.dataDir, RUN, { state: 'RUNNING', saved_item_id: FLOW, lifecycle: { started_at: new Date().toISOString(), steps: [] }, log: ['working'] }, {});
  const polls = async (): Promise<number> => ((await (await fetch(`${origin}/__emulator/requests`)).json()) as RecordedRequest[]).filter((request) => request.path.endsWith('/get_pl_run')).length;
  const measure = async (together: boolean): Promise<number> => {
    const client = new GumloopClient({ credentials: { apiKey: DEMO.apiKey, authMode: 'personal', userId: DEMO.userId }, baseUrl: emulator.baseUrl });
    const budget = new RequestBudget({ clock: realClock });
    const api = budgetedFlowsApi(client, budget);
    const monitor = new RunMonitor({ clock: realClock, getRun: (runId, call) => api.getRun(runId, call) });
    const store = new FlowsStore({ api, monitor, clock: realClock, isVisible: () => true, isFocused: () => true });
    let marks: WhenDoneMark[] = [];
    const waiters = new DownloadWhenDone({
      monitor,
      download: async () => undefined,
      notify: () => undefined,
      onChange: () => undefined,
      log: () => undefined,
      marks: { get: () => marks, update: async (change) => void (marks = change(marks)) },
    });
    const runFlow = new AbortController();
    try {
      await fetch(`${origin}/__emulator/requests`, { method: 'DELETE' });
      void monitor.wait(RUN, { schedule: WATCH_SCHEDULE }, runFlow.signal).catch(() => undefined);
      if (together) {
        await store.loadFlows();
        await store.loadRuns(FLOW);
        void waiters.start(RUN, FLOW);
      }
      await sleep(options.ms);
      return await polls();
    } finally {
      runFlow.abort();
      waiters.dispose();
      store.dispose();
      monitor.dispose();
      budget.dispose();
      await client.close();
    }
  };
  try {
    log(`Shared run: Run Flow alone, then with the Flows view and Download When Done, ${options.ms / 1000} s each`);
    const runFlowAlone = await measure(false);
    const together = await measure(true);
    return { seconds: options.ms / 1000, runFlowAlone, together };
  } finally {
    await emulator.stop();
  }
}
