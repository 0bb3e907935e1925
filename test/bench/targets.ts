// The targets, each checked against numbers measured in the same run.
export const TARGETS = {
  /** Project wall time over curl+unzip wall time, per shape. */
  maxWallRatio: 1.25,
  /** Peak RSS of the project's download+extract, per shape, in bytes (MB = 10^6 bytes). */
  maxRssBytes: 200e6,
  /** Project overwriting its own extraction over `unzip -o` overwriting its own, same shape, same run (issue 21). */
  maxOverwriteRatio: 2,
  /** Overwrite time per file at 100,000 files over that at 20,000 (same shape): linear is 1. */
  maxOverwriteGrowth: 1.5,
  /** require + activate(), warm (the code cache of the last start); issue 21: ≤ 15 ms on a quiet machine. */
  activationMs: 15,
  extensionBundleBytes: 400e3,
  vsixBytes: 300e3,
  treeOf1000RunsMs: 50,
  /** `run --wait --download`: a run reaching DONE → its download_files request, median, ms. */
  runDoneToDownloadMs: 1_500,
  flowsTreeOf500FlowsMs: 50,
  /** The Agents tree: a session's 1,000 artifacts as rows, after its pages arrived (issue 18). */
  agentsTreeOf1000ArtifactsMs: 50,
  /** The Flows view with 20 running runs visible: requests in its busiest second, at the emulator. */
  flowsRequestsPerSecondVisible: 4,
  /** ... and while hidden. */
  flowsRequestsHidden: 0,
  /** Listing an agent's n artifacts: requests beyond ⌈n/100⌉, at the emulator. */
  artifactListingExtraRequests: 0,
  /** One running run watched by Run Flow, the Flows view and Download When Done: get_pl_run beyond Run Flow alone (1: a tick at the edge). */
  sharedRunExtraPolls: 1,
  /** `gumloop-files flows` (table and --json) for 50,000 flows: peak RSS, bytes. */
  flowsListRssBytes: 200e6,
} as const;

export interface Check {
  name: string;
  value: number;
  limit: number;
  unit: string;
  ok: boolean;
}

export function check(name: string, value: number, limit: number, unit: string): Check {
  return { name, value, limit, unit, ok: Number.isFinite(value) && value <= limit };
}
