// Git's path rules, applied to every archive entry and every requested name: a table of names
// git accepts and refuses (read-cache.c verify_path/verify_dotfile, path.c is_ntfs_dotgit,
// utf8.c is_hfs_dotgit), with the reason each refusal gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gitComponentRefusal, gitPathRefusal } from '../../src/gitPath';
import { normaliseEntryPath } from '../../src/archive/safety';
import { isGumloopError } from '../../src/errors';
import { parseFileNames } from '../../src/validation';

const REFUSED: [name: string, reason: RegExp][] = [
  ['.git/config', /is a “.git” folder/],
  ['.git', /is a “.git” folder/],
  ['.GIT/hooks/post-checkout', /is a “.git” folder/],
  ['.Git/config', /is a “.git” folder/],
  ['sub/module/.git/config', /is a “.git” folder/],
  ['sub\\.git\\config', /is a “.git” folder/],
  ['.git./config', /trailing dots or spaces/],
  ['.git ./config', /trailing dots or spaces/],
  ['.git /config', /trailing dots or spaces/],
  ['.git...', /trailing dots or spaces/],
  ['GIT~1/config', /Windows short name/],
  ['git~1/hooks/x', /Windows short name/],
  ['.GIT~1/x', /Windows short name/],
  ['git~1. /x', /Windows short name/],
  ['.git::$INDEX_ALLOCATION/config', /stream suffix/],
  ['.git:stream', /stream suffix/],
  ['.g\u200cit/config', /invisible Unicode/],
  ['\u200d.git/config', /invisible Unicode/],
  ['.gi\u200et/config', /invisible Unicode/],
  ['.g\u200fit', /invisible Unicode/],
  ['.\u202agit', /invisible Unicode/],
  ['.git\u202e/x', /invisible Unicode/],
  ['.\u206aGIT/x', /invisible Unicode/],
  ['.gi\u206ft', /invisible Unicode/],
  ['.\ufeffgit/config', /invisible Unicode/],
];

const ACCEPTED = [
  'report.csv', '.github/workflows/x.yml', '.gitignore', '.gitattributes', '.gitmodules', '.gitkeep', 'git/config', 'my.git/config',
  'x.git', '.git-blame-ignore-revs', 'git~2/x', '.gitx/y', 'gi t/x', '.g\u200bit/x' /* U+200B is not among HFS+'s ignored code points */, 'GIT~10',
];

test('git path rules: each refused name gives its reason', () => {
  for (const [name, reason] of REFUSED) {
    const why = gitPathRefusal(name);
    assert.ok(why, `${JSON.stringify(name)} must be refused`);
    assert.match(why, reason, JSON.stringify(name));
    assert.match(why, /git refuses: it could change a repository's settings or run code/);
  }
});

test('git path rules: names git accepts pass', () => {
  for (const name of ACCEPTED) assert.equal(gitPathRefusal(name), undefined, JSON.stringify(name));
  assert.equal(gitComponentRefusal('.github'), undefined);
});

test('an archive entry git would refuse refuses the archive on every platform, naming the entry', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    // On Windows a few are refused first for a character or ending Windows cannot store: refused all the same.
    for (const [name] of REFUSED) {
      assert.throws(() => normaliseEntryPath(name, platform), (error: unknown) => {
        assert.ok(isGumloopError(error, 'unsafe-archive'), `${platform} ${JSON.stringify(name)}: ${String(error)}`);
        assert.match(error.message, /The archive was refused: entry “.*” (has a part that|has a character|has a name ending)/);
        assert.match(error.message, /Nothing was written/);
        return true;
      });
    }
  }
});

test('a requested name git would refuse is refused with the reason', () => {
  const parsed = parseFileNames('ok.txt, .git/config');
  assert.equal(parsed.ok, false);
  assert.match((parsed as { reason: string }).reason, /“.git\/config” has a part that is a “.git” folder, which git refuses/);
  assert.equal(parseFileNames('GIT~1/hooks/pre-commit').ok, false);
  assert.equal(parseFileNames('.github/workflows/x.yml, .gitignore').ok, true);
});
