// The usage lines in --help and in the README are the same lines: a command documented without its
// required scope once sent readers to an exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HELP } from '../../src/cli/help';
import { REPO_ROOT } from '../support/paths';

test('each command’s usage line in --help is in the README as written, and every one that talks to Gumloop names the scope', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const usageBlock = HELP.slice(HELP.indexOf('Usage:'), HELP.indexOf('\n\n', HELP.indexOf('Usage:')));
  const firstLines = usageBlock.split('\n').filter((line) => line.startsWith('  gumloop-files '));
  assert.deepEqual(firstLines.map((line) => line.split(' ')[3]), ['download', 'run', 'watch', 'flows', 'runs', 'agents', 'sessions', 'artifacts', 'download']);
  const readmeLines = readme.split('\n').map((line) => line.trim());
  for (const line of firstLines) {
    const command = usageBlock.slice(usageBlock.indexOf(line)).split(/\n {2}(?=gumloop-files |Every command)/)[0];
    // The whole usage, continuation lines included, stands in the README as written.
    const lines = command.split('\n').map((text) => text.trim());
    const at = readmeLines.indexOf(lines[0]);
    assert.ok(at >= 0, `README has “${lines[0]}”`);
    assert.deepEqual(readmeLines.slice(at, at + lines.length), lines, `README has the whole usage of ${lines[0]}`);
    // run needs --user-id, which start_pipeline requires (a project goes with it); the agents API has no
    // project scope, so its commands name --user-id (the x-auth-key of a personal key) or --oauth
    // (a token needs no scope there); the rest take either scope.
    const agents = / --agent | agents /.test(line);
    const scope = line.includes(' run ') ? /--user-id <id> \[--project-id <id>\]/ : agents ? /\(--user-id <id> \| --oauth\)/ : /\(--user-id <id> \| --project-id <id>\)/;
    assert.match(command, scope, `${line.trim()} names the scope`);
  }
});
