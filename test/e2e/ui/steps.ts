// Steps the UI tests share, each done the way a person does it: through the palette, the input
// boxes and the notifications.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { UiTestContext } from '../uiTest';
import { acceptQuickInput, answerInput, openViewContainer, pickQuickItem, runCommand, waitForNotification } from '../workbench';

export const VIEW = 'Gumloop';

/** Stores `key` through the palette; the message after it says whether Gumloop accepted it. */
export async function setApiKey(page: Page, key: string, verdict = 'Gumloop API key saved'): Promise<void> {
  await runCommand(page, 'Gumloop: Set API Key');
  await page.locator('.quick-input-widget input[type="password"]').waitFor({ timeout: 30_000 });
  await answerInput(page, key, { promptContains: 'Paste your Gumloop API key' });
  await pickQuickItem(page, 'Personal API key');
  await waitForNotification(page, verdict);
}

/**
 * The workbench shows only a few toasts at once; older ones would hide the one a step waits for.
 * Clearing them first is what a person tidying up does, and keeps the waits deterministic.
 */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
}

/** Starts "Download Run Files" and answers the run ID; the file question comes next. */
export async function startDownload(page: Page, runId: string): Promise<void> {
  await clearNotifications(page);
  await runCommand(page, 'Gumloop: Download Run Files');
  await answerInput(page, runId, { promptContains: 'Gumloop: Download Run Files (1/2)' });
}

/**
 * Pastes `text` into the open quick input and presses Enter within one browser task, as a fast
 * paste-and-Enter does when the extension host is busy: nothing the extension host sends back in
 * answer to the new value can arrive in between. (Playwright's fill and press are separate round
 * trips, slower than an idle extension host.) A string, since the project compiles without the DOM
 * library; keyCode is what the workbench's keyboard handling reads.
 */
export async function pasteAndEnter(page: Page, text: string): Promise<void> {
  await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.evaluate(`(() => {
    const input = document.querySelector('.quick-input-widget input');
    input.focus();
    input.value = ${JSON.stringify(text)};
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: ${JSON.stringify(text)} }));
    const enter = new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true });
    Object.defineProperty(enter, 'keyCode', { get: () => 13 });
    Object.defineProperty(enter, 'which', { get: () => 13 });
    input.dispatchEvent(enter);
  })()`);
}

/** Accepts the file picker as offered (names from the run's outputs or earlier downloads). */
export async function acceptOfferedFiles(page: Page): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Download Run Files (2/2)' }).waitFor({ timeout: 30_000 });
  await acceptQuickInput(page);
}

export function destination(ctx: UiTestContext, runId: string): string {
  return path.join(ctx.workspace, 'gumloop', runId);
}

export function seedFile(ctx: UiTestContext, runId: string, name: string): Buffer {
  return fs.readFileSync(path.join(ctx.emulator.dataDir, 'runs', runId, 'files', name));
}

export function assertSameBytes(actualFile: string, expected: Buffer): void {
  if (!fs.existsSync(actualFile)) throw new Error(`${actualFile} was not written`);
  if (!fs.readFileSync(actualFile).equals(expected)) throw new Error(`${actualFile} differs from the run's file`);
}

export async function showRecentRuns(page: Page): Promise<void> {
  await openViewContainer(page, VIEW);
}

/** Answers every conflict question with `choice` until none is left. */
export async function answerConflicts(page: Page, choice: string): Promise<number> {
  let answered = 0;
  const question = page.locator('.quick-input-widget .quick-input-title', { hasText: 'already exists in' });
  for (;;) {
    const appeared = await question.waitFor({ timeout: answered === 0 ? 30_000 : 3_000 }).then(
      () => true,
      () => false,
    );
    if (!appeared) return answered;
    await pickQuickItem(page, choice);
    answered++;
    await page.waitForTimeout(300);
  }
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Clicks a button of the modal dialog (showWarningMessage with modal: true) that shows `text`. */
export async function clickDialogButton(page: Page, text: string | RegExp, label: string): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: text });
  await dialog.waitFor({ state: 'visible', timeout: 60_000 });
  await dialog.locator('.monaco-button', { hasText: label }).first().click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
}

/** Where most tests start: the Gumloop view shown and the demo key stored. */
export async function readyWithKey(ctx: UiTestContext): Promise<void> {
  await showRecentRuns(ctx.page);
  await setApiKey(ctx.page, ctx.demo.apiKey, 'Gumloop API key saved and accepted by Gumloop.');
}

/** Downloads a run with the names offered, and waits for the result message. */
export async function downloadOffered(page: Page, runId: string, result: string | RegExp = `from run ${runId}`): Promise<void> {
  await startDownload(page, runId);
  await acceptOfferedFiles(page);
  await waitForNotification(page, result, 60_000);
}
