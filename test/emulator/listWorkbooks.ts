// GET /api/v1/list_workbooks: the workbooks in scope, each with its flows in that scope.

import type { ApiCall } from './apiCall';
import { authorizedQuery } from './authorizedQuery';
import { ownedBy, readAllFlows, readWorkbooks } from './flowStore';
import { sendJsonAnswer } from './jsonAnswer';
import { savedItemJson } from './listSavedItems';
import { parseAccountQuery } from './requestParams';

const ENDPOINT = 'list_workbooks';

export async function handleListWorkbooks(call: ApiCall): Promise<void> {
  const scope = await authorizedQuery(call, ENDPOINT, parseAccountQuery);
  if (!scope) return;
  const flows = (await readAllFlows(call.dataDir)).filter(({ flow }) => ownedBy(flow, scope));
  const workbooks = (await readWorkbooks(call.dataDir)).filter((workbook) => ownedBy(workbook, scope));
  sendJsonAnswer(call, { endpoint: ENDPOINT }, {
    workbooks: workbooks.map((workbook) => ({
      workbook_id: workbook.workbook_id,
      name: workbook.name,
      description: workbook.description ?? '',
      created_ts: workbook.created_ts,
      saved_items: flows.filter(({ flow }) => flow.workbook_id === workbook.workbook_id).map(({ savedItemId, flow }) => savedItemJson(savedItemId, flow)),
    })),
  });
}
