// Playwright helpers for driving the VS Code workbench served by code-server, written against the
// workbench's own DOM (VS Code 1.139): quick input, notifications, activity bar, tree views, menus.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { RESULTS_DIR } from './paths';
import { CHROMIUM_PATH } from './systemPackages';

/** Headless Debian Chromium without anything that reaches the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const UI_TIMEOUT = 30_000;

/**
 * Playwright gives each launch a throw-away profile, and each `newContext()` an incognito-like
 * context: secrets (kept in the origin's localStorage by code-server) never leak between contexts.
 * Chromium still writes a crash-report database under XDG_CONFIG_HOME (~/.config/chromium) and
 * scratch folders into TMPDIR, so those point into a temp folder removed when the browser closes.
 */
export async function launchBrowser(opts: { executablePath?: string } = {}): Promise<Browser> {
  const executablePath = opts.executablePath ?? CHROMIUM_PATH;
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gumloop-chromium-'));
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), TMPDIR: home };
  try {
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, env });
    browser.on('disconnected', () => fs.rmSync(home, { recursive: true, force: true }));
    return browser;
  } catch (err) {
    fs.rmSync(home, { recursive: true, force: true });
    throw err;
  }
}

export async function newWorkbenchContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1400, height: 900 } });
}

/** Opens `folder` in the workbench and resolves once the workbench parts are on screen. */
export async function openWorkbench(target: Browser | BrowserContext, url: string, folder: string): Promise<Page> {
  const context = isBrowser(target) ? await newWorkbenchContext(target) : target;
  const page = await context.newPage();
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  return page;
}

/**
 * Turns `page` into the window of the multi-root workspace `workspaceFile` and resolves once the
 * Explorer lists each of `folderNames`. code-server's workbench, opening a workspace file for the
 * first time in a user-data folder, sometimes (2 of 5 opens here) comes up as the workspace but
 * without any of its folders — its own Explorer says "You have not yet added a folder to the
 * workspace", extensions see no workspaceFolders — and never adds them (still none after 90 s),
 * although it has read the file by then (it caches the folders in the user-data folder). A reload,
 * which reads that cache, shows them every time, as it would for a person; a window still without
 * the folders after that fails the test.
 */
