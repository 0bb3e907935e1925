// The agent's tools and the MCP server offer as package.json contributes them: every tool id in
// constants, each described for the model and the user, with a schema; together they cover flows,
// runs, downloads and artifacts; an MCP server definition provider and the setting that hides it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MCP_PROVIDER_ID, Settings, Tools } from '../../src/constants';
import { REPO_ROOT } from '../support/paths';

interface ToolContribution {
  name: string;
  displayName: string;
  modelDescription: string;
  userDescription: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  inputSchema: { type: string; properties: Record<string, { description?: string }>; required?: string[] };
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const tools: ToolContribution[] = manifest.contributes.languageModelTools;

test('the contributed tools are exactly the ids in constants, each described and referenceable', () => {
  assert.deepEqual(tools.map((tool) => tool.name).sort(), Object.values(Tools).sort());
  assert.ok(tools.length >= 4);
  for (const tool of tools) {
    assert.match(tool.name, /^gumloop_[a-z][A-Za-z]+$/);
    assert.match(tool.displayName, /^[A-Z][a-z]+( [A-Z][a-z]+)+$/, tool.displayName);
    assert.ok(tool.modelDescription.length >= 150, `${tool.name}: the model is told when to use it and what it returns`);
    assert.match(tool.modelDescription, /Returns/, `${tool.name} says what it returns`);
    assert.ok(tool.userDescription.length > 10);
    assert.equal(tool.toolReferenceName, tool.name.replace(/^gumloop_(.)/, (_all, first: string) => `gumloop${first.toUpperCase()}`));
    assert.equal(tool.canBeReferencedInPrompt, true);
    assert.equal(tool.inputSchema.type, 'object');
    for (const [name, property] of Object.entries(tool.inputSchema.properties)) assert.ok(property.description, `${tool.name}.${name} is described`);
    for (const name of tool.inputSchema.required ?? []) assert.ok(name in tool.inputSchema.properties, `${tool.name} requires a declared ${name}`);
  }
});

test('the tools cover flows, runs, downloads and artifacts', () => {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  assert.deepEqual(byName.get(Tools.runFlow)?.inputSchema.required, ['flowId']);
  assert.ok(byName.get(Tools.runFlow)?.inputSchema.properties.inputs);
  assert.match(byName.get(Tools.runFlow)!.modelDescription, /credits/, 'the model is told that runs cost credits');
  assert.deepEqual(byName.get(Tools.getRun)?.inputSchema.required, ['runId']);
  assert.deepEqual(byName.get(Tools.downloadRunFiles)?.inputSchema.required, ['runId']);
  assert.ok(byName.get(Tools.listFlows));
  assert.ok(byName.get(Tools.listArtifacts)?.inputSchema.properties.agentId);
  assert.deepEqual(byName.get(Tools.downloadArtifacts)?.inputSchema.required, ['agentId']);
});

test('an MCP server definition provider is contributed, with a setting that turns its offer off', () => {
  assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders, [{ id: MCP_PROVIDER_ID, label: 'Gumloop' }]);
  const setting = manifest.contributes.configuration.properties[`${Settings.section}.${Settings.offerMcpServer}`];
  assert.equal(setting.type, 'boolean');
  assert.equal(setting.default, true);
});

test('the tools are registered under the contributed names, and the MCP provider under its id', () => {
  const register = readFileSync(path.join(REPO_ROOT, 'src', 'tools', 'register.ts'), 'utf8');
  assert.match(register, /for \(const name of Object\.values\(Tools\)\)/);
  assert.match(register, /registerMcp\(MCP_PROVIDER_ID,/);
  const implementations = readFileSync(path.join(REPO_ROOT, 'src', 'tools', 'gumloopTools.ts'), 'utf8');
  for (const key of Object.keys(Tools)) assert.ok(implementations.includes(`[Tools.${key}]:`), `Tools.${key} has an implementation`);
});
