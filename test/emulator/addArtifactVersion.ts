// A test hook: an artifact gains a version, as when an agent edits a file it made. The new
// version becomes the current one (the one the list shows and `download` serves without a
// version_id); the older ones stay downloadable by their listed ids. Used by the Agents view's
// e2e test of Compare with Workspace Copy.
import { readFile, writeFile } from 'node:fs/promises';
import { addAgentData, agentsFile, readAgentData, type ArtifactVersionJson } from './agentStore';

export async function addArtifactVersion(dataDir: string, artifactId: string, version: ArtifactVersionJson, bytes: string | Buffer): Promise<void> {
  const data = await readAgentData(dataDir);
  const artifact = data.artifacts.find((candidate) => candidate.id === artifactId);
  if (!artifact) throw new Error(`addArtifactVersion: no artifact ${artifactId}`);
  // The bytes first (through addAgentData, which writes agents.json after them), then the version that names them.
  await addAgentData(dataDir, {}, { [artifactId]: { [version.version_id]: bytes } });
  const text = await readFile(agentsFile(dataDir), 'utf8');
  const written = JSON.parse(text) as typeof data;
  written.artifacts.find((candidate) => candidate.id === artifactId)?.versions.push(version);
  await writeFile(agentsFile(dataDir), `${JSON.stringify(written, null, 2)}\n`);
}