export async function openWorkspaceFile(page: Page, url: string, workspaceFile: string, folderNames: readonly string[], log: (line: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (attempt === 1) await page.goto(`${url}/?workspace=${encodeURIComponent(workspaceFile)}`, { waitUntil: 'domcontentloaded' });
    else await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    await openViewContainer(page, 'Explorer');
    const shown = async (name: string): Promise<boolean> =>
      page
        .locator('.part.sidebar .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: exactText(name) }) })
        .first()
        .waitFor({ timeout: 20_000 })
        .then(() => true, () => false);
    const missing = (await Promise.all(folderNames.map(async (name) => ((await shown(name)) ? [] : [name])))).flat();
    if (missing.length === 0) return;
    if (attempt >= 2) throw new Error(`the workspace ${path.basename(workspaceFile)} opened without its folders ${missing.join(', ')}, also after a reload`);
    log(`the workspace window came up without its folders (${missing.join(', ')}); reloading it once`);
  }
}

/** Runs a command through the command palette (F1), choosing the row whose label is exactly `title`. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const widget = quickInput(page);
  const row = quickRow(page, title);
  for (let attempt = 1; ; attempt++) {
    try {
      await focusWorkbench(page);
      await page.keyboard.press('F1');
      await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await widget.locator('input').first().fill(`>${title}`, { timeout: 5_000 });
      await row.waitFor({ timeout: UI_TIMEOUT });
      // Clicking the exact row rather than pressing Enter: Enter takes whichever row ranks first.
      await row.click({ timeout: 5_000 });
      break;
    } catch (error) {
      // A window still restoring after a reload can move focus into a view just as the palette
      // opens, which closes it before the typing or the click: nothing ran, so open it again.
      if (attempt >= 3 || (await widget.isVisible())) throw error;
    }
  }
  // The palette closes while the command starts; wait for that, so a following answerInput or
  // pickQuickItem cannot grab the closing palette (the workbench reuses the same widget).
  // (A string: the project compiles without the DOM library.)
  await page.waitForFunction(PALETTE_CLOSED, undefined, { timeout: UI_TIMEOUT });
}

const PALETTE_CLOSED = `(() => {
  const widget = document.querySelector('.quick-input-widget');
  const input = widget && widget.querySelector('input');
  return !widget || widget.style.display === 'none' || !input || !input.value.startsWith('>');
})()`;

/**
 * Answers a showInputBox/quick input: waits for it (and, if given, for `promptContains` in its
 * prompt, title or placeholder), replaces its value with `text` and presses Enter.
 */
export async function answerInput(page: Page, text: string, opts: { promptContains?: string } = {}): Promise<void> {
  const widget = quickInput(page);
  await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const input = widget.locator('input').first();
  if (opts.promptContains !== undefined) {
    const prompt = opts.promptContains;
    await widget
      .locator('.quick-input-message', { hasText: prompt })
      .or(widget.locator('.quick-input-title', { hasText: prompt }))
      .or(widget.locator(`input[placeholder*=${JSON.stringify(prompt)}]`))
      .first()
      .waitFor({ timeout: UI_TIMEOUT });
  }
  await input.fill(text);
  await input.press('Enter');
}

/**
 * Picks an item in an open quick pick: a string matches a row's label exactly, a RegExp the whole
 * row text. In a multi-select pick this toggles the item; finish with acceptQuickInput.
 */
export async function pickQuickItem(page: Page, label: string | RegExp): Promise<void> {
  await quickInput(page).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const row =
    typeof label === 'string'
      ? quickRow(page, label)
      : page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: UI_TIMEOUT });
  await row.click();
}

/** Accepts the open quick input as it stands (e.g. a multi-select pick's current selection). */
export async function acceptQuickInput(page: Page): Promise<void> {
  const widget = quickInput(page);
  await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await widget.locator('input').first().press('Enter');
}

/**
 * Chooses `folder` in VS Code's own (quick-input) folder dialog, which code-server always uses.
 * The dialog first lists its starting folder and, when that listing lands, writes the starting
 * path into the box: a path typed earlier is overwritten, and Enter then picks the wrong folder.
 * So: wait for the first listing, type the folder with a trailing slash (the dialog then lists
 * it), wait until `childName` (an entry of `folder`) is listed, and only then press Enter.
 */
export async function chooseFolder(page: Page, title: string, folder: string, childName: string): Promise<void> {
  await chooseInDialog(page, title, folder, childName, undefined);
}

/** Chooses the file `folder`/`fileName` in VS Code's own file dialog, the same way as chooseFolder. */
export async function chooseFile(page: Page, title: string, folder: string, fileName: string): Promise<void> {
  await chooseInDialog(page, title, folder, fileName, `${folder}/${fileName}`);
}

async function chooseInDialog(page: Page, title: string, folder: string, childName: string, finalValue: string | undefined): Promise<void> {
  const widget = quickInput(page);
  const titleBar = widget.locator('.quick-input-title', { hasText: title });
  await titleBar.waitFor({ timeout: UI_TIMEOUT });
  await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: UI_TIMEOUT });
  await widget.locator('input').first().fill(`${folder}/`);
  await quickRow(page, childName).waitFor({ timeout: UI_TIMEOUT });
  if (finalValue !== undefined) await widget.locator('input').first().fill(finalValue);
  await widget.locator('input').first().press('Enter');
  await titleBar.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/**
 * Hovers `target` until VS Code's hover shows `text`. A row redrawn under a resting mouse (a
 * tree refresh after a download) cancels its pending hover, so the mouse leaves and comes back.
 */
