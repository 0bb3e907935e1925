// Which flow Run Flow runs: the one it was invoked on (a Flows view node), or one picked from the
// account's flows, most recently run first.
import * as vscode from 'vscode';
import type { GumloopClient } from '../gumloop/client';
import { listFlows } from '../gumloop/flows';
import { orderByLastRun, type InputMemory } from '../runs/runInputs';
import { validateId } from '../validation';

export interface FlowChoice {
  savedItemId: string;
  name: string;
  description?: string;
}

/** A tree node or a plain object naming a flow: `{savedItemId, name?}` or `{flow: {savedItemId, name?}}`. */
export function flowFromTarget(target: unknown): FlowChoice | undefined {
  if (!target || typeof target !== 'object') return undefined;
  const record = target as Record<string, unknown>;
  const inner = record.flow && typeof record.flow === 'object' ? (record.flow as Record<string, unknown>) : record;
  const id = typeof inner.savedItemId === 'string' ? validateId(inner.savedItemId, 'flow ID') : undefined;
  if (!id?.ok) return undefined;
  return { savedItemId: id.value, name: typeof inner.name === 'string' && inner.name ? inner.name : id.value };
}

export async function pickFlow(client: GumloopClient, memory: InputMemory, target: unknown): Promise<FlowChoice | undefined> {
  const given = flowFromTarget(target);
  if (given) return given;
  const flows = orderByLastRun(await listFlows(client), memory);
  const recent = new Set(Object.keys(memory));
  const items = flows.map((flow) => ({ label: flow.name, description: recent.has(flow.savedItemId) ? 'recently run' : undefined, detail: flow.description, flow }));
  if (items.length === 0) {
    const id = await vscode.window.showInputBox({ title: 'Run Flow', prompt: 'No flows were listed. Enter the flow ID (the saved_item_id in the flow’s URL).', ignoreFocusOut: true, validateInput: (text) => { const parsed = validateId(text, 'flow ID'); return parsed.ok ? undefined : parsed.reason; } });
    return id ? { savedItemId: id.trim(), name: id.trim() } : undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Run Flow', placeHolder: 'Which flow should run?', matchOnDetail: true, ignoreFocusOut: true });
  return picked?.flow;
}

