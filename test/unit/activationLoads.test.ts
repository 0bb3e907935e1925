// What activation loads. The download engine (zlib, the archive reader, the journaled commit) and
// the transport (undici) are required on first use, so a user who only opens the sidebar never
// parses them; one static import of the engine from a view or a command would quietly undo that
// (it happened once, through the Agents view). This loads the built bundle with the bench's stub
// `vscode`, activates it, and lists what Node was asked to load meanwhile.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { StateKeys } from '../../src/constants';
import { sampleRuns } from '../bench/sampleRuns';
import { fakeExtensionContext, installVscodeStub } from '../bench/vscodeStub';
import { REPO_ROOT } from '../support/paths';

test('activation loads neither the download engine (zlib) nor the transport (undici)', () => {
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
  for (const heavy of ['zlib', 'node:zlib', 'undici', './transport.js']) {
    assert.ok(!requested.includes(heavy), `activation loaded ${heavy}`);
  }
});
