// `npm run screenshots`: regenerates the README's pictures from the real workbench, driven like
// the UI tests (same harness, same emulator data), so they always show the extension as it is.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copySeed, DEMO, startEmulator } from '../emulator/server';
import { registerCleanup, runCleanups } from './cleanup';
import { startCodeServer } from './codeServer';
import { buildAndPackage } from './packageVsix';
import { REPO_ROOT } from './paths';
import { acceptOfferedFiles, setApiKey, showRecentRuns, startDownload } from './ui/steps';
import { ensureVsCode } from './vscodeInstall';
import { launchBrowser, openWorkbench, treeRow, waitForNotification } from './workbench';

const MEDIA = path.join(REPO_ROOT, 'media');
const VIEWPORT = { width: 1280, height: 800 };

async function main(): Promise<void> {
  const log = (line: string) => console.log(`# ${line}`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gumloop-shots-'));
  registerCleanup(async () => fs.rmSync(scratch, { recursive: true, force: true }));
  const vscode = await ensureVsCode(log);
  const vsix = await buildAndPackage(REPO_ROOT, path.join(scratch, 'gumloop-files.vsix'), log);
  const dataDir = path.join(scratch, 'emulator');
  await copySeed(dataDir);
  const emulator = await startEmulator({ dataDir, port: 0 });
  registerCleanup(() => emulator.close());
  const workspace = path.join(scratch, 'quarterly-report');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Quarterly report\n\nOutputs of the Gumloop flow land in `gumloop/`.\n');
  const server = await startCodeServer({
    codeServerBin: vscode.codeServerBin,
    nodeBin: vscode.nodeBin,
    workspace,
    vsix,
    userSettings: { 'gumloop.baseUrl': emulator.baseUrl, 'gumloop.userId': DEMO.userId, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'window.commandCenter': false },
    scratchDir: path.join(scratch, 'code-server'),
  });
  registerCleanup(() => server.stop());
  const browser = await launchBrowser({ executablePath: vscode.chromiumPath });
  registerCleanup(() => browser.close());
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await openWorkbench(context, server.url, workspace);
  await page.keyboard.press('Escape');

  await showRecentRuns(page);
  await setApiKey(page, DEMO.apiKey);
  for (const runId of [DEMO.runs.nested, DEMO.runs.report]) {
    await startDownload(page, runId);
    await acceptOfferedFiles(page);
    await waitForNotification(page, `from run ${runId}`, 60_000).catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(scratch, 'failure.png') });
      fs.copyFileSync(path.join(scratch, 'failure.png'), path.join(os.tmpdir(), 'gumloop-screenshots-failure.png'));
      throw error;
    });
  }
  await page.waitForTimeout(1500);
  await treeRow(page, DEMO.runs.report).click();
  await treeRow(page, 'sales-report.csv').click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(MEDIA, 'screenshot-download.png') });
  log('wrote media/screenshot-download.png');

  // Dismiss the toasts, then show a run's tooltip from Gumloop's get_pl_run.
  await page.locator('.notifications-toasts .codicon-notifications-clear').first().click({ timeout: 2000 }).catch(() => undefined);
  for (const toast of await page.locator('.notifications-toasts .notification-list-item').all()) {
    await toast.hover().catch(() => undefined);
    await toast.locator('.codicon-notifications-clear').click({ timeout: 1000 }).catch(() => undefined);
  }
  await treeRow(page, DEMO.runs.nested).click();
  await page.waitForTimeout(800);
  await treeRow(page, DEMO.runs.report).hover();
  await page.locator('.monaco-hover', { hasText: 'Finished' }).first().waitFor({ timeout: 15_000 }).catch(() => undefined);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(MEDIA, 'screenshot-recent-runs.png') });
  log('wrote media/screenshot-recent-runs.png');
}

main().then(
  async () => {
    await runCleanups();
    process.exit(0);
  },
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await runCleanups();
    process.exit(1);
  },
);
