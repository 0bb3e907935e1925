// Turns the measurements into the printed Markdown tables (ready for the README) and the JSON file.
import { writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import type { ShapeResult } from './downloadBench';
import type { Extras } from './extras';
import type { FlowsList } from './flowsListBench';
import type { RunToDownload } from './runToDownloadBench';
import { median } from './stats';
import { TARGETS, check, type Check } from './targets';
import type { Zip64Result } from './zip64Bench';

export interface ShapeSummary {
  shape: string;
  title: string;
  archiveBytes: number;
  referenceWallMs: number;
  referenceRssBytes: number;
  projectWallMs: number;
  projectRssBytes: number;
  /** Peak RSS overwriting the project's own extraction (NaN when the shape does not measure it). */
  projectOverwriteRssBytes: number;
  /** Overwriting: project and `unzip -o` wall time, median (NaN when not measured). */
  projectOverwriteWallMs: number;
  referenceOverwriteWallMs: number;
  maxRatio: number;
  maxRssBytes: number;
  ratio: number;
  runs: ShapeResult;
}

export interface BenchReport {
  date: string;
  mode: 'quick' | 'full';
  runs: number;
  rssSource: string;
  machine: { cpus: number; cpuModel: string; memoryBytes: number; node: string; platform: string };
  shapes: ShapeSummary[];
  extras?: Extras;
  runToDownload?: RunToDownload;
  flowsList?: FlowsList;
  zip64?: Zip64Result;
  checks: Check[];
  ok: boolean;
}

const medianRss = (runs: ShapeResult['project']) => median(runs.filter((run) => run.maxRssKB !== undefined).map((run) => run.maxRssKB! * 1024));

/** Overwrite time per file of a shape, ms. */
const overwritePerFileMs = (shape: ShapeSummary | undefined) => (shape ? shape.projectOverwriteWallMs / shape.runs.files : NaN);

export function summarize(results: ShapeResult[], extras: Extras | undefined, runToDownload: RunToDownload | undefined, flowsList: FlowsList | undefined, zip64: Zip64Result | undefined, meta: { quick: boolean; runs: number; rssSource: string }): BenchReport {
  const shapes = results.map((result) => {
    const referenceWallMs = median(result.reference.map((run) => run.wallMs));
    const projectWallMs = median(result.project.map((run) => run.wallMs));
    return {
      shape: result.shape,
      title: result.title,
      archiveBytes: result.archiveBytes,
      referenceWallMs,
      referenceRssBytes: medianRss(result.reference),
      projectWallMs,
      projectRssBytes: medianRss(result.project),
      projectOverwriteRssBytes: medianRss(result.projectOverwrite),
      projectOverwriteWallMs: median(result.projectOverwrite.map((run) => run.wallMs)),
      referenceOverwriteWallMs: median(result.referenceOverwrite.map((run) => run.wallMs)),
      maxRatio: result.maxRatio ?? TARGETS.maxWallRatio,
      maxRssBytes: result.maxRssBytes ?? TARGETS.maxRssBytes,
      ratio: projectWallMs / referenceWallMs,
      runs: result,
    };
  });
  const checks = shapes.flatMap((shape) => [
    ...(shape.runs.memoryOnly ? [] : [check(`${shape.shape}: wall time project / curl+unzip`, shape.ratio, shape.maxRatio, '×')]),
    check(`${shape.shape}: project peak RSS`, shape.projectRssBytes, shape.maxRssBytes, 'bytes'),
    ...(shape.runs.projectOverwrite.length > 0
      ? [
          check(`${shape.shape}: project peak RSS, overwriting`, shape.projectOverwriteRssBytes, shape.maxRssBytes, 'bytes'),
          check(`${shape.shape}: overwriting, project / unzip -o`, shape.projectOverwriteWallMs / shape.referenceOverwriteWallMs, TARGETS.maxOverwriteRatio, '×'),
        ]
      : []),
  ]);
  // The same shape at 20,000 and 100,000 files: overwriting must cost the same per file.
  const [small, large] = ['tiny-20k', 'tiny-100k'].map((name) => shapes.find((shape) => shape.shape === name));
  if (small && large) checks.push(check('overwriting: time per file at 100k / at 20k', overwritePerFileMs(large) / overwritePerFileMs(small), TARGETS.maxOverwriteGrowth, '×'));
  for (const row of zip64?.rows ?? []) checks.push(check(`zip64, ${row.producer}: extracted whole (${row.detail})`, row.ok ? 0 : 1, 0, ''));
  if (extras) {
    checks.push(
      check('activation (require + activate)', extras.activationMs, TARGETS.activationMs, 'ms'),
      check('JavaScript the .vsix ships (dist/*.js, production)', extras.extensionBundleBytes, TARGETS.extensionBundleBytes, 'bytes'),
      check('.vsix', extras.vsixBytes, TARGETS.vsixBytes, 'bytes'),
      check('Recent Runs items for 1,000 runs', extras.treeOf1000RunsMs, TARGETS.treeOf1000RunsMs, 'ms'),
      check('Flows items for 500 flows', extras.flowsTreeOf500FlowsMs, TARGETS.flowsTreeOf500FlowsMs, 'ms'),
      check('Agents items for a session of 1,000 artifacts', extras.agentsTreeOf1000ArtifactsMs, TARGETS.agentsTreeOf1000ArtifactsMs, 'ms'),
      check('Flows requests in the busiest second, 20 running runs visible', extras.flowsRequestRate.visibleBusiestSecond, TARGETS.flowsRequestsPerSecondVisible, 'requests'),
      check('Flows requests while hidden', extras.flowsRequestRate.hiddenRequests, TARGETS.flowsRequestsHidden, 'requests'),
      ...extras.artifactListing.map((cost) => check(`listing ${cost.artifacts} artifacts: requests beyond ⌈n/100⌉ = ${cost.expected}`, cost.requests - cost.expected, TARGETS.artifactListingExtraRequests, 'requests')),
      // Run Flow + Flows view + Download When Done on one run: no more polls than Run Flow alone (one of slack for the timing of the last tick).
      check('get_pl_run: Run Flow + Flows view + Download When Done, more than Run Flow alone', extras.sharedRunRate.together - extras.sharedRunRate.runFlowAlone, TARGETS.sharedRunExtraPolls, 'requests'),
    );
  }
  if (runToDownload) checks.push(check('run --wait --download: DONE → download request (median)', runToDownload.loggingMedianMs, TARGETS.runDoneToDownloadMs, 'ms'));
  if (flowsList) {
    checks.push(
      check(`flows, ${flowsList.flows} flows: peak RSS (table)`, medianRss(flowsList.table), TARGETS.flowsListRssBytes, 'bytes'),
      check(`flows, ${flowsList.flows} flows: peak RSS (--json)`, medianRss(flowsList.json), TARGETS.flowsListRssBytes, 'bytes'),
    );
  }
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    mode: meta.quick ? 'quick' : 'full',
    runs: meta.runs,
    rssSource: meta.rssSource,
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memoryBytes: os.totalmem(), node: process.version, platform: `${os.platform()} ${os.release()}` },
    shapes,
    extras,
    runToDownload,
    flowsList,
    zip64,
    checks,
    ok: checks.every((c) => c.ok),
  };
}

