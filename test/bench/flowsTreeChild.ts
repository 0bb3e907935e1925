// One fresh process, one measurement: the Flows tree's items for 500 flows, computed by the real
// provider over the real store as VS Code asks for them (getChildren of the root, then getTreeItem
// per flow), cold, as when the view first opens. Gumloop's answer is in memory, so only the
// extension's own work is timed. Each flow's recent runs are known, so every row's "last run"
// description is computed too. Prints {"ms": n}.
import { performance } from 'node:perf_hooks';
import { installVscodeStub } from './vscodeStub';

installVscodeStub();
/* eslint-disable @typescript-eslint/no-require-imports -- after the stub, so they get it */
const { FlowsTreeProvider } = require('../../src/views/flowsTree') as typeof import('../../src/views/flowsTree');
const { FlowsStore } = require('../../src/remote/flowsStore') as typeof import('../../src/remote/flowsStore');
const { realClock } = require('../../src/remote/runWatcher') as typeof import('../../src/remote/runWatcher');
/* eslint-enable @typescript-eslint/no-require-imports */

const FLOWS = 500;

async function main(): Promise<void> {
  const flows = Array.from({ length: FLOWS }, (_, index) => ({
    savedItemId: `flow${String(index).padStart(4, '0')}`,
    name: `Flow number ${index}: ${index % 7 === 0 ? 'nightly export' : 'report builder'}`,
    description: `Builds report ${index} from the orders sheet and mails it.`,
    createdTs: new Date(Date.UTC(2026, 0, 1) + index * 3_600_000).toISOString(),
  }));
  const states = ['DONE', 'FAILED', 'RUNNING', 'QUEUED', 'TERMINATED'];
  const store = new FlowsStore({
    api: {
      listFlows: async () => flows,
      listRuns: async (flow) => [{ runId: `${flow.savedItemId}-run`, state: states[flow.savedItemId.length % states.length], createdTs: '2026-11-27T08:00:00Z', finishedTs: null }],
      getRun: async () => {
        throw new Error('not asked for in this measurement');
      },
    },
    clock: realClock,
    isVisible: () => false, // nothing to poll in a measurement
    isFocused: () => false,
  });
  for (const flow of flows) await store.loadRuns(flow.savedItemId);
  const provider = new FlowsTreeProvider({
    store,
    hasApiKey: async () => true,
    filter: () => undefined,
    isWatched: () => false,
    downloadedPath: () => undefined,
  });
  const started = performance.now();
  const nodes = await provider.getChildren();
  const items = nodes.map((node) => provider.getTreeItem(node));
  const ms = performance.now() - started;
  if (items.length !== FLOWS) throw new Error(`expected ${FLOWS} items, got ${items.length}`);
  process.stdout.write(`${JSON.stringify({ ms })}\n`);
  provider.dispose();
  store.dispose();
}

void main();
