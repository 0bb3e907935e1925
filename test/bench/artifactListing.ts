// What listing an agent's artifacts costs, counted at the emulator (its own process): every
// page is followed with the largest page the API allows (100), so n artifacts must cost
// ⌈n/100⌉ requests — no extra request for the end, none repeated.
import { listArtifacts } from '../../src/gumloop/agents';
import { GumloopClient } from '../../src/gumloop/client';
import { followPages } from '../../src/gumloop/paging';
import { addAgentData, DEMO, type ArtifactJson } from '../emulator/server';
import { startEmulatorProcess } from './emulatorProcess';

export const ARTIFACT_COUNTS = [1, 100, 101, 250, 1000] as const;

export interface ArtifactListingCost {
  artifacts: number;
  listed: number;
  requests: number;
  /** ⌈n/100⌉. */
  expected: number;
}

export async function measureArtifactListing(log: (line: string) => void): Promise<ArtifactListingCost[]> {
  const emulator = await startEmulatorProcess();
  const origin = new URL(emulator.baseUrl).origin;
  const client = new GumloopClient({ credentials: { apiKey: DEMO.apiKey, authMode: 'personal', userId: DEMO.userId }, baseUrl: emulator.baseUrl });
  const results: ArtifactListingCost[] = [];
  try {
    log(`artifact listing: requests for ${ARTIFACT_COUNTS.join(', ')} artifacts`);
    for (const count of ARTIFACT_COUNTS) {
      const agentId = `BenchAgent${count}`;
      const artifacts: ArtifactJson[] = Array.from({ length: count }, (_, index) => ({
        id: `bench_${count}_${index}`,
        agent_id: agentId,
        session_id: `sess_${index % 3}`,
        filename: `file-${index}.txt`,
        versions: [{ version_id: `v_${count}_${index}`, major_version: 1, created_at: new Date(Date.UTC(2026, 10, 1) + index * 1000).toISOString() }],
      }));
      await addAgentData(emulator.dataDir, { agents: [{ id: agentId, name: `Bench ${count}`, owner: DEMO.userId, created_at: '2026-11-01T00:00:00Z' }], artifacts });
      await fetch(`${origin}/__emulator/requests`, { method: 'DELETE' });
      const { items } = await followPages((cursor) => listArtifacts(client, agentId, { cursor }));
      const counts = (await (await fetch(`${origin}/__emulator/requests/counts`)).json()) as Record<string, number>;
      results.push({ artifacts: count, listed: items.length, requests: counts[`GET /agents/${agentId}/artifacts`] ?? 0, expected: Math.ceil(count / 100) });
    }
    const wrong = results.find((result) => result.listed !== result.artifacts);
    if (wrong) throw new Error(`listing ${wrong.artifacts} artifacts returned ${wrong.listed}: the measurement measured the wrong thing`);
    return results;
  } finally {
    await client.close();
    await emulator.stop();
  }
}
