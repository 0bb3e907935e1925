// The few shapes of VS Code's language-model tool and MCP APIs this extension uses (VS Code 1.95+
// for tools, 1.101+ for MCP server definition providers), declared here because the @types/vscode
// this project builds against (^1.90, the engines floor) does not have them. Read at run time and
// feature-detected: where a host lacks them (older VS Code, forks, code-server without chat) the
// extension goes on without the tools.
import * as vscode from 'vscode';

export interface ToolInvocationOptions<T> {
  input: T;
  toolInvocationToken: unknown;
}

export interface ToolPrepareOptions<T> {
  input: T;
}

export interface PreparedToolInvocation {
  invocationMessage?: string;
  confirmationMessages?: { title: string; message: string | vscode.MarkdownString };
}

/** LanguageModelToolResult: built through the host's own class (see textResult). */
export type ToolResult = object;

export interface LanguageModelTool<T> {
  invoke(options: ToolInvocationOptions<T>, token: vscode.CancellationToken): Promise<ToolResult>;
  prepareInvocation?(options: ToolPrepareOptions<T>, token: vscode.CancellationToken): Promise<PreparedToolInvocation | undefined>;
}

export interface McpServerDefinitionProvider {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): object[];
}

interface LmNamespace {
  registerTool?<T>(name: string, tool: LanguageModelTool<T>): vscode.Disposable;
  registerMcpServerDefinitionProvider?(id: string, provider: McpServerDefinitionProvider): vscode.Disposable;
}

interface HostClasses {
  lm?: LmNamespace;
  LanguageModelToolResult?: new (content: object[]) => ToolResult;
  LanguageModelTextPart?: new (value: string) => object;
  McpHttpServerDefinition?: new (label: string, uri: vscode.Uri, headers?: Record<string, string>, version?: string) => object;
}

const host = vscode as unknown as HostClasses;

/** registerTool, when the host has the tools API. */
export function toolRegistrar(): (<T>(name: string, tool: LanguageModelTool<T>) => vscode.Disposable) | undefined {
  const lm = host.lm;
  if (typeof lm?.registerTool !== 'function' || !host.LanguageModelToolResult || !host.LanguageModelTextPart) return undefined;
  return (name, tool) => lm.registerTool!(name, tool);
}

/** registerMcpServerDefinitionProvider, when the host has the MCP API. */
export function mcpRegistrar(): ((id: string, provider: McpServerDefinitionProvider) => vscode.Disposable) | undefined {
  const lm = host.lm;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || !host.McpHttpServerDefinition) return undefined;
  return (id, provider) => lm.registerMcpServerDefinitionProvider!(id, provider);
}

/** A tool result of one plain-text part. */
export function textResult(text: string): ToolResult {
  return new host.LanguageModelToolResult!([new host.LanguageModelTextPart!(text)]);
}

export function httpServerDefinition(label: string, uri: vscode.Uri): object {
  return new host.McpHttpServerDefinition!(label, uri);
}
