// Where the benchmark keeps its archives, scratch folders and the bundles it measures.
import * as path from 'node:path';
import { REPO_ROOT } from '../support/paths';

/** Git-ignored: generated archives are cached here between runs. */
export const DATA_DIR = path.join(REPO_ROOT, 'test', 'bench', '.data');
export const ARCHIVES_DIR = path.join(DATA_DIR, 'archives');
export const CLI_BUNDLE = path.join(REPO_ROOT, 'dist', 'cli.js');
export const COMPILED_BENCH_DIR = __dirname;
export const RSS_PRELOAD = path.join(REPO_ROOT, 'out', 'test', 'support', 'reportMaxRss.js');
export const DEFAULT_JSON_REPORT = path.join(REPO_ROOT, 'bench-results.json');
export const QUICK_JSON_REPORT = path.join(DATA_DIR, 'bench-results-quick.json');
export { REPO_ROOT };
