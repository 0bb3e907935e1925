// Placeholder UI test: the packaged extension loads in the workbench and contributes its view
// container ("Gumloop", id `gumloop`) to the activity bar.
import type { UiTestContext } from '../uiTest';

export default async function smoke(ctx: UiTestContext): Promise<void> {
  // Appears once the remote extension host has scanned the installed extensions.
  await ctx.page.locator('.part.activitybar [aria-label^="Gumloop"]').first().waitFor({ timeout: 60_000 });
}
