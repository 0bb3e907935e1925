// One fresh process, one measurement: how long require() of the production bundle plus
// activate() take, with a stub `vscode` and a user's worth of stored history (50 runs).
// Prints {"ms": n} on stdout. argv: <bundle> <scratch folder> [cold].
// The extension keeps a V8 code cache in its global storage (<scratch>/storage here, as VS Code's
// is kept between starts) and writes it at deactivate at the latest, as VS Code calls it at
// shutdown: the second and later processes measure a warm start. `cold` removes the cache first:
// the first start after an install or update.
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { StateKeys } from '../../src/constants';
import { sampleRuns } from './sampleRuns';
import { fakeExtensionContext, installVscodeStub } from './vscodeStub';

const [bundle, scratch, mode] = process.argv.slice(2);
const storage = path.join(scratch, 'storage');
if (mode === 'cold') rmSync(storage, { recursive: true, force: true });
installVscodeStub();
const context = fakeExtensionContext({ [StateKeys.history]: sampleRuns(50, scratch) }, storage);
const started = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require(bundle) as { activate(context: unknown): void; deactivate(): void };
extension.activate(context);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms })}\n`);
for (const subscription of context.subscriptions) subscription.dispose();
extension.deactivate();
