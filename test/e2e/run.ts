// `npm run test:e2e`: the extension inside a real VS Code (code-server) driven by headless Chromium,
// against the in-process Gumloop API emulator. Two stages, each with its own code-server:
//   1. UI tests, out/test/e2e/ui/*.test.js (contract in uiTest.ts), against the packaged VSIX in a
//      workbench configured like a user's.
//   2. Extension-host tests, out/test/e2e/exthost/*.test.js, run by exthost/index.js inside VS Code
//      with the repo as the development extension (needs the smoke-test driver, which hides toasts,
//      hence the separate server).
// Arguments filter tests by name: `npm run test:e2e -- smoke`.
// Artefacts (code-server logs, browser console per test, emulator data) stay in a temp folder when
// something fails; screenshots go to test-results/e2e/.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { copySeed, DEMO, startEmulator } from '../emulator/server';
import { registerCleanup, runCleanups } from './cleanup';
import { startCodeServer, type CodeServerOptions } from './codeServer';
import { FIXTURE_ENV, type E2eFixture } from './exthost/fixture';
import { EXTHOST_NAME_PREFIX, extHostTestFiles, runExtHostSuite } from './extHostSuite';
import { buildAndPackage } from './packageVsix';
import { REPO_ROOT, RESULTS_DIR } from './paths';
import { printSummary, type TestOutcome } from './report';
import { runUiTests, uiTestFiles } from './uiRunner';
import { ensureVsCode } from './vscodeInstall';
import { launchBrowser } from './workbench';

const log = (line: string): void => console.log(`# ${line}`);

async function main(filters: string[]): Promise<number> {
  const started = Date.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gumloop-e2e-'));
  const outcomes: TestOutcome[] = [];
  // Screenshots left from an earlier run would be mistaken for this run's.
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  const interruptedNotice = registerCleanup(() => log(`interrupted; artefacts kept in ${scratch}`));
  let browser: Browser | undefined;
  try {
    const vscode = await ensureVsCode(log);
    const vsix = await buildAndPackage(REPO_ROOT, path.join(scratch, 'gumloop-files.vsix'), log);

    const dataDir = path.join(scratch, 'emulator');
    fs.mkdirSync(dataDir, { recursive: true });
    await copySeed(dataDir);
    const emulator = await startEmulator({ dataDir, port: 0 });
    registerCleanup(() => emulator.close());
    log(`emulator at ${emulator.baseUrl}`);

    const workspaces = path.join(scratch, 'workspaces');
    const defaultWorkspace = path.join(workspaces, 'default');
    fs.mkdirSync(defaultWorkspace, { recursive: true });
    const serverBase: Omit<CodeServerOptions, 'scratchDir'> = {
      codeServerBin: vscode.codeServerBin,
      nodeBin: vscode.nodeBin,
      workspace: defaultWorkspace,
      userSettings: { 'gumloop.userId': DEMO.userId },
      machineSettings: { 'gumloop.baseUrl': emulator.baseUrl },
    };
    browser = await launchBrowser({ executablePath: vscode.chromiumPath });

    const uiFiles = uiTestFiles();
    log(`${uiFiles.length} UI test file(s)`);
    if (uiFiles.length > 0) {
      const server = await startCodeServer({ ...serverBase, vsix, smokeTestDriver: false, scratchDir: path.join(scratch, 'code-server-ui') });
      log(`code-server for UI tests at ${server.url} (log: ${server.logFile})`);
      try {
        const ui = await runUiTests({
          browser,
          url: server.url,
          emulator,
          demo: DEMO,
          workspacesDir: workspaces,
          logsDir: path.join(scratch, 'browser-logs'),
          filters,
        });
        outcomes.push(...ui);
      } finally {
        await server.stop();
      }
    }

    const extHostFiles = extHostTestFiles();
    log(`${extHostFiles.length} extension-host test file(s)`);
    if (extHostFiles.length > 0) {
      // The tests read this through GUMLOOP_E2E_FIXTURE (see exthost/fixture.ts).
      const fixture: E2eFixture = {
        baseUrl: emulator.baseUrl,
        demo: DEMO,
        workspace: path.join(workspaces, 'exthost'),
        resultsFile: path.join(scratch, 'exthost-results.json'),
        // Filters reach mocha as its grep, so the stage runs either way.
        ...(filters.length > 0 ? { grep: grepForPrefixedTitles(EXTHOST_NAME_PREFIX, filters) } : {}),
      };
      const fixtureFile = path.join(scratch, 'fixture.json');
      fs.writeFileSync(fixtureFile, JSON.stringify(fixture, null, 2));
      // No VSIX here: the repo itself is loaded as the development extension.
      const server = await startCodeServer({
        ...serverBase,
        smokeTestDriver: true,
        scratchDir: path.join(scratch, 'code-server-exthost'),
        env: { [FIXTURE_ENV]: fixtureFile },
      });
      log(`code-server for extension-host tests at ${server.url} (log: ${server.logFile})`);
      try {
        const results = await runExtHostSuite({
          browser,
          url: server.url,
          repoRoot: REPO_ROOT,
          workspace: fixture.workspace,
          resultsFile: fixture.resultsFile,
        });
        outcomes.push(...results);
      } finally {
        await server.stop();
      }
    }
  } catch (err) {
    // Setup failures (no VS Code, no browser, no bundle) are failures, never skips.
    console.error(`e2e setup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    outcomes.push({ name: 'e2e setup', passed: false });
  } finally {
    interruptedNotice();
    await browser?.close().catch(() => undefined);
    await runCleanups();
  }

  printSummary(outcomes);
  if (outcomes.length === 0) console.error('e2e: no tests ran');
  const failed = outcomes.length === 0 || outcomes.some((o) => !o.passed);
  if (failed) log(`artefacts kept in ${scratch}`);
  else fs.rmSync(scratch, { recursive: true, force: true });
  log(`finished in ${Math.round((Date.now() - started) / 1000)} s`);
  return failed ? 1 : 0;
}

/**
 * A mocha grep (tested against a test's full title T) that keeps exactly the tests whose reported
 * name, prefix + T, contains one of the filters: a filter may lie inside T, or start inside the
 * prefix and continue at the start of T ("exthost" or "host: activates" select by stage too).
 */
function grepForPrefixedTitles(prefix: string, filters: string[]): string {
  const alternatives = filters.flatMap((f) => {
    // Inside the prefix: every extension-host test's name contains it.
    const viaPrefix = prefix.includes(f) ? ['^'] : [];
    for (let k = 1; k <= Math.min(prefix.length, f.length); k++) {
      if (prefix.endsWith(f.slice(0, k))) viaPrefix.push(`^${escapeRegExp(f.slice(k))}`);
    }
    return [escapeRegExp(f), ...viaPrefix];
  });
  return alternatives.join('|');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
