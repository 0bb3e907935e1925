// Every id the extension shares with package.json. test/unit/manifest.test.ts checks that the two agree.

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'gumloop-files.gumloop-files';

export const Commands = {
  setApiKey: 'gumloop.setApiKey',
  clearApiKey: 'gumloop.clearApiKey',
  setUserId: 'gumloop.setUserId',
  downloadRunFiles: 'gumloop.downloadRunFiles',
  showLogs: 'gumloop.showLogs',
  refreshRuns: 'gumloop.refreshRuns',
  clearHistory: 'gumloop.clearHistory',
  // Tree-only commands (hidden from the palette).
  downloadAgain: 'gumloop.downloadAgain',
  openRunFolder: 'gumloop.openRunFolder',
  revealRunFolder: 'gumloop.revealRunFolder',
  copyRunId: 'gumloop.copyRunId',
  removeRun: 'gumloop.removeRun',
  openFile: 'gumloop.openFile',
  openFileToSide: 'gumloop.openFileToSide',
  revealFile: 'gumloop.revealFile',
  copyFilePath: 'gumloop.copyFilePath',
  missingFile: 'gumloop.missingFile',
} as const;

export const Views = {
  container: 'gumloop',
  recentRuns: 'gumloop.recentRuns',
} as const;

export const ContextKeys = {
  hasApiKey: 'gumloop.hasApiKey',
  hasRuns: 'gumloop.hasRuns',
  /** Set after Clear History, so the empty view says the files were kept. */
  historyCleared: 'gumloop.historyCleared',
} as const;

export const Settings = {
  section: 'gumloop',
  userId: 'userId',
  projectId: 'projectId',
  baseUrl: 'baseUrl',
  downloadFolder: 'downloadFolder',
  onConflict: 'onConflict',
  maxRecentRuns: 'maxRecentRuns',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  maxExtractSize: 'maxExtractSize',
  savedItemId: 'savedItemId',
} as const;

export const SecretKeys = {
  apiKey: 'gumloop.apiKey',
} as const;

/** globalState keys. */
export const StateKeys = {
  history: 'gumloop.recentRuns.v1',
  authMode: 'gumloop.authMode',
  /** Destinations with a download under way; see download/inFlight.ts. */
  inFlight: 'gumloop.inFlightDownloads.v1',
} as const;
