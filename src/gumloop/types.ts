// Shapes of the Gumloop public API as this project uses them (see the OpenAPI spec for download_files).

export type AuthMode = 'personal' | 'oauth';

/** Who is asking: a personal API key needs the user ID (sent as `x-auth-key`); an OAuth token does not. */
export interface Credentials {
  apiKey: string;
  authMode: AuthMode;
  userId?: string;
  projectId?: string;
}

export interface DownloadRequest {
  runId: string;
  fileNames: string[];
  savedItemId?: string;
}

export const RUN_STATES = ['QUEUED', 'STARTED', 'RUNNING', 'DONE', 'FAILED', 'TERMINATING', 'TERMINATED'] as const;
export type RunState = (typeof RUN_STATES)[number];

export interface RunInfo {
  userId: string;
  state: RunState | string;
  outputs: Record<string, unknown>;
  createdTs?: string;
  finishedTs?: string;
  log: string[];
}

export interface DownloadProgress {
  receivedBytes: number;
  /** From Content-Length; undefined when the server streams without one. */
  totalBytes?: number;
}
