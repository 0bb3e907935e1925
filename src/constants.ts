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
  runFlow: 'gumloop.runFlow',
  // Tree-only commands (hidden from the palette).
  downloadAgain: 'gumloop.downloadAgain',
  openRunFolder: 'gumloop.openRunFolder',
  revealRunFolder: 'gumloop.revealRunFolder',
  copyRunId: 'gumloop.copyRunId',
  removeRun: 'gumloop.removeRun',
  openFile: 'gumloop.openFile',
} as const;

export const Views = {
  container: 'gumloop',
  recentRuns: 'gumloop.recentRuns',
} as const;

export const ContextKeys = {
  hasApiKey: 'gumloop.hasApiKey',
  hasRuns: 'gumloop.hasRuns',
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
  afterRun: 'afterRun',
} as const;

export const SecretKeys = {
  apiKey: 'gumloop.apiKey',
} as const;

/** globalState keys. */
export const StateKeys = {
  history: 'gumloop.recentRuns.v1',
  authMode: 'gumloop.authMode',
  /** Run Flow's last input values per flow (runs/runInputs.ts InputMemory). */
  runInputs: 'gumloop.runInputs.v1',
} as const;
