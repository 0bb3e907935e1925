// Steps on the Flows view shared by its UI tests and the README screenshots.
import type { Locator, Page } from 'playwright-core';

/** A row of the Flows view (not of Recent Runs), by its text; a RegExp is case-sensitive. */
export function flowsRow(page: Page, text: string | RegExp): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Flows' }) }).locator('.monaco-list-row', { hasText: text }).first();
}

/** Expands a row unless it already is (a click on an expanded row collapses it). */
export async function expand(row: Locator): Promise<void> {
  await row.waitFor({ timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
  await row.locator('xpath=self::*[@aria-expanded="true"]').waitFor({ timeout: 30_000 });
}
