// Which flow Run Flow runs: the one it was invoked on (a Flows view node), or one picked from the
// account's flows, most recently run first (as far as this editor knows, without a request per flow).
import * as vscode from 'vscode';
import type { GumloopClient } from '../gumloop/client';
import { listFlows } from '../gumloop/flows';
import { flowFromTarget, orderByLastRun, type InputMemory } from '../runs/runInputs';
import { lastRunText } from '../ui/flowsPresentation';
import { validateId } from '../validation';

export interface FlowChoice {
  savedItemId: string;
  name: string;
  description?: string;
}

export interface FlowRecency {
  memory: InputMemory;
  /** Flow id → when it last ran (epoch ms), as far as this editor knows. */
  lastRunAt: ReadonlyMap<string, number>;
}

export async function pickFlow(client: GumloopClient, target: unknown, recency: FlowRecency): Promise<FlowChoice | undefined> {
  const given = flowFromTarget(target);
  if (given?.name) return { savedItemId: given.savedItemId, name: given.name };
  const listed = await listFlows(client);
  if (given) return listed.find((flow) => flow.savedItemId === given.savedItemId) ?? { savedItemId: given.savedItemId, name: given.savedItemId };
  const flows = orderByLastRun(listed, recency.lastRunAt, recency.memory);
  const now = Date.now();
  const lastRun = (flowId: string): string | undefined => {
    const at = recency.lastRunAt.get(flowId);
    if (at !== undefined) return lastRunText(undefined, at, now);
    return flowId in recency.memory ? 'run from VS Code before' : undefined;
  };
  const items = flows.map((flow) => ({ label: flow.name, description: lastRun(flow.savedItemId), detail: flow.description, flow }));
  if (items.length === 0) {
    const id = await vscode.window.showInputBox({ title: 'Run Flow', prompt: 'No flows were listed. Enter the flow ID (the saved_item_id in the flow’s URL).', ignoreFocusOut: true, validateInput: (text) => { const parsed = validateId(text, 'flow ID'); return parsed.ok ? undefined : parsed.reason; } });
    return id ? { savedItemId: id.trim(), name: id.trim() } : undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Run Flow', placeHolder: 'Which flow should run?', matchOnDetail: true, ignoreFocusOut: true });
  return picked?.flow;
}

