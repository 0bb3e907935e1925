// package.json and the code must agree on every id: a command contributed but not registered
// (or the reverse) is a broken menu item or an invisible command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextKeys, EXTENSION_ID, Settings, Views } from '../../src/constants';
import { REPO_ROOT } from '../support/paths';

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

test('contributed commands are exactly the ids in constants, each with a Title Case title in the Gumloop category', () => {
  const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, Object.values(Commands).sort());
  for (const command of contributes.commands) {
    assert.equal(command.category, 'Gumloop');
    assert.match(command.title, /^([A-Z][A-Za-z]*|API|ID|in|from)( ([A-Z][A-Za-z]*|API|ID|in|from))*…?$/, command.title);
  }
});

test('every command id is registered by commands/index.ts', () => {
  const source = readFileSync(path.join(REPO_ROOT, 'src', 'commands', 'index.ts'), 'utf8');
  for (const key of Object.keys(Commands)) assert.ok(source.includes(`[Commands.${key}]:`), `Commands.${key} has a handler`);
});

test('tree-only commands are hidden from the palette', () => {
  const hidden = contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command).sort();
  assert.deepEqual(hidden, [Commands.downloadAgain, Commands.openRunFolder, Commands.revealRunFolder, Commands.copyRunId, Commands.removeRun, Commands.openFile].sort());
});

test('views, welcome views and menus use the ids from constants', () => {
  assert.equal(contributes.viewsContainers.activitybar[0].id, Views.container);
  assert.equal(contributes.views[Views.container][0].id, Views.recentRuns);
  const welcome = contributes.viewsWelcome.map((w: { when: string }) => w.when).join(' ');
  assert.ok(welcome.includes(ContextKeys.hasApiKey) && welcome.includes(ContextKeys.hasRuns));
  const menuCommands = Object.values(contributes.menus).flat().map((m) => (m as { command: string }).command);
  for (const command of menuCommands) assert.ok(Object.values(Commands).includes(command as never), `${command} exists`);
  const inline = contributes.menus['view/item/context'].filter((m: { group: string }) => m.group.startsWith('inline'));
  assert.ok(inline.length <= 3, 'at most three inline actions');
});

test('settings: the contributed ones match constants, each with a default and a markdownDescription', () => {
  const properties = contributes.configuration.properties;
  const expected = Object.entries(Settings).filter(([key]) => key !== 'section').map(([, name]) => `gumloop.${name}`).sort();
  assert.deepEqual(Object.keys(properties).sort(), expected);
  for (const [name, property] of Object.entries<Record<string, unknown>>(properties)) {
    assert.ok('default' in property, `${name} has a default`);
    assert.ok(typeof property.markdownDescription === 'string' && property.markdownDescription.length > 20, `${name} is described`);
  }
  assert.equal(properties['gumloop.baseUrl'].scope, 'machine', 'a workspace cannot redirect the API key');
});

test('workspace kind, trust and virtual workspace declarations', () => {
  assert.deepEqual(manifest.extensionKind, ['workspace']);
  assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('gumloop.downloadFolder'));
});

test('EXTENSION_ID is publisher.name', () => {
  assert.equal(EXTENSION_ID, `${manifest.publisher}.${manifest.name}`);
});
