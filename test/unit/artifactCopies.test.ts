// The Agents view's memory of downloaded artifacts: the newest copy per artifact wins, the list
// is capped, storage from another version is read safely, and listeners hear of each download.
// Recent Runs shows such a download as agent artifacts, without Download Again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArtifactCopies, MAX_ARTIFACT_COPIES, parseCopies, type ArtifactCopy } from '../../src/runs/artifactCopies';
import { presentRun } from '../../src/ui/runPresentation';

function memory(initial?: unknown) {
  const box = { value: initial, writes: 0 };
  return { box, storage: { get: () => box.value, set: async (copies: ArtifactCopy[]) => void ((box.value = copies), box.writes++) } };
}

const copy = (artifactId: string, versionId: string, at = 1): ArtifactCopy => ({ artifactId, agentId: 'a1', versionId, majorVersion: 1, path: `/w/${artifactId}`, downloadedAt: at });

test('the newest copy of an artifact wins, is stored, and is told to listeners', async () => {
  const { box, storage } = memory();
  const copies = new ArtifactCopies(storage);
  let told = 0;
  copies.onDidChange(() => told++);
  await copies.record([copy('x', 'v1'), copy('y', 'v1')]);
  await copies.record([copy('x', 'v2', 2)]);
  assert.equal(copies.get('x')?.versionId, 'v2');
  assert.equal(told, 2);
  assert.deepEqual(
    (box.value as ArtifactCopy[]).map((c) => c.artifactId),
    ['y', 'x'],
  );
  assert.equal(new ArtifactCopies(storage).get('x')?.versionId, 'v2', 'read back in the next window');
});

test('the list is capped, the oldest forgotten first', async () => {
  const { storage } = memory();
  const copies = new ArtifactCopies(storage);
  await copies.record(Array.from({ length: MAX_ARTIFACT_COPIES + 2 }, (_, i) => copy(`a${i}`, 'v')));
  assert.equal(copies.get('a0'), undefined);
  assert.equal(copies.get('a1'), undefined);
  assert.ok(copies.get(`a${MAX_ARTIFACT_COPIES + 1}`));
});

test('malformed storage is dropped, not trusted', () => {
  assert.deepEqual(parseCopies('nope'), []);
  assert.deepEqual(parseCopies([{ artifactId: 'x' }, null, copy('y', 'v')]), [copy('y', 'v')]);
});

test('Recent Runs shows agent artifacts by agent and session, without Download Again', () => {
  const row = presentRun({ runId: 'a1/s1', kind: 'artifacts', flowName: 'Research agent · Q4', fileNames: [], files: ['a.md', 'b.csv'], destination: '/w/gumloop/agents/x', downloadedAt: 0 }, 60_000, true);
  assert.equal(row.label, 'Research agent · Q4');
  assert.match(row.description ?? '', /^agent artifacts · 2 files · /);
  assert.equal(row.contextValue, 'run artifacts hasFolder');
  assert.doesNotMatch(row.contextValue, /downloadable|notDownloaded/);
});
