// Parses `vscode://<publisher>.<name>/download?run_id=…&file=…&file=…[&saved_item_id=…]`.
// A link only fills in the download form: the handler always asks before writing anything.
import { parseFileNames, validateId, validateRunId, type Parsed } from '../validation';

export interface DownloadLink {
  runId: string;
  fileNames: string[];
  savedItemId?: string;
}

export function parseDownloadLink(path: string, query: string): Parsed<DownloadLink> {
  if (path.replace(/\/+$/, '') !== '/download') return { ok: false, reason: `Unknown Gumloop link “${path}”. Links look like …/download?run_id=…&file=…` };
  const params = new URLSearchParams(query);
  const runId = validateRunId(params.get('run_id') ?? '');
  if (!runId.ok) return { ok: false, reason: `The link has no valid run_id: ${runId.reason}` };
  const files = parseFileNames([...params.getAll('file'), ...params.getAll('file_names')].join(','));
  if (!files.ok) return { ok: false, reason: 'The link names no files (add &file=<name>)' };
  const saved = params.get('saved_item_id');
  if (saved) {
    const savedItem = validateId(saved, 'saved item ID');
    if (!savedItem.ok) return { ok: false, reason: savedItem.reason };
    return { ok: true, value: { runId: runId.value, fileNames: files.value, savedItemId: savedItem.value } };
  }
  return { ok: true, value: { runId: runId.value, fileNames: files.value } };
}
