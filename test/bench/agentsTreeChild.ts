// One fresh process, one measurement: the Agents tree's rows for a session with 1,000 artifacts,
// computed by the real provider over the real store as VS Code asks for them (getChildren of the
// session, then getTreeItem per artifact), after the session's ten pages of 100 have arrived: the
// issue's "renders in ≤ 50 ms after its pages arrive". Gumloop's answers are in memory, so only
// the extension's own work is timed. Every row has a version, size and date to format, and every
// third one a workspace copy (every ninth older). Prints {"ms": n}.
import { performance } from 'node:perf_hooks';
import { installVscodeStub } from './vscodeStub';

installVscodeStub();
/* eslint-disable @typescript-eslint/no-require-imports -- after the stub, so they get it */
const { AgentsTreeProvider } = require('../../src/views/agentsTree') as typeof import('../../src/views/agentsTree');
const { AgentsStore } = require('../../src/remote/agentsStore') as typeof import('../../src/remote/agentsStore');
const { realClock } = require('../../src/remote/runWatcher') as typeof import('../../src/remote/runWatcher');
/* eslint-enable @typescript-eslint/no-require-imports */

const ARTIFACTS = 1000;
const PAGE = 100;

async function main(): Promise<void> {
  const artifacts = Array.from({ length: ARTIFACTS }, (_, index) => ({
    id: `art${String(index).padStart(5, '0')}`,
    filename: `report-${index}${index % 3 === 0 ? '.csv' : '.md'}`,
    sessionId: 's1',
    versionId: `ver${index}`,
    majorVersion: 1 + (index % 4),
    size: 1_000 + index * 37,
    createdAt: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
  }));
  let pages = 0;
  const store = new AgentsStore({
    api: {
      listAgents: async () => [{ id: 'a1', name: 'Researcher' }],
      listTeams: async () => [],
      listSessions: async () => ({ items: [{ id: 's1', name: 'Big session', state: 'completed' }] }),
      listArtifacts: async (_agentId, query) => {
        pages++;
        const offset = query.cursor ? Number(query.cursor) : 0;
        const next = offset + PAGE < ARTIFACTS ? String(offset + PAGE) : undefined;
        return { items: artifacts.slice(offset, offset + PAGE), nextCursor: next };
      },
    },
    clock: realClock,
    teamId: () => undefined,
    isVisible: () => false, // nothing to poll in a measurement
    isFocused: () => false,
  });
  await store.loadSessions('a1');
  await store.loadSessionArtifacts('a1', 's1');
  if (pages !== ARTIFACTS / PAGE) throw new Error(`expected ${ARTIFACTS / PAGE} pages, got ${pages}`);
  const provider = new AgentsTreeProvider({
    store,
    hasApiKey: async () => true,
    localCopy: (_agentId, artifact) => (Number(artifact.id.slice(3)) % 3 === 0 ? { path: `gumloop/agents/Researcher/Big session/${artifact.filename}`, outdated: Number(artifact.id.slice(3)) % 9 === 0 } : undefined),
  });
  const started = performance.now();
  const nodes = await provider.getChildren({ kind: 'session', agentId: 'a1', sessionId: 's1' });
  const items = nodes.map((node) => provider.getTreeItem(node));
  const ms = performance.now() - started;
  if (items.length !== ARTIFACTS) throw new Error(`expected ${ARTIFACTS} items, got ${items.length}`);
  process.stdout.write(`${JSON.stringify({ ms })}\n`);
  provider.dispose();
  store.dispose();
}

void main();
