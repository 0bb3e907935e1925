// package.json and the code must agree on every id: a command contributed but not registered
// (or the reverse) is a broken menu item or an invisible command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextKeys, EXTENSION_ID, Settings, Views } from '../../src/constants';
import { LOCK_PREFIX } from '../../src/download/destinationLock';
import { SCRATCH_PREFIX } from '../../src/download/scratch';
import { REPO_ROOT } from '../support/paths';

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

test('contributed commands are exactly the ids in constants, each with a Title Case title in the Gumloop category', () => {
  const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, Object.values(Commands).sort());
  for (const command of contributes.commands) {
    assert.equal(command.category, 'Gumloop');
    assert.match(command.title, /^([A-Z][A-Za-z]*|API|ID|in|from|to|the|of|an|with)( ([A-Z][A-Za-z]*|API|ID|in|from|to|the|of|an|with))*…?$/, command.title);
  }
});

test('every command id is registered by commands/index.ts (or the Flows handlers it spreads in)', () => {
  const source = ['index.ts', 'flowCommands.ts', 'agentCommands.ts', 'artifactCommands.ts'].map((file) => readFileSync(path.join(REPO_ROOT, 'src', 'commands', file), 'utf8')).join('\n');
  for (const key of Object.keys(Commands)) assert.ok(source.includes(`[Commands.${key}]:`), `Commands.${key} has a handler`);
});

test('tree-only commands are hidden from the palette', () => {
  const hidden = contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command).sort();
  const flowsTreeOnly = [
    Commands.refreshFlow,
    Commands.copyFlowId,
    Commands.openFlowInGumloop,
    Commands.downloadFlowRun,
    Commands.downloadWhenDone,
    Commands.cancelDownloadWhenDone,
    Commands.copyFlowRunId,
    Commands.openRunInGumloop,
    Commands.showRunLog,
    Commands.openRunOutput,
    Commands.retryFlows,
  ];
  const recentRunsTreeOnly = [Commands.downloadAgain, Commands.downloadRun, Commands.openRunFolder, Commands.revealRunFolder, Commands.copyRunId, Commands.removeRun, Commands.openFile, Commands.openFileToSide, Commands.revealFile, Commands.copyFilePath, Commands.missingFile];
  const agentsTreeOnly = [
    Commands.refreshAgent,
    Commands.downloadAgentArtifacts,
    Commands.downloadSessionArtifacts,
    Commands.searchArtifacts,
    Commands.clearArtifactSearch,
    Commands.loadMoreAgents,
    Commands.openArtifact,
    Commands.compareArtifact,
    Commands.retryAgents,
  ];
  assert.deepEqual(hidden, [...recentRunsTreeOnly, ...flowsTreeOnly, ...agentsTreeOnly].sort());
});

test('views, welcome views and menus use the ids from constants', () => {
  assert.equal(contributes.viewsContainers.activitybar[0].id, Views.container);
  assert.deepEqual(
    contributes.views[Views.container].map((view: { id: string }) => view.id),
    [Views.flows, Views.agents, Views.recentRuns],
  );
  const welcome = contributes.viewsWelcome.map((w: { when: string }) => w.when).join(' ');
  assert.ok(welcome.includes(ContextKeys.hasApiKey) && welcome.includes(ContextKeys.hasRuns));
  assert.ok(contributes.viewsWelcome.some((w: { view: string; when: string }) => w.view === Views.flows && w.when === `!${ContextKeys.hasApiKey}`), 'no key: the Flows view shows the welcome');
  assert.ok(contributes.viewsWelcome.some((w: { view: string; when: string }) => w.view === Views.agents && w.when === `!${ContextKeys.hasApiKey}`), 'no key: the Agents view shows the welcome');
  assert.ok(contributes.viewsWelcome.some((w: { view: string; when: string }) => w.view === Views.agents && w.when.includes(ContextKeys.noAgents)), 'no agents: the Agents view says so');
  const menuCommands = Object.values(contributes.menus).flat().map((m) => (m as { command: string }).command);
  for (const command of menuCommands) assert.ok(Object.values(Commands).includes(command as never), `${command} exists`);
});

/** Inline actions a tree item with this contextValue shows, by evaluating each menu's viewItem regex. */
function inlineActionsFor(view: string, contextValue: string): string[] {
  return contributes.menus['view/item/context']
    .filter((m: { when: string; group: string }) => m.group.startsWith('inline') && m.when.includes(`view == ${view}`))
    .filter((m: { when: string }) => {
      const pattern = /viewItem =~ \/(.+)\//.exec(m.when)?.[1];
      return pattern !== undefined && new RegExp(pattern).test(contextValue);
    })
    .map((m: { command: string }) => m.command);
}

test('every kind of tree item has at most three inline actions, and the ones it should', () => {
  const items: [string, string, string[]][] = [
    [Views.recentRuns, 'run downloadable hasFolder', [Commands.downloadAgain, Commands.revealRunFolder, Commands.removeRun]],
    [Views.recentRuns, 'run notDownloaded folderMissing', [Commands.downloadRun, Commands.removeRun]],
    [Views.flows, 'flow', [Commands.runFlow, Commands.refreshFlow]],
    [Views.flows, 'remoteRun finished done hasOutputs', [Commands.downloadFlowRun]],
    [Views.flows, 'remoteRun live canWatch', [Commands.downloadWhenDone]],
    [Views.flows, 'remoteRun live watching', [Commands.cancelDownloadWhenDone]],
    [Views.flows, 'remoteRun finished failed', []],
    [Views.flows, 'nodeError retryable fixUserId', [Commands.retryFlows, Commands.setUserId]],
    [Views.flows, 'nodeError retryable fixApiKey', [Commands.retryFlows, Commands.setApiKey]],
    [Views.flows, 'connectionProblem retryable', [Commands.retryFlows]],
    [Views.flows, 'output downloaded', []],
    [Views.agents, 'agent', [Commands.refreshAgent, Commands.downloadAgentArtifacts]],
    [Views.agents, 'session live', [Commands.downloadSessionArtifacts]],
    [Views.agents, 'allArtifacts searched', [Commands.searchArtifacts, Commands.clearArtifactSearch]],
    [Views.agents, 'artifact', []],
    [Views.agents, 'artifact downloaded outdated', [Commands.compareArtifact]],
    [Views.agents, 'nodeError retryable fixApiKey', [Commands.retryAgents, Commands.setApiKey]],
    [Views.agents, 'loadMore', []],
  ];
  for (const [view, contextValue, expected] of items) {
    const actions = inlineActionsFor(view, contextValue);
    assert.deepEqual(actions.sort(), [...expected].sort(), `${view} “${contextValue}”`);
    assert.ok(actions.length <= 3, `at most three inline actions on ${contextValue}`);
  }
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

test('the scratch folders and locks a download makes beside its destination are hidden from the Explorer and its watcher', () => {
  const defaults = contributes.configurationDefaults;
  assert.deepEqual(defaults['files.exclude'], { [`**/${SCRATCH_PREFIX}*`]: true, [`**/${LOCK_PREFIX}*`]: true });
  assert.deepEqual(defaults['files.watcherExclude'], { [`**/${SCRATCH_PREFIX}*/**`]: true });
});
