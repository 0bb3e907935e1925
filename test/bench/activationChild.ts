// One fresh process, one measurement: how long require() of the production bundle plus
// activate() take, with a stub `vscode` and a user's worth of stored history (50 runs).
// Prints {"ms": n} on stdout. argv: <bundle> <scratch folder>.
import { performance } from 'node:perf_hooks';
import { StateKeys } from '../../src/constants';
import { sampleRuns } from './sampleRuns';
import { fakeExtensionContext, installVscodeStub } from './vscodeStub';

const [bundle, scratch] = process.argv.slice(2);
installVscodeStub();
const context = fakeExtensionContext({ [StateKeys.history]: sampleRuns(50, scratch) });
const started = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require(bundle) as { activate(context: unknown): void };
extension.activate(context);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms })}\n`);
for (const subscription of context.subscriptions) subscription.dispose();
