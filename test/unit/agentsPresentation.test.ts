// The Agents tree's rows as pure data: state icons for every session state (and an unknown one),
// names or start times as labels, versions/sizes/dates on artifact rows, the downloaded and
// "newer version" marks, Load more, and hostile text from Gumloop cleaned before it is shown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  artifactsTotal,
  presentAgent,
  presentAllArtifacts,
  presentArtifact,
  presentLoadMore,
  presentSession,
  sessionIcon,
  versionLabel,
} from '../../src/ui/agentsPresentation';

const NOW = Date.parse('2026-12-06T12:00:00Z');

void describe('sessions', () => {
  void test('each state has its own icon; an unknown word a question mark', () => {
    const icons = ['processing', 'queued', 'completed', 'failed', 'idle', 'archived', undefined].map((state) => sessionIcon(state).id);
    assert.deepEqual(icons, ['sync~spin', 'loading~spin', 'pass', 'error', 'circle-outline', 'question', 'question']);
  });

  void test('label is the name, or the start when there is none; description the state and when', () => {
    const named = presentSession('a1', { id: 's1', name: 'Research Acme', state: 'completed', createdAt: '2026-12-06T11:50:00Z' }, NOW);
    assert.equal(named.label, 'Research Acme');
    assert.equal(named.description, 'completed · 10 min ago');
    assert.equal(named.contextValue, 'session finished');
    const unnamed = presentSession('a1', { id: 's2', state: 'processing', createdAt: '2026-12-06T11:59:50Z' }, NOW);
    assert.match(unnamed.label, /^Dec 6, \d+:59 (AM|PM)$/);
    assert.equal(unnamed.contextValue, 'session live');
    assert.match(unnamed.tooltip(), /Still working/);
    assert.equal(presentSession('a1', { id: 'sess_0123456789abcdef' }, NOW).label, 'Session sess_0123456…');
  });

  void test('hostile names and states are cleaned before they are shown', () => {
    const row = presentSession('a1', { id: 's1', name: 'evil\u202Ename\u0007', state: 'done\u001b[31m' }, NOW);
    assert.doesNotMatch(row.label + row.description, /[\u202E\u0007\u001b]/);
    const agent = presentAgent({ id: 'a1', name: '**bold** [x](command:evil)' });
    assert.doesNotMatch(agent.tooltip(), /\[x\]\(command/);
  });
});

void describe('artifacts', () => {
  const artifact = { id: 'art1', filename: 'report.pdf', versionId: 'ver_9', majorVersion: 3, size: 2048, createdAt: '2026-12-06T09:00:00Z' };

  void test('a row shows its version, size and when; a click downloads it', () => {
    const row = presentArtifact('s1', artifact, undefined, NOW);
    assert.equal(row.label, 'report.pdf');
    assert.equal(row.description, 'v3 · 2.0 KB · 3 h ago');
    assert.equal(row.contextValue, 'artifact');
    assert.equal(row.icon.id, 'cloud-download');
    assert.match(row.tooltip(), /Click to download/);
  });

  void test('a downloaded copy is marked, and an older one says a newer version exists', () => {
    const current = presentArtifact('s1', artifact, { path: 'gumloop/agents/x/report.pdf', outdated: false }, NOW);
    assert.equal(current.contextValue, 'artifact downloaded');
    assert.match(current.description ?? '', /^downloaded · v3/);
    const older = presentArtifact('s1', artifact, { path: 'gumloop/agents/x/report.pdf', outdated: true }, NOW);
    assert.equal(older.contextValue, 'artifact downloaded outdated');
    assert.match(older.description ?? '', /^newer version in Gumloop · v3/);
    assert.equal(older.icon.id, 'arrow-circle-up');
    assert.match(older.tooltip(), /Compare with Workspace Copy/);
  });

  void test('version: the number when given, else the id, else nothing; size only when known', () => {
    assert.equal(versionLabel({ majorVersion: 1, versionId: 'v' }), 'v1');
    assert.equal(versionLabel({ versionId: 'ver_abc' }), 'version ver_abc');
    assert.equal(versionLabel({}), undefined);
    assert.equal(presentArtifact('s', { id: 'a', filename: 'x.txt' }, undefined, NOW).description, undefined);
  });

  void test('a file name with a path or control characters is shown cleaned', () => {
    const row = presentArtifact('s1', { id: 'a', filename: '../../etc/passwd\u0000\u202E' }, undefined, NOW);
    assert.doesNotMatch(row.label, /[\u0000\u202E]/);
  });

  void test('totals say count and size, and what size is unknown', () => {
    assert.equal(artifactsTotal([{ size: 1024 }, { size: 1024 }]), '2 artifacts, 2.0 KB');
    assert.equal(artifactsTotal([{ size: 1024 }, {}]), '2 artifacts, at least 1.0 KB (1 of unknown size)');
    assert.equal(artifactsTotal([{}]), '1 artifact (size unknown)');
  });
});

void describe('listing rows', () => {
  void test('Load more says how many are shown, and spins while loading', () => {
    assert.deepEqual([presentLoadMore('a1', 1234, false).label, presentLoadMore('a1', 1234, false).description], ['Load more…', '1,234 shown']);
    assert.equal(presentLoadMore('a1', 3, true).icon.id, 'loading~spin');
  });

  void test('All Artifacts shows its search', () => {
    assert.equal(presentAllArtifacts('a1', undefined).description, undefined);
    assert.equal(presentAllArtifacts('a1', 'q4').description, 'matching “q4”');
    assert.equal(presentAllArtifacts('a1', 'q4').contextValue, 'allArtifacts searched');
  });
});
