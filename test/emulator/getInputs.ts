// GET /api/v1/get_inputs: a flow's named inputs (flow.json `inputs`).

import type { ApiCall } from './apiCall';
import { ApiError } from './apiError';
import { authorizedQuery } from './authorizedQuery';
import { ownedBy, readFlow, type AccountScope } from './flowStore';
import { sendJsonAnswer } from './jsonAnswer';
import { parseAccountQuery } from './requestParams';
import { isSafeRunId } from './safeNames';

const ENDPOINT = 'get_inputs';

export async function handleGetInputs(call: ApiCall): Promise<void> {
  const query = await authorizedQuery(call, ENDPOINT, parseInputsQuery, (request) => request.savedItemId);
  if (!query) return;
  const flow = await readFlow(call.dataDir, query.savedItemId);
  if (!flow || !ownedBy(flow, query)) throw new ApiError(404, `Saved item ${query.savedItemId} not found`);
  sendJsonAnswer(call, { endpoint: ENDPOINT, subject: query.savedItemId }, { inputs: flow.inputs ?? [] });
}

function parseInputsQuery(query: URLSearchParams): AccountScope & { savedItemId: string } {
  const savedItemId = query.get('saved_item_id') ?? '';
  if (!savedItemId) throw new ApiError(400, 'saved_item_id is required');
  if (!isSafeRunId(savedItemId)) throw new ApiError(400, `Invalid saved_item_id ${JSON.stringify(savedItemId)}`);
  return { savedItemId, ...parseAccountQuery(query) };
}
