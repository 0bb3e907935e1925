// POST /api/v1/download_files: the requested files of a run as one zip, faults applied.

import { readAccounts } from './accounts';
import type { ApiCall } from './apiCall';
import { ApiError } from './apiError';
import { checkAuthKeyHeader, checkScopeAccess, identifyCaller } from './authorize';
import { parseDownloadFilesBody } from './requestParams';
import { listRunFiles, readRunFile, type RunJson } from './runStore';
import { findRunInScope } from './scopedRun';
import { buildZip } from './zipArchive';
import { sendArchiveFile, sendStatusFault, sendZip } from './zipResponses';

export async function handleDownloadFiles(call: ApiCall): Promise<void> {
  const accounts = await readAccounts(call.dataDir);
  const caller = identifyCaller(call.headers, accounts);
  const request = parseDownloadFilesBody(call.body);

  const fault = call.faults.peek(request.runId);
  if (fault?.type === 'status') {
    call.faults.consumeStatus(request.runId);
    call.noteFault(fault.type);
    sendStatusFault(call.response, fault);
    return;
  }

  checkAuthKeyHeader(caller, call.headers);
  checkScopeAccess(caller, request, accounts);
  const run = await findRunInScope(call.dataDir, request);

  if (fault?.type === 'archive') {
    call.noteFault(fault.type);
    await sendArchiveFile(call.response, fault.path);
    return;
  }

  const inRun = new Set(await listRunFiles(call.dataDir, request.runId));
  // A name asked for twice is one entry: duplicate zip entries are themselves a hostile-archive case.
  const found = [...new Set(request.fileNames)].filter((name) => inRun.has(name));
  if (found.length === 0) throw new ApiError(404, `None of the requested files exist in run ${request.runId}`);
  const broken = request.fileNames.find((name) => run.broken_files?.includes(name));
  if (broken !== undefined) throw new ApiError(500, `Failed to download file ${broken}`);

  const sources = await Promise.all(found.map(async (name) => ({ name, data: await readRunFile(call.dataDir, request.runId, name) })));
  const zip = buildZip(sources, entryTime(run));
  // FaultBook never arms a JSON-only fault for a run; the check keeps the types honest.
  const bodyFault = fault?.type === 'body' || fault?.type === 'hostile-text' ? undefined : fault;
  if (bodyFault) call.noteFault(bodyFault.type);
  sendZip(call.response, zip, bodyFault);
}

/** The run's finish (or start) time, so the same request always yields the same bytes. */
function entryTime(run: RunJson): Date {
  const stamp = new Date(run.finished_ts ?? run.created_ts);
  return Number.isNaN(stamp.getTime()) ? new Date(Date.UTC(2026, 0, 1)) : stamp;
}
