// Writes a flow folder, so a test or benchmark can create exactly the flows it needs while the server runs.

import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DEMO } from './demo';
import { flowFolder, type FlowJson } from './flowStore';
import { isSafeRunId } from './safeNames';

/** Defaults: the demo user's flow, created now, named after its id. */
export async function addFlow(dataDir: string, savedItemId: string, flow: Partial<FlowJson> = {}): Promise<void> {
  if (!isSafeRunId(savedItemId)) throw new Error(`addFlow: ${JSON.stringify(savedItemId)} is not a usable flow id`);
  const flowJson: FlowJson = { name: savedItemId, created_ts: new Date().toISOString(), user_id: DEMO.userId, ...flow };
  await mkdir(flowFolder(dataDir, savedItemId), { recursive: true });
  await writeFile(path.join(flowFolder(dataDir, savedItemId), 'flow.json'), `${JSON.stringify(flowJson, null, 2)}\n`);
}
