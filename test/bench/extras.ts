// The measurements beside download+extract: package sizes, activation cost, the Recent Runs and
// Flows and Agents trees, and the Flows view's request rate. The production bundle that is measured for size
// is also the one activated.
import { mkdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { COMPILED_BENCH_DIR, DATA_DIR } from './benchPaths';
import { medianOfFreshProcesses } from './childMeasurement';
import { measureFlowsRequestRate, type FlowsRequestRate } from './flowsRequestRate';
import { measureArtifactListing, type ArtifactListingCost } from './artifactListing';
import { buildAndMeasurePackage } from './packageSizes';
import { measureSharedRunRate, type SharedRunRate } from './sharedRunRate';

export interface Extras {
  activationMs: number;
  /** The same without a code cache: the first start after an install or update. */
  activationColdMs: number;
  activationSamples: number;
  extensionBundleBytes: number;
  /** Each .js file the .vsix ships, with its size (what extensionBundleBytes adds up). */
  shippedScripts: { name: string; bytes: number }[];
  vsixBytes: number;
  treeOf1000RunsMs: number;
  treeSamples: number;
  flowsTreeOf500FlowsMs: number;
  agentsTreeOf1000ArtifactsMs: number;
  flowsRequestRate: FlowsRequestRate;
  artifactListing: ArtifactListingCost[];
  sharedRunRate: SharedRunRate;
}

export async function measureExtras(samples: number, quick: boolean, log: (line: string) => void): Promise<Extras> {
  const scratch = path.join(DATA_DIR, `extras-${process.pid}`);
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  try {
    log('building the production bundle and the .vsix');
    const sizes = await buildAndMeasurePackage(path.join(scratch, 'package'));
    log(`shipped JavaScript: ${sizes.shippedScripts.map((script) => `${script.name} ${(script.bytes / 1000).toFixed(1)} KB`).join(', ')}`);
    log(`measuring activation and the Recent Runs tree (${samples} fresh processes each)`);
    const activationChild = path.join(COMPILED_BENCH_DIR, 'activationChild.js');
    const activationColdMs = await medianOfFreshProcesses(activationChild, [sizes.extensionBundle, path.join(scratch, 'activation'), 'cold'], samples);
    // The cold runs left the cache of their last start behind, as a start in VS Code does.
    const activationMs = await medianOfFreshProcesses(activationChild, [sizes.extensionBundle, path.join(scratch, 'activation')], samples);
    const treeOf1000RunsMs = await medianOfFreshProcesses(path.join(COMPILED_BENCH_DIR, 'treeChild.js'), [path.join(scratch, 'tree')], samples);
    const flowsTreeOf500FlowsMs = await medianOfFreshProcesses(path.join(COMPILED_BENCH_DIR, 'flowsTreeChild.js'), [], samples);
    const agentsTreeOf1000ArtifactsMs = await medianOfFreshProcesses(path.join(COMPILED_BENCH_DIR, 'agentsTreeChild.js'), [], samples);
    // Long enough for every run to come due at least once while visible, and again while hidden.
    const flowsRequestRate = await measureFlowsRequestRate(quick ? { visibleMs: 8_000, hiddenMs: 4_000 } : { visibleMs: 12_000, hiddenMs: 8_000 }, log);
    const artifactListing = await measureArtifactListing(log);
    const sharedRunRate = await measureSharedRunRate({ ms: quick ? 8_000 : 15_000 }, log);
    return {
      artifactListing,
      sharedRunRate,
      activationMs,
      activationColdMs,
      activationSamples: samples,
      extensionBundleBytes: sizes.extensionBundleBytes,
      shippedScripts: sizes.shippedScripts,
      vsixBytes: sizes.vsixBytes,
      treeOf1000RunsMs,
      treeSamples: samples,
      flowsTreeOf500FlowsMs,
      agentsTreeOf1000ArtifactsMs,
      flowsRequestRate,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
