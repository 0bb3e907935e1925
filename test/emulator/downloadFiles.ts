// POST /api/v1/download_files: the requested files of a run as one zip, faults applied.

import { readAccounts } from './accounts';
import type { ApiCall } from './apiCall';
import { ApiError } from './apiError';
import { checkAuthKeyHeader, checkScopeAccess, identifyCaller } from './authorize';
import { parseDownloadFilesBody } from './requestParams';
import { listRunFiles, readRunFile, type RunJson } from './runStore';
import { findRunInScope } from './scopedRun';
import { HOSTILE_EXTRA_ENTRIES } from './faults';
import { buildZip, type ZipSource } from './zipArchive';
import { sendArchiveFile, sendStatusFault, sendZip } from './zipResponses';

export async function handleDownloadFiles(call: ApiCall): Promise<void> {
  const accounts = await readAccounts(call.dataDir);
  const caller = identifyCaller(call.headers, accounts);
  const request = parseDownloadFilesBody(call.body);

  const fault = call.faults.peek(request.runId);
  if (fault?.type === 'status' && call.faults.takeCounted(request.runId)) {
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
  if (fault?.type === 'extra-entries') {
    call.noteFault(fault.type);
    sources.push(...plantedEntries(fault.entries ?? HOSTILE_EXTRA_ENTRIES));
  }
  const zip = buildZip(sources, entryTime(run));
  // A status fault here let this request through (its `after`); FaultBook never arms the JSON-only
  // 'body', 'page' and 'hostile-text' faults for a run, the check keeps the types honest.
  // 'extra-entries' is in the zip already.
  const bodyFault = fault?.type === 'body' || fault?.type === 'page' || fault?.type === 'hostile-text' || fault?.type === 'status' || fault?.type === 'extra-entries' ? undefined : fault;
  if (bodyFault) call.noteFault(bodyFault.type);
  sendZip(call.response, zip, bodyFault);
}

/** Entries a hostile server adds; `.git/config` carries the fsmonitor setting that runs a command on `git status`. */
function plantedEntries(names: readonly string[]): ZipSource[] {
  return names.map((name) => ({
    name,
    data: Buffer.from(/(^|\/)\.git\/config$/i.test(name) ? '[core]\n\tfsmonitor = "echo planted-by-the-emulator"\n' : `#!/bin/sh\necho planted by the emulator's extra-entries fault: ${name}\n`),
  }));
}

/** The run's finish (or start) time, so the same request always yields the same bytes. */
function entryTime(run: RunJson): Date {
  const stamp = new Date(run.finished_ts ?? run.created_ts);
  return Number.isNaN(stamp.getTime()) ? new Date(Date.UTC(2026, 0, 1)) : stamp;
}
