// GET /api/v1/list_saved_items: the flows of the user (user scope) or of the project (project scope).

import type { ApiCall } from './apiCall';
import { authorizedQuery } from './authorizedQuery';
import { ownedBy, readAllFlows, type FlowJson } from './flowStore';
import { sendJsonAnswer } from './jsonAnswer';
import { parseAccountQuery } from './requestParams';

const ENDPOINT = 'list_saved_items';

export async function handleListSavedItems(call: ApiCall): Promise<void> {
  const scope = await authorizedQuery(call, ENDPOINT, parseAccountQuery);
  if (!scope) return;
  const flows = (await readAllFlows(call.dataDir)).filter(({ flow }) => ownedBy(flow, scope));
  sendJsonAnswer(call, { endpoint: ENDPOINT }, { saved_items: flows.map(({ savedItemId, flow }) => savedItemJson(savedItemId, flow)) });
}

/** A flow as list_saved_items and list_workbooks document it. */
export function savedItemJson(savedItemId: string, flow: FlowJson): Record<string, unknown> {
  return { saved_item_id: savedItemId, name: flow.name, description: flow.description ?? '', created_ts: flow.created_ts };
}
