// Registers the language-model tools and the MCP server definition provider, when the host has
// those APIs (see lmApi). Only names are touched at activation: a tool's code (tools/gumloopTools)
// is loaded on its first use, keeping activation within its budget.
/* eslint-disable @typescript-eslint/no-require-imports */
import * as vscode from 'vscode';
import { MCP_PROVIDER_ID, Settings, Tools } from '../constants';
import type { Services } from '../services';
import { httpServerDefinition, mcpRegistrar, toolRegistrar, type LanguageModelTool } from './lmApi';

type ToolSet = Record<string, LanguageModelTool<unknown>>;

/**
 * Gumloop's hosted MCP server, as Gumloop's MCP server overview documents it:
 * https://docs.gumloop.com/mcp-server/overview — the server signs the user in itself (OAuth), so
 * VS Code's MCP support handles that and this extension passes it no credential.
 */
export const GUMLOOP_MCP_URL = 'https://mcp.gumloop.com/gumloop/mcp';

export function registerAgentSupport(services: Services): vscode.Disposable[] {
  const disposables: vscode.Disposable[] = [];
  const registerTool = toolRegistrar();
  if (registerTool) {
    let tools: ToolSet | undefined;
    const load = (): ToolSet => (tools ??= (require('./gumloopTools') as typeof import('./gumloopTools')).createTools(services));
    for (const name of Object.values(Tools)) {
      disposables.push(
        registerTool(name, {
          invoke: (options, token) => load()[name].invoke(options, token),
          prepareInvocation: (options, token) => load()[name].prepareInvocation?.(options, token) ?? Promise.resolve(undefined),
        }),
      );
    }
  } else {
    services.log.info('This editor has no language model tools API: the Gumloop tools are not offered to its agent');
  }
  const registerMcp = mcpRegistrar();
  if (registerMcp) {
    const changed = new vscode.EventEmitter<void>();
    const offered = () => vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.offerMcpServer, true);
    disposables.push(
      changed,
      registerMcp(MCP_PROVIDER_ID, {
        onDidChangeMcpServerDefinitions: changed.event,
        provideMcpServerDefinitions: () => (offered() ? [httpServerDefinition('Gumloop', vscode.Uri.parse(GUMLOOP_MCP_URL))] : []),
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${Settings.section}.${Settings.offerMcpServer}`)) changed.fire();
      }),
    );
  }
  return disposables;
}