const mb = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB` : 'n/a');
const kb = (bytes: number) => `${(bytes / 1e3).toFixed(0)} KB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const mark = (ok: boolean) => (ok ? 'ok' : '**missed**');

export function formatReport(report: BenchReport): string {
  const lines: string[] = [];
  lines.push(`Download + extract, median of ${report.runs} (${report.mode}; peak RSS from ${report.rssSource}; MB = 10^6 bytes)`, '');
  lines.push('| Shape | Archive | curl + unzip | Project | Project / reference (target) | Project peak RSS (target) |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const shape of report.shapes) {
    const ratioOk = shape.runs.memoryOnly || shape.ratio <= shape.maxRatio;
    const rssOk = shape.projectRssBytes <= shape.maxRssBytes;
    lines.push(
      `| ${shape.title} | ${mb(shape.archiveBytes)} | ${seconds(shape.referenceWallMs)} · ${mb(shape.referenceRssBytes)} | ${seconds(shape.projectWallMs)} | ${shape.ratio.toFixed(2)} ${shape.runs.memoryOnly ? '(memory only)' : `(≤ ${shape.maxRatio}) ${mark(ratioOk)}`} | ${mb(shape.projectRssBytes)} (≤ ${mb(shape.maxRssBytes)}) ${mark(rssOk)} |`,
    );
  }
  const overwriting = report.shapes.filter((s) => s.runs.projectOverwrite.length > 0);
  if (overwriting.length > 0) {
    lines.push('', `| Overwriting its own extraction | unzip -o | Project | Project / unzip -o (≤ ${TARGETS.maxOverwriteRatio}) | Per file | Project peak RSS |`, '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const shape of overwriting) {
      const ratio = shape.projectOverwriteWallMs / shape.referenceOverwriteWallMs;
      lines.push(`| ${shape.title} | ${seconds(shape.referenceOverwriteWallMs)} | ${seconds(shape.projectOverwriteWallMs)} | ${ratio.toFixed(2)} ${mark(ratio <= TARGETS.maxOverwriteRatio)} | ${(overwritePerFileMs(shape) * 1000).toFixed(0)} µs | ${mb(shape.projectOverwriteRssBytes)} (≤ ${mb(shape.maxRssBytes)}) ${mark(shape.projectOverwriteRssBytes <= shape.maxRssBytes)} |`);
    }
    const growth = report.checks.find((c) => c.name.startsWith('overwriting: time per file'));
    if (growth) lines.push('', `Overwrite time per file at 100k over at 20k: ${growth.value.toFixed(2)} (≤ ${growth.limit}, linear is 1) ${mark(growth.ok)}`);
  }
  if (report.zip64) {
    lines.push('', '| Past 4 GiB (zip64), made by | Archive | Files | Extracted | Extract time | |', '| --- | ---: | ---: | ---: | ---: | --- |');
    if (report.zip64.skipped) lines.push(`| ${report.zip64.skipped} | | | | | |`);
    for (const row of report.zip64.rows) lines.push(`| ${row.producer} | ${mb(row.archiveBytes)} | ${row.files} | ${mb(row.bytes)} | ${seconds(row.extractMs)} | ${row.ok ? 'ok' : '**missed**'}: ${row.detail} |`);
  }
  if (report.extras) {
    const extras = report.extras;
    lines.push('', '| Measurement | Value | Target |', '| --- | ---: | ---: |');
    const row = (name: string, value: string, limit: string, ok: boolean) => lines.push(`| ${name} | ${value} | ≤ ${limit} ${mark(ok)} |`);
    row(`Activation: require + activate(), code cache of the last start (median of ${extras.activationSamples})`, `${extras.activationMs.toFixed(1)} ms`, `${TARGETS.activationMs} ms`, extras.activationMs <= TARGETS.activationMs);
    lines.push(`| Activation, first start after an install or update (no code cache yet; median of ${extras.activationSamples}) | ${extras.activationColdMs.toFixed(1)} ms | reported |`);
    row('JavaScript the .vsix ships (dist/*.js, production)', kb(extras.extensionBundleBytes), kb(TARGETS.extensionBundleBytes), extras.extensionBundleBytes <= TARGETS.extensionBundleBytes);
    row('.vsix', kb(extras.vsixBytes), kb(TARGETS.vsixBytes), extras.vsixBytes <= TARGETS.vsixBytes);
    row(`Recent Runs: items for 1,000 runs (median of ${extras.treeSamples})`, `${extras.treeOf1000RunsMs.toFixed(1)} ms`, `${TARGETS.treeOf1000RunsMs} ms`, extras.treeOf1000RunsMs <= TARGETS.treeOf1000RunsMs);
    row(`Flows: items for 500 flows (median of ${extras.treeSamples})`, `${extras.flowsTreeOf500FlowsMs.toFixed(1)} ms`, `${TARGETS.flowsTreeOf500FlowsMs} ms`, extras.flowsTreeOf500FlowsMs <= TARGETS.flowsTreeOf500FlowsMs);
    row(
      `Agents: items for a session of 1,000 artifacts, after its pages arrived (median of ${extras.treeSamples})`,
      `${extras.agentsTreeOf1000ArtifactsMs.toFixed(1)} ms`,
      `${TARGETS.agentsTreeOf1000ArtifactsMs} ms`,
      extras.agentsTreeOf1000ArtifactsMs <= TARGETS.agentsTreeOf1000ArtifactsMs,
    );
    const rate = extras.flowsRequestRate;
    row(
      `Flows: requests/s with ${rate.runningRuns} running runs visible (busiest second; ${rate.visibleRequests} in ${rate.visibleSeconds} s, at the emulator)`,
      `${rate.visibleBusiestSecond}`,
      `${TARGETS.flowsRequestsPerSecondVisible}`,
      rate.visibleBusiestSecond <= TARGETS.flowsRequestsPerSecondVisible,
    );
    row(`Flows: requests while hidden (${rate.hiddenSeconds} s)`, `${rate.hiddenRequests}`, `${TARGETS.flowsRequestsHidden}`, rate.hiddenRequests <= TARGETS.flowsRequestsHidden);
    for (const cost of extras.artifactListing) {
      row(`Agents: requests to list ${cost.artifacts.toLocaleString('en-US')} artifacts, all pages (at the emulator)`, `${cost.requests}`, `⌈n/100⌉ = ${cost.expected}`, cost.requests <= cost.expected);
    }
    const shared = extras.sharedRunRate;
    const extra = shared.together - shared.runFlowAlone;
    row(
      `One run, Run Flow + Flows view + Download When Done: get_pl_run in ${shared.seconds} s beyond Run Flow alone (${shared.together} vs ${shared.runFlowAlone}, at the emulator)`,
      `${extra}`,
      `${TARGETS.sharedRunExtraPolls}`,
      extra <= TARGETS.sharedRunExtraPolls,
    );
  }
  if (report.runToDownload) {
    const runs = report.runToDownload;
    const list = (values: number[]) => values.map((ms) => (ms / 1000).toFixed(2)).join(', ');
    const ok = runs.loggingMedianMs <= TARGETS.runDoneToDownloadMs;
    lines.push('', '| `run --wait --download`: run DONE → download request | Median | Runs (s) | Target |', '| --- | ---: | --- | ---: |');
    lines.push(`| run logging about every 0.6 s to the end | ${seconds(runs.loggingMedianMs)} | ${list(runs.loggingMs)} | ≤ ${seconds(TARGETS.runDoneToDownloadMs)} ${mark(ok)} |`);
    if (runs.quietTailMedianMs !== undefined) lines.push(`| run quiet for its last 6-8.5 s (watcher backed off, up to 5 s) | ${seconds(runs.quietTailMedianMs)} | ${list(runs.quietTailMs)} | reported |`);
  }
  if (report.flowsList) {
    const list = report.flowsList;
    lines.push('', `| \`gumloop-files flows\`, ${list.flows.toLocaleString('en')} flows (answer ${mb(list.answerBytes)}), median of ${list.table.length} | Wall time | Peak RSS | Target |`, '| --- | ---: | ---: | ---: |');
    for (const [name, runs] of [['table', list.table], ['--json', list.json]] as const) {
      const rss = medianRss(runs);
      lines.push(`| ${name} | ${seconds(median(runs.map((run) => run.wallMs)))} | ${mb(rss)} | ≤ ${mb(TARGETS.flowsListRssBytes)} ${mark(rss <= TARGETS.flowsListRssBytes)} |`);
    }
  }
  const missed = report.checks.filter((c) => !c.ok);
  lines.push('', missed.length === 0 ? 'All targets met.' : `Missed ${missed.length} target(s): ${missed.map((c) => c.name).join('; ')}.`);
  return lines.join('\n');
}

export async function writeJsonReport(file: string, report: BenchReport): Promise<void> {
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}
