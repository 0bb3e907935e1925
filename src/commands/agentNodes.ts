// The node a tree command of the Agents view was given, or a clear error when it was run another
// way (the palette, a keybinding). Shared by the agent and artifact commands.
import { GumloopError } from '../errors';
import type { AgentsTreeNode } from '../views/agentsTree';

export function requireAgentsNode<T extends AgentsTreeNode>(node: AgentsTreeNode | undefined, kinds: T['kind'][], what: string): T {
  if (!node || !kinds.includes(node.kind as T['kind'])) throw new GumloopError('invalid-input', `Pick ${what} in the Agents view first.`);
  return node as T;
}
