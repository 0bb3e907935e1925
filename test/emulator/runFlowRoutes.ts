// The endpoints that run flows, registered in server.ts with one line.

import type { ApiCall } from './apiCall';
import { handleGetInputs } from './getInputs';
import { handleKillPipeline } from './killPipeline';
import { handleStartPipeline } from './startPipeline';
import { handleUploadFile } from './uploadFile';

export const RUN_FLOW_ROUTES: Record<string, (call: ApiCall) => Promise<void>> = {
  'POST /start_pipeline': handleStartPipeline,
  'POST /kill_pipeline': handleKillPipeline,
  'GET /get_inputs': handleGetInputs,
  'POST /upload_file': handleUploadFile,
};
