// The Agents view as a person uses it: expand an agent → a session → its artifacts, click one: it
// is downloaded and opens; the artifact gains a version in Gumloop: its row says so and Compare
// with Workspace Copy opens a diff; Download Session Artifacts writes every file byte-exact. The
// agent, sessions and artifacts are the test's own, so no other test shares their rows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { addArtifactVersion } from '../../emulator/addArtifactVersion';
import { addAgentData } from '../../emulator/server';
import type { UiTest, UiTestContext } from '../uiTest';
import { contextMenuAction, runCommand, waitForNotification } from '../workbench';
import { expand } from './flowSteps';
import { check, clearNotifications, setApiKey, showRecentRuns } from './steps';

const AGENT = { id: 'AgEntE2eView', name: 'E2E view agent' };
const CLICK_SESSION = { id: 'sess_E2eClick', name: 'Click session' };
const DOWNLOAD_SESSION = { id: 'sess_E2eDownl', name: 'Download session' };
const NOTES_V1 = '# Notes\n\nFirst draft.\n';
const NOTES_V2 = '# Notes\n\nSecond draft, with a new line.\n';
const DOWNLOADED: Record<string, Buffer> = {
  'table.csv': Buffer.from('a,b\n1,2\n'),
  'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 254, 255]),
  'readme.txt': Buffer.from('héllo wörld\n'),
};

/** A row of the Agents view (not of Flows or Recent Runs), by its text. */
function agentsRow(page: Page, text: string | RegExp): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Agents' }) }).locator('.monaco-list-row', { hasText: text }).first();
}

async function seed(ctx: UiTestContext): Promise<void> {
  const created = '2026-12-01T10:00:00Z';
  const version = (id: string) => [{ version_id: `ver_${id}1`, major_version: 1, created_at: created }];
  await addAgentData(
    ctx.emulator.dataDir,
    {
      agents: [{ ...AGENT, owner: ctx.demo.userId, created_at: created }],
      sessions: [
        { ...CLICK_SESSION, agent_id: AGENT.id, state: 'completed', created_at: '2026-12-02T10:00:00Z' },
        { ...DOWNLOAD_SESSION, agent_id: AGENT.id, state: 'completed', created_at: '2026-12-01T10:00:00Z' },
      ],
      artifacts: [
        { id: 'art_E2eNotes', agent_id: AGENT.id, session_id: CLICK_SESSION.id, filename: 'notes.md', media_type: 'text/markdown', versions: version('Notes') },
        ...Object.keys(DOWNLOADED).map((filename, index) => ({ id: `art_E2eDl${index}`, agent_id: AGENT.id, session_id: DOWNLOAD_SESSION.id, filename, versions: version(`Dl${index}`) })),
      ],
    },
    { art_E2eNotes: NOTES_V1, ...Object.fromEntries(Object.values(DOWNLOADED).map((bytes, index) => [`art_E2eDl${index}`, bytes])) },
  );
}

async function openAgents(ctx: UiTestContext): Promise<void> {
  await seed(ctx);
  await showRecentRuns(ctx.page);
  await setApiKey(ctx.page, ctx.demo.apiKey);
  await clearNotifications(ctx.page);
  await expand(agentsRow(ctx.page, AGENT.name));
}

function folderOf(ctx: UiTestContext, session: string): string {
  return path.join(ctx.workspace, 'gumloop', 'agents', AGENT.name, session);
}

export const tests: UiTest[] = [
  {
    name: 'Agents: expand agent → session, click an artifact: it opens; a new version in Gumloop shows on its row and Compare with Workspace Copy opens a diff',
    timeoutMs: 150_000,
    async run(ctx) {
      await openAgents(ctx);
      await expand(agentsRow(ctx.page, CLICK_SESSION.name));
      const notes = agentsRow(ctx.page, 'notes.md');
      await notes.waitFor({ timeout: 30_000 });
      await ctx.screenshot('agents-expanded');
      await notes.click();
      await ctx.page.locator('.part.editor .tab', { hasText: 'notes.md' }).waitFor({ timeout: 60_000 });
      const file = path.join(folderOf(ctx, CLICK_SESSION.name), 'notes.md');
      check(fs.readFileSync(file, 'utf8') === NOTES_V1, 'the clicked artifact is written byte-exact');
      await agentsRow(ctx.page, /notes\.md\s*downloaded · v1/).waitFor({ timeout: 30_000 });

      await addArtifactVersion(ctx.emulator.dataDir, 'art_E2eNotes', { version_id: 'ver_Notes2', major_version: 2, created_at: '2026-12-03T10:00:00Z' }, NOTES_V2);
      await runCommand(ctx.page, 'Gumloop: Refresh Agents');
      await expand(agentsRow(ctx.page, AGENT.name));
      await expand(agentsRow(ctx.page, CLICK_SESSION.name));
      const outdated = agentsRow(ctx.page, /notes\.md\s*newer version in Gumloop · v2/);
      await outdated.waitFor({ timeout: 30_000 });
      await contextMenuAction(ctx.page, outdated, 'Compare with Workspace Copy');
      await ctx.page.locator('.part.editor .tab', { hasText: '↔ v2' }).waitFor({ timeout: 60_000 });
      await ctx.page.locator('.part.editor .monaco-diff-editor .view-lines', { hasText: 'Second draft' }).first().waitFor({ timeout: 30_000 });
      check(fs.readFileSync(file, 'utf8') === NOTES_V1, 'comparing writes nothing to the workspace copy');
      await ctx.screenshot('agents-compare');
    },
  },
  {
    name: 'Agents: Download Session Artifacts writes every file byte-exact',
    async run(ctx) {
      await openAgents(ctx);
      await contextMenuAction(ctx.page, agentsRow(ctx.page, DOWNLOAD_SESSION.name), 'Download Session Artifacts');
      await waitForNotification(ctx.page, `Downloaded 3 artifacts into gumloop/agents/${AGENT.name}/${DOWNLOAD_SESSION.name}/`, 60_000);
      for (const [name, bytes] of Object.entries(DOWNLOADED)) {
        const file = path.join(folderOf(ctx, DOWNLOAD_SESSION.name), name);
        check(fs.existsSync(file) && fs.readFileSync(file).equals(bytes), `${name} written byte-exact`);
      }
    },
  },
];
