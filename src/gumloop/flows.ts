// Saved flows (list_saved_items) and workbooks (list_workbooks): request and tolerant parsing.
// No vscode import: the Flows view and the CLI's `flows` command share it.
import type { JsonCallOptions } from './client';
import { invalidResponse, isRecord, listField, optionalId, optionalLine, optionalParagraph, parseJsonBody } from './jsonBody';

// Names, descriptions and dates are cleaned here, once, for every view and command (src/sanitize);
// the ids stay as sent, since they go back into requests, and must be printable (optionalId).
export interface Flow {
  savedItemId: string;
  /** Falls back to the id when Gumloop sends no name. */
  name: string;
  description?: string;
  /** ISO date-time as sent; undefined when unknown. */
  createdTs?: string;
}

export interface Workbook {
  workbookId: string;
  name: string;
  description?: string;
  createdTs?: string;
  flows: Flow[];
}

/** What the parsers need from GumloopClient (a fake in tests). */
export interface JsonGetter {
  getJson(endpoint: string, query: Record<string, string>, options?: JsonCallOptions): Promise<string>;
}

export const LIST_SAVED_ITEMS = 'list_saved_items';
export const LIST_WORKBOOKS = 'list_workbooks';

export async function listFlows(client: JsonGetter, options: { signal?: AbortSignal } = {}): Promise<Flow[]> {
  const text = await client.getJson(LIST_SAVED_ITEMS, {}, { signal: options.signal, context: { subject: 'The list of saved flows' } });
  return parseSavedItems(text);
}

export async function listWorkbooks(client: JsonGetter, options: { signal?: AbortSignal } = {}): Promise<Workbook[]> {
  const text = await client.getJson(LIST_WORKBOOKS, {}, { signal: options.signal, context: { subject: 'The list of workbooks' } });
  return parseWorkbooks(text);
}

/** `{saved_items: [...]}` as documented; a bare list is accepted too. Items without an id are skipped. */
export function parseSavedItems(text: string): Flow[] {
  const body = parseJsonBody(text, LIST_SAVED_ITEMS);
  return parseFlowList(listField(body, 'saved_items', LIST_SAVED_ITEMS), LIST_SAVED_ITEMS);
}

/** `{workbooks: [{workbook_id, name, ..., saved_items: [...]}]}`; a bare list is accepted too. */
export function parseWorkbooks(text: string): Workbook[] {
  const body = parseJsonBody(text, LIST_WORKBOOKS);
  const workbooks: Workbook[] = [];
  for (const item of listField(body, 'workbooks', LIST_WORKBOOKS)) {
    if (!isRecord(item)) continue;
    const workbookId = optionalId(item.workbook_id);
    if (!workbookId) continue;
    const savedItems = item.saved_items;
    workbooks.push({
      workbookId,
      name: optionalLine(item.name) ?? workbookId,
      description: optionalParagraph(item.description),
      createdTs: optionalLine(item.created_ts),
      flows: Array.isArray(savedItems) ? parseFlowList(savedItems, LIST_WORKBOOKS) : [],
    });
  }
  return workbooks;
}

function parseFlowList(items: unknown[], endpoint: string): Flow[] {
  const flows: Flow[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    const savedItemId = optionalId(item.saved_item_id);
    if (!savedItemId) continue;
    flows.push({
      savedItemId,
      name: optionalLine(item.name) ?? savedItemId,
      description: optionalParagraph(item.description),
      createdTs: optionalLine(item.created_ts),
    });
  }
  // A non-empty list with nothing usable in it is a changed API, not an account without flows.
  if (flows.length === 0 && items.length > 0) throw invalidResponse(endpoint, 'flows that have no saved_item_id');
  return flows;
}
