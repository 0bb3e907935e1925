// Artifact file names (src/download/artifactNames.ts), the folder template (artifactFolder.ts) and
// newer-version detection (gumloop/artifactVersions.ts): pure, table-tested.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { artifactFileNames, MAX_NAME_BYTES, safeArtifactName } from '../../src/download/artifactNames';
import { DEFAULT_ARTIFACT_FOLDER, expandArtifactFolder, unknownFolderVariables } from '../../src/download/artifactFolder';
import { versionStatus } from '../../src/gumloop/artifactVersions';
import { gitComponentRefusal } from '../../src/gitPath';
import { redactUrl } from '../../src/gumloop/signedUrl';

const FALLBACK = 'artifact-a1';

void describe('safeArtifactName', () => {
  const table: [string | undefined, string, boolean][] = [
    // [server's filename, file name used, said to be changed]
    ['report.pdf', 'report.pdf', false],
    ['Q4 résumé データ.csv', 'Q4 résumé データ.csv', false],
    ['.env', '.env', false],
    ['../x', '_.._x', true],
    ['..', FALLBACK, true],
    ['...', FALLBACK, true],
    ['/etc/passwd', '_etc_passwd', true],
    ['a/b\\c.txt', 'a_b_c.txt', true],
    ['..\\..\\win.ini', '_.._.._win.ini', true],
    ['.git', '_.git', true],
    ['.GIT', '_.GIT', true],
    ['.git/hooks/x', '.git_hooks_x', true],
    ['git~1', '_git~1', true],
    ['.g\u200cit', '_.git', true],
    ['evil\u001b[31mred\u0007.txt', 'evilred.txt', true],
    ['line\nbreak.txt', 'line break.txt', true],
    ['bidi\u202eexe.txt', 'bidiexe.txt', true],
    // U+009B starts a terminal sequence (CSI): the sanitizer removes it with what it would swallow.
    ['C1\u009b.txt', 'C1xt', true],
    ['con', '_con', true],
    ['NUL.txt', '_NUL.txt', true],
    ['what?.txt', 'what_.txt', true],
    ['trailing. . ', 'trailing', true],
    ['   ', FALLBACK, true],
    ['', FALLBACK, true],
    [undefined, FALLBACK, true],
    ['\u0000', FALLBACK, true],
  ];
  for (const [raw, expected, changed] of table) {
    void test(`${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () => {
      const result = safeArtifactName(raw, FALLBACK);
      assert.equal(result.name, expected);
      assert.equal(result.changed !== undefined, changed, result.changed);
    });
  }

  void test('every result is one component git and Windows accept, without controls', () => {
    for (const [raw] of table) {
      const { name } = safeArtifactName(raw, FALLBACK);
      assert.ok(!/[/\\]/.test(name) && name !== '.' && name !== '..', name);
      assert.equal(gitComponentRefusal(name), undefined, name);
      assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(name), name);
    }
  });

  void test('a long name is cut to the byte bound, keeping its extension and whole characters', () => {
    const { name, changed } = safeArtifactName(`${'é'.repeat(300)}.pdf`, FALLBACK);
    assert.ok(Buffer.byteLength(name) <= MAX_NAME_BYTES);
    assert.ok(name.endsWith('é.pdf'));
    assert.match(changed ?? '', /shortened/);
  });
});

void describe('artifactFileNames', () => {
  void test('two artifacts of one name get name (2).ext, said; case and Unicode form count as one name', () => {
    const names = artifactFileNames([
      { id: 'a', filename: 'report.md' },
      { id: 'b', filename: 'report.md' },
      { id: 'c', filename: 'REPORT.md' },
      { id: 'd', filename: 'caf\u00e9.txt' },
      { id: 'e', filename: 'cafe\u0301.txt' },
      { id: 'f', filename: 'report (2).md' },
    ]);
    assert.deepEqual(
      names.map((item) => [item.id, item.name, item.clashedWith]),
      [
        ['a', 'report.md', undefined],
        ['b', 'report (2).md', 'report.md'],
        ['c', 'REPORT (3).md', 'REPORT.md'],
        ['d', 'caf\u00e9.txt', undefined],
        ['e', 'cafe\u0301 (2).txt', 'cafe\u0301.txt'],
        ['f', 'report (2) (2).md', 'report (2).md'],
      ],
    );
  });
});

void describe('expandArtifactFolder', () => {
  void test('the default template, with hostile names kept to one component each', () => {
    const date = new Date(2026, 11, 6);
    assert.equal(expandArtifactFolder(DEFAULT_ARTIFACT_FOLDER, { agent: 'Research agent', session: 'sess_1', date }), 'gumloop/agents/Research agent/sess_1');
    assert.equal(expandArtifactFolder(DEFAULT_ARTIFACT_FOLDER, { agent: '../..', session: '.git', date }), 'gumloop/agents/_.._/_.git');
    assert.equal(expandArtifactFolder('/out/${date}/../${agent}', { agent: 'a', session: 's', date }), 'out/2026-12-06/a');
    assert.deepEqual(unknownFolderVariables('x/${agent}/${run}/${workspaceFolder}'), ['run', 'workspaceFolder']);
  });
});

void describe('versionStatus', () => {
  const table: [Parameters<typeof versionStatus>[0], Parameters<typeof versionStatus>[1], ReturnType<typeof versionStatus>][] = [
    [undefined, { id: 'a', versionId: 'v2', majorVersion: 2 }, 'not-downloaded'],
    [{ artifactId: 'other', versionId: 'v2' }, { id: 'a', versionId: 'v2' }, 'not-downloaded'],
    [{ artifactId: 'a', versionId: 'v2', majorVersion: 2 }, { id: 'a', versionId: 'v2', majorVersion: 2 }, 'current'],
    [{ artifactId: 'a', versionId: 'v1', majorVersion: 1 }, { id: 'a', versionId: 'v2', majorVersion: 2 }, 'newer'],
    [{ artifactId: 'a', versionId: 'v1' }, { id: 'a', versionId: 'v2' }, 'newer'],
    [{ artifactId: 'a', versionId: 'v3', majorVersion: 3 }, { id: 'a', versionId: 'v2', majorVersion: 2 }, 'unknown'],
    [{ artifactId: 'a', majorVersion: 1 }, { id: 'a', majorVersion: 2 }, 'newer'],
    [{ artifactId: 'a', majorVersion: 2 }, { id: 'a', majorVersion: 2 }, 'current'],
    [{ artifactId: 'a' }, { id: 'a', versionId: 'v2' }, 'unknown'],
  ];
  for (const [local, current, expected] of table) {
    void test(`${JSON.stringify(local)} vs ${JSON.stringify(current)} → ${expected}`, () => assert.equal(versionStatus(local, current), expected));
  }
});

void describe('redactUrl', () => {
  void test('the query, fragment and any password never survive', () => {
    assert.equal(redactUrl('https://storage.example/b/art?X-Goog-Signature=abc&X-Goog-Expires=1'), 'https://storage.example/b/art?…');
    assert.equal(redactUrl('https://user:secret@h.example/p#sig'), 'https://h.example/p?…');
    assert.equal(redactUrl('https://h.example/p'), 'https://h.example/p');
    assert.equal(redactUrl('not a url ?sig=1'), '(a link that is not a URL)');
  });
});
