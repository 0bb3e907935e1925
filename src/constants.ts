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
  /** Argument: a run ID string, a Recent Runs row or a Flows view run; none asks for a recent run. */
  runAgain: 'gumloop.runAgain',
  runAgainWithChanges: 'gumloop.runAgainWithChanges',
  // Tree-only commands (hidden from the palette).
  downloadAgain: 'gumloop.downloadAgain',
  downloadRun: 'gumloop.downloadRun',
  openRunFolder: 'gumloop.openRunFolder',
  revealRunFolder: 'gumloop.revealRunFolder',
  copyRunId: 'gumloop.copyRunId',
  removeRun: 'gumloop.removeRun',
  openFile: 'gumloop.openFile',
  openFileToSide: 'gumloop.openFileToSide',
  revealFile: 'gumloop.revealFile',
  copyFilePath: 'gumloop.copyFilePath',
  missingFile: 'gumloop.missingFile',
  // The Flows view: title actions, then tree-only commands on flows, runs, outputs and errors.
  refreshFlows: 'gumloop.refreshFlows',
  filterFlows: 'gumloop.filterFlows',
  clearFlowsFilter: 'gumloop.clearFlowsFilter',
  showProjectFlows: 'gumloop.showProjectFlows',
  showUserFlows: 'gumloop.showUserFlows',
  refreshFlow: 'gumloop.refreshFlow',
  copyFlowId: 'gumloop.copyFlowId',
  openFlowInGumloop: 'gumloop.openFlowInGumloop',
  downloadFlowRun: 'gumloop.downloadFlowRun',
  downloadWhenDone: 'gumloop.downloadWhenDone',
  cancelDownloadWhenDone: 'gumloop.cancelDownloadWhenDone',
  copyFlowRunId: 'gumloop.copyFlowRunId',
  openRunInGumloop: 'gumloop.openRunInGumloop',
  showRunLog: 'gumloop.showRunLog',
  openRunOutput: 'gumloop.openRunOutput',
  retryFlows: 'gumloop.retryFlows',
  // The Agents view: title actions, then tree-only commands on agents, sessions and artifacts.
  refreshAgents: 'gumloop.refreshAgents',
  showTeamAgents: 'gumloop.showTeamAgents',
  refreshAgent: 'gumloop.refreshAgent',
  downloadAgentArtifacts: 'gumloop.downloadAgentArtifacts',
  downloadSessionArtifacts: 'gumloop.downloadSessionArtifacts',
  searchArtifacts: 'gumloop.searchArtifacts',
  clearArtifactSearch: 'gumloop.clearArtifactSearch',
  loadMoreAgents: 'gumloop.loadMoreAgents',
  openArtifact: 'gumloop.openArtifact',
  compareArtifact: 'gumloop.compareArtifact',
  retryAgents: 'gumloop.retryAgents',
  /** The status bar item's click: the runs this window follows, with Show Log, Stop, Download When Done. */
  showRunningRuns: 'gumloop.showRunningRuns',
} as const;

export const Views = {
  container: 'gumloop',
  recentRuns: 'gumloop.recentRuns',
  flows: 'gumloop.flows',
  agents: 'gumloop.agents',
} as const;

export const ContextKeys = {
  hasApiKey: 'gumloop.hasApiKey',
  hasRuns: 'gumloop.hasRuns',
  /** Set after Clear History, so the empty view says the files were kept. */
  historyCleared: 'gumloop.historyCleared',
  /** 'user' or 'project': which scope switch the Flows view offers. */
  flowsScope: 'gumloop.flowsScope',
  flowsFiltered: 'gumloop.flowsFiltered',
  /** The Agents view loaded an empty list: its welcome content says so. */
  noAgents: 'gumloop.noAgents',
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
  offerMcpServer: 'offerMcpServer',
  artifactFolder: 'artifactFolder',
  notifyWhenDone: 'notifyWhenDone',
} as const;

/** Language-model tools (package.json contributes.languageModelTools; registered by tools/). */
export const Tools = {
  listFlows: 'gumloop_listFlows',
  runFlow: 'gumloop_runFlow',
  getRun: 'gumloop_getRun',
  downloadRunFiles: 'gumloop_downloadRunFiles',
  listArtifacts: 'gumloop_listArtifacts',
  downloadArtifacts: 'gumloop_downloadArtifacts',
} as const;

/** The MCP server definition provider (contributes.mcpServerDefinitionProviders). */
export const MCP_PROVIDER_ID = 'gumloop.mcpServer';

export const SecretKeys = {
  apiKey: 'gumloop.apiKey',
} as const;

/** globalState keys. */
export const StateKeys = {
  history: 'gumloop.recentRuns.v1',
  authMode: 'gumloop.authMode',
  /** Destinations with a download under way; see download/inFlight.ts. */
  inFlight: 'gumloop.inFlightDownloads.v1',
  /** Run Flow's last input values per flow (runs/runInputs.ts InputMemory). */
  runInputs: 'gumloop.runInputs.v1',
  /** The project ID to come back to after switching the Flows view to user scope. */
  lastProjectId: 'gumloop.flows.lastProjectId',
  /** The team whose agents the Agents view shows ({id, name}); absent: the caller's own. */
  agentsTeam: 'gumloop.agents.team',
} as const;

/** workspaceState keys. */
export const WorkspaceStateKeys = {
  flowsFilter: 'gumloop.flows.filter',
  /** Runs marked Download When Done, resumed in the next window. */
  downloadWhenDone: 'gumloop.flows.downloadWhenDone',
  /** Agent artifacts downloaded into this workspace, with their versions (runs/artifactCopies.ts). */
  artifactCopies: 'gumloop.agents.artifactCopies.v1',
} as const;

