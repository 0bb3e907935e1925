// `npm run screenshots`: regenerates the README's pictures from the real workbench, driven like
// the UI tests (same harness, same emulator data), so they always show the extension as it is.
//   media/screenshot-download.png      the file question of Download Run Files, from the palette
//   media/screenshot-recent-runs.png   Recent Runs with runs expanded and a run's context menu
//   media/screenshot-flows.png         the Flows view: a flow's runs (one running) and a run's outputs
// Nothing in them may show a machine path: hence the context menu, not the run's tooltip (which
// names the destination folder).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { copySeed, DEMO, startEmulator } from '../emulator/server';
import { registerCleanup, runCleanups } from './cleanup';
import { startCodeServer } from './codeServer';
import { buildAndPackage } from './packageVsix';
import { REPO_ROOT } from './paths';
import { expand as expandFlowsRow, flowsRow } from './ui/flowSteps';
import { acceptOfferedFiles, clearNotifications, setApiKey, showRecentRuns, startDownload } from './ui/steps';
import { ensureVsCode } from './vscodeInstall';
import { acceptQuickInput, launchBrowser, openWorkbench, runCommand, screenshot, treeRow, waitForNotification } from './workbench';

const MEDIA = path.join(REPO_ROOT, 'media');
const VIEWPORT = { width: 1280, height: 800 };
/** The README embeds these; larger pictures slow its page down for little gain. */
const MAX_BYTES = 250 * 1024;

const log = (line: string): void => console.log(`# ${line}`);

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gumloop-shots-'));
  registerCleanup(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const vscode = await ensureVsCode(log);
  const vsix = await buildAndPackage(REPO_ROOT, path.join(scratch, 'gumloop-files.vsix'), log);
  const dataDir = path.join(scratch, 'emulator');
  await copySeed(dataDir);
  const emulator = await startEmulator({ dataDir, port: 0 });
  registerCleanup(() => emulator.close());
  // The folder name shows in the title bar: make it look like a user's project.
  const workspace = path.join(scratch, 'quarterly-report');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Quarterly report\n\nOutputs of the Gumloop flow land in `gumloop/`.\n');
  const server = await startCodeServer({
    codeServerBin: vscode.codeServerBin,
    nodeBin: vscode.nodeBin,
    workspace,
    vsix,
    userSettings: {
      'gumloop.userId': DEMO.userId,
      // Less chrome that has nothing to do with the extension.
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'window.commandCenter': false,
      'editor.minimap.enabled': false,
    },
    machineSettings: { 'gumloop.baseUrl': emulator.baseUrl },
    scratchDir: path.join(scratch, 'code-server'),
  });
  registerCleanup(() => server.stop());
  const browser = await launchBrowser({ executablePath: vscode.chromiumPath });
  registerCleanup(() => browser.close());
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await openWorkbench(context, server.url, workspace);
  try {
    await takeScreenshots(page);
  } catch (error) {
    // Kept in the ignored test-results folder, like a failing UI test's picture.
    const shot = await screenshot(page, 'screenshots-failure').catch(() => undefined);
    if (shot) console.error(`screenshot of the failure: ${shot}`);
    throw error;
  }
}

async function takeScreenshots(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await showRecentRuns(page);
  await setApiKey(page, DEMO.apiKey);
  // Two earlier downloads, so the view has a history and the run-ID question lists it.
  for (const runId of [DEMO.runs.unicode, DEMO.runs.nested]) {
    await startDownload(page, runId);
    await acceptOfferedFiles(page);
    await waitForNotification(page, `from run ${runId}`, 60_000);
  }
  await clearNotifications(page);
  await expand(treeRow(page, DEMO.runs.nested));
  await openFromTree(page, 'details.json');

  // The file question for a new run: the names come from the run's outputs on Gumloop.
  await startDownload(page, DEMO.runs.report);
  const picker = page.locator('.quick-input-widget');
  await picker.locator('.quick-input-title', { hasText: 'Download Run Files (2/2)' }).waitFor({ timeout: 30_000 });
  await picker.locator('.monaco-list-row', { hasText: 'Other file names' }).waitFor({ timeout: 30_000 });
  // Away from the picker, whose placeholder would otherwise show a hover over its title.
  await page.mouse.move(1000, 700);
  await settle(page);
  await save(page, 'screenshot-download.png');

  await acceptQuickInput(page);
  await waitForNotification(page, `Downloaded 4 files from run ${DEMO.runs.report}`, 60_000);
  await clearNotifications(page);
  const report = treeRow(page, DEMO.runs.report);
  await expand(report);
  // A short file: the long CSV would make the picture too heavy for the README.
  await openFromTree(page, 'summary.json');
  await report.click({ button: 'right' });
  await page.locator('.monaco-menu .action-label', { hasText: 'Copy Run ID' }).waitFor({ timeout: 30_000 });
  // Rest the pointer on the first entry, as a person about to choose it would.
  await page.locator('.monaco-menu .action-label', { hasText: 'Download Again' }).first().hover();
  await settle(page);
  await save(page, 'screenshot-recent-runs.png');
  await page.keyboard.press('Escape');
  await takeFlowsScreenshot(page);
}

/** The Flows view: the sales flow's runs with the report's outputs, and a running flow. */
async function takeFlowsScreenshot(page: Page): Promise<void> {
  await runCommandQuietly(page, 'View: Close All Editors');
  // Recent Runs collapsed, so the Flows view has the sidebar's height.
  const recentHeader = page.locator('.pane-header', { hasText: 'Recent Runs' }).first();
  if ((await recentHeader.getAttribute('aria-expanded')) === 'true') await recentHeader.click();
  await expandFlowsRow(flowsRow(page, 'Nightly data warehouse sync'));
  await flowsRow(page, /Running · /).waitFor({ timeout: 30_000 });
  await expandFlowsRow(flowsRow(page, 'Quarterly sales report'));
  await expandFlowsRow(flowsRow(page, /Done · 1 min 44 s/));
  await flowsRow(page, 'sales-report.csv').waitFor({ timeout: 30_000 });
  await expandFlowsRow(flowsRow(page, 'CRM contacts export'));
  await expandFlowsRow(flowsRow(page, /Failed · /));
  await flowsRow(page, /Why: /).waitFor({ timeout: 30_000 });
  await page.mouse.move(1000, 700);
  await settle(page);
  await save(page, 'screenshot-flows.png');
}

async function runCommandQuietly(page: Page, title: string): Promise<void> {
  await runCommand(page, title);
  await settle(page);
}

/** Expands a tree row unless it already is (a click on an expanded row would collapse it). */
async function expand(row: Locator): Promise<void> {
  await row.waitFor({ timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
  await row.locator('xpath=self::*[@aria-expanded="true"]').waitFor({ timeout: 10_000 });
}

async function openFromTree(page: Page, fileName: string): Promise<void> {
  await treeRow(page, fileName).click();
  await page.locator('.part.editor .tab', { hasText: fileName }).waitFor({ timeout: 30_000 });
}

/** Lets animations (quick input, menus, tree twisties) finish before the picture. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(800);
}

/** Replaces media/<name> only with a picture within the size budget. */
async function save(page: Page, name: string): Promise<void> {
  const picture = await page.screenshot();
  const kb = Math.round(picture.length / 1024);
  if (picture.length > MAX_BYTES) throw new Error(`media/${name} would be ${kb} KB, over ${MAX_BYTES / 1024} KB: show less detail`);
  fs.writeFileSync(path.join(MEDIA, name), picture);
  log(`wrote media/${name} (${kb} KB)`);
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
