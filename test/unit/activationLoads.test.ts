// What activation loads. The download engine (zlib, the archive reader, the journaled commit) and
// the transport (undici) are required on first use, so a user who only opens the sidebar never
// parses them; one static import of the engine from a view or a command would quietly undo that
// (it happened once, through the Agents view). This loads the built bundle with the bench's stub
// `vscode`, activates it, and lists what Node was asked to load meanwhile.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { StateKeys } from '../../src/constants';
import { sampleRuns } from '../bench/sampleRuns';
import { fakeExtensionContext, installVscodeStub } from '../bench/vscodeStub';
import { REPO_ROOT } from '../support/paths';

test('activation loads neither the download engine (zlib), the transport (undici), what is used on first use (firstUse.js) nor node:fs/promises', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gumloop-activation-'));
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  const requested: string[] = [];
  installVscodeStub();
  const stubbed = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    requested.push(request);
    return stubbed.call(this, request, ...rest);
  };
  const context = fakeExtensionContext({ [StateKeys.history]: sampleRuns(5, scratch) });
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(path.join(REPO_ROOT, 'dist', 'extension.js')) as { activate(context: unknown): void };
    extension.activate(context);
  } finally {
    loader._load = load;
    for (const subscription of context.subscriptions) subscription.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
  assert.ok(requested.includes('vscode'), `the bundle was not loaded through the stub: ${requested.join(', ')}`);
  // ./firstUse.js holds Run Flow, Run Again, the download engine and the language-model tools (esbuild.mjs, FIRST_USE).
  // node:fs/promises: fs.promises loads it when first used (a fresh process paid 1.5-2.4 ms at activation).
  for (const heavy of ['zlib', 'node:zlib', 'undici', './transport.js', './firstUse.js', 'node:fs/promises', 'fs/promises']) {
    assert.ok(!requested.includes(heavy), `activation loaded ${heavy}`);
  }
});

// What activation parses: a module that is only used on first use lives in dist/firstUse.js, not in
// dist/main.js (the bundle dist/extension.js loads). One static import of it from anything activation reaches would pull it (and
// what only it imports) back into main.js, parsed and evaluated on every activation, while
// the test above still passed. The dev bundle names each module it holds in a `// src/…` line.
const FIRST_USE_ONLY = [
  'commands/runFlow',
  'commands/runAgain',
  'commands/followStartedRun',
  'download/downloadRun',
  'download/destinationLock',
  'download/downloadArtifacts',
  'archive/zipIndex',
  'archive/commit',
  'tools/gumloopTools',
  'ui/toolResults',
];

test('main.js holds none of the modules only used on first use; firstUse.js holds them', () => {
  const modulesOf = (file: string) => new Set([...readFileSync(path.join(REPO_ROOT, 'dist', file), 'utf8').matchAll(/^\/\/ src\/(.+)\.ts$/gm)].map((match) => match[1]));
  const extension = modulesOf('main.js');
  const firstUse = modulesOf('firstUse.js');
  assert.ok(extension.has('extension') && extension.has('sanitize'), 'dist/main.js has no module markers: is it the dev build (npm run build)?');
  for (const module of FIRST_USE_ONLY) {
    assert.ok(!extension.has(module), `dist/main.js holds src/${module}.ts: something activation reaches imports it (use a require() on first use, see commands/lazyCommands.ts)`);
    assert.ok(firstUse.has(module), `dist/firstUse.js does not hold src/${module}.ts`);
  }
  const twice = [...firstUse].filter((module) => extension.has(module));
  assert.deepEqual(twice, [], 'modules in both bundles have two copies of their state');
});
