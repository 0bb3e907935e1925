// One fresh process, one measurement: the Recent Runs tree's items for 1,000 runs, computed by
// the real provider as VS Code asks for them (getChildren, then getTreeItem per run), cold, as
// when the view first opens. Prints {"ms": n}. argv: <scratch folder>.
import { performance } from 'node:perf_hooks';
import { installVscodeStub } from './vscodeStub';

installVscodeStub();
/* eslint-disable @typescript-eslint/no-require-imports -- after the stub, so they get it */
const { RecentRunsProvider } = require('../../src/views/recentRunsTree') as typeof import('../../src/views/recentRunsTree');
const { RunHistory } = require('../../src/runs/history') as typeof import('../../src/runs/history');
const { sampleRuns } = require('./sampleRuns') as typeof import('./sampleRuns');
/* eslint-enable @typescript-eslint/no-require-imports */

const RUNS = 1000;
const runs = sampleRuns(RUNS, process.argv[2]);
const history = new RunHistory({ get: () => runs, set: async () => undefined }, RUNS);
const provider = new RecentRunsProvider(history);
const started = performance.now();
const items = provider.getChildren().map((node) => provider.getTreeItem(node));
const ms = performance.now() - started;
if (items.length !== RUNS) throw new Error(`expected ${RUNS} items, got ${items.length}`);
process.stdout.write(`${JSON.stringify({ ms })}\n`);
provider.dispose();
