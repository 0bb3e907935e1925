import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyCheckLogLine, keyVerdict } from '../../src/ui/keyCheck';
import { fallbackWarning, ignoredSettingWarning } from '../../src/ui/ignoredSetting';
import { destinationLabel, revealStrategy } from '../../src/ui/destination';
import * as path from 'node:path';

test('the key check: 404 for a made-up run means accepted; 401/403 say why; offline is unchecked', () => {
  assert.deepEqual(keyVerdict({ code: 'not-found', message: '' }, 'u'), { kind: 'accepted', message: 'Gumloop API key saved and accepted by Gumloop.' });
  const rejected = keyVerdict({ code: 'unauthorized', message: '' }, 'u');
  assert.equal(rejected.kind === 'rejected' && rejected.fix, 'setApiKey');
  const mismatch = keyVerdict({ code: 'forbidden', message: '' }, 'u');
  assert.equal(mismatch.kind === 'rejected' && mismatch.fix, 'setUserId');
  assert.match(mismatch.message, /does not belong to user “u” \(403\)/);
  const offline = keyVerdict({ code: 'network', message: 'ENOTFOUND' }, 'u');
  assert.equal(offline.kind, 'unchecked');
  assert.match(offline.message, /^Gumloop API key saved, but not checked: couldn’t reach Gumloop/);
});

test('the key check logs its expected 404 as the key accepted, not as an error', () => {
  const line = keyCheckLogLine({ code: 'not-found', message: 'Gumloop has no run gumloop-files-key-check-0 (404).' });
  assert.match(line, /^Key check: key accepted \(the probe run \S+ does not exist, as expected\)$/);
  assert.doesNotMatch(line, /404|no run/);
  assert.equal(keyCheckLogLine({ code: 'unauthorized', message: 'The API key was not accepted (401).' }), 'Key check: The API key was not accepted (401).');
});

test('a machine setting set where VS Code ignores it is named, with where it belongs', () => {
  const key = 'gumloop.baseUrl';
  const def = 'https://api.gumloop.com/api/v1';
  assert.equal(ignoredSettingWarning({ key, effective: def }, false), undefined);
  assert.equal(ignoredSettingWarning({ key, effective: 'http://x', globalValue: 'http://x' }, true), undefined);
  const remote = ignoredSettingWarning({ key, effective: def, globalValue: 'http://127.0.0.1:8787/api/v1' }, true);
  assert.match(remote ?? '', /set to “http:\/\/127\.0\.0\.1:8787\/api\/v1” in the User settings, but VS Code ignores .* uses “https:\/\/api\.gumloop\.com\/api\/v1”.*Remote tab/);
  const workspace = ignoredSettingWarning({ key, effective: def, workspaceValue: 'http://evil' }, false);
  assert.match(workspace ?? '', /in the workspace settings.*Set it in your User settings\.$/);
});

test('destinations are relative inside the workspace, absolute outside or with none open', () => {
  const ws = path.resolve('/ws/project');
  assert.equal(destinationLabel(path.join(ws, 'gumloop', 'R1'), ws), 'gumloop/R1');
  assert.equal(destinationLabel(path.resolve('/elsewhere/R1'), ws), path.resolve('/elsewhere/R1'));
  assert.equal(destinationLabel(path.resolve('/picked/gumloop/R1'), undefined), path.resolve('/picked/gumloop/R1'));
});

test('Reveal in Explorer has a way in every window', () => {
  assert.equal(revealStrategy({ insideWorkspace: true, workspaceOpen: true, canRevealInOS: false }), 'reveal-in-explorer');
  assert.equal(revealStrategy({ insideWorkspace: false, workspaceOpen: false, canRevealInOS: true }), 'open-folder-here');
  assert.equal(revealStrategy({ insideWorkspace: false, workspaceOpen: true, canRevealInOS: true }), 'reveal-in-os');
  assert.equal(revealStrategy({ insideWorkspace: false, workspaceOpen: true, canRevealInOS: false }), 'open-folder-in-new-window');
});

test('a machine setting silently falling back to the default is named', () => {
  const def = 'https://api.gumloop.com/api/v1';
  assert.match(fallbackWarning('gumloop.baseUrl', 'http://127.0.0.1:8787/api/v1', def, def, true) ?? '', /fell back from “http:\/\/127\.0\.0\.1:8787\/api\/v1” to the default .*Remote tab/);
  assert.equal(fallbackWarning('gumloop.baseUrl', def, 'http://x', def, true), undefined, 'a change away from the default is the user’s');
  assert.equal(fallbackWarning('gumloop.baseUrl', 'http://a', 'http://b', def, true), undefined);
  assert.equal(fallbackWarning('gumloop.baseUrl', def, def, def, false), undefined);
});