export async function showsOnHover(page: Page, target: Locator, text: string, attempts = 5): Promise<void> {
  const hover = page.locator('.monaco-hover', { hasText: text }).first();
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(0, 0);
    await target.hover();
    try {
      await hover.waitFor({ timeout: 6_000 });
      break;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
  await page.mouse.move(0, 0);
}

/** A notification toast containing the text, once it is visible. */
export async function waitForNotification(page: Page, textContains: string | RegExp, timeoutMs = UI_TIMEOUT): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: textContains }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return toast;
}

/** Clicks a button (e.g. "Open Folder", "Retry") on the notification that contains the text. */
export async function clickNotificationAction(page: Page, textContains: string | RegExp, actionLabel: string): Promise<void> {
  const toast = await waitForNotification(page, textContains);
  await toast.locator('.monaco-button', { hasText: exactText(actionLabel) }).first().click();
}

/** A row of a tree or list in a view (sidebar or panel), not of the quick input. */
export function treeRow(page: Page, textContains: string | RegExp): Locator {
  return page.locator('.pane-body .monaco-list-row', { hasText: textContains }).first();
}

/** Shows a view container from the activity bar (no-op when it is already showing). */
export async function openViewContainer(page: Page, ariaLabelPrefix: string): Promise<void> {
  const item = page.locator(`.part.activitybar li.action-item:has(> a.action-label[aria-label^=${JSON.stringify(ariaLabelPrefix)}])`).first();
  await item.waitFor({ timeout: 60_000 });
  // Clicking the active container's icon would hide the sidebar instead.
  if ((await item.getAttribute('class'))?.split(/\s+/).includes('checked')) return;
  // Near the icon's top-left corner: a count badge (the Gumloop container's "1 Gumloop run
  // running") covers its bottom-right and its centre, and would take the click.
  const click = () => item.locator('a.action-label').click({ position: { x: 6, y: 6 } });
  await click();
  const pane = page.locator('.part.sidebar .pane-body').first();
  try {
    await pane.waitFor({ timeout: 5_000 });
  } catch {
    // A window still restoring after a reload can open the container itself just before the
    // click lands, and the click then hides the sidebar again: open it once more.
    await click();
    await pane.waitFor({ timeout: UI_TIMEOUT });
  }
}

/** Right-clicks `row` and chooses the context-menu entry labelled exactly `actionLabel`. */
export async function contextMenuAction(page: Page, row: Locator, actionLabel: string): Promise<void> {
  await row.click({ button: 'right' });
  // The menu lives in a shadow root; Playwright's CSS locators pierce open shadow roots.
  const menu = page.locator('.monaco-menu');
  const entry = (extra: string): Locator =>
    menu.locator(`li.action-item${extra}`, { has: page.locator('.action-label', { hasText: exactText(actionLabel) }) }).first();
  await entry('').waitFor({ timeout: UI_TIMEOUT });
  // A click right after the menu opens is sometimes swallowed (the menu guards against the
  // right-click's own mouse-up); hovering focuses the entry and Enter then runs it reliably.
  await entry('').hover();
  await entry('.focused').waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
  await menu.first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

/** Saves a full-page screenshot as test-results/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '')}.png`);
  await page.screenshot({ path: file });
  return file;
}

function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** The quick-input row whose label (ignoring highlight markup and whitespace) is exactly `label`. */
function quickRow(page: Page, label: string): Locator {
  return page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactText(label) }) })
    .first();
}

function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

function isBrowser(target: Browser | BrowserContext): target is Browser {
  return 'contexts' in target;
}

/**
 * Keyboard shortcuts go to the focused element, and a focused webview would swallow them: click the
 * editor area first (harmless: an empty group shows a watermark, a text editor just moves its cursor).
 */
async function focusWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .part.editor').click({ timeout: 5000 }).catch(() => undefined);
}
