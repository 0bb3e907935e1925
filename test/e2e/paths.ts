// Locations derived from where this file is compiled to (out/test/e2e/), so they do not depend on
// the directory the runner was started from.
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Ignored by git (see .gitignore); screenshots and failure artefacts go here. */
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');
/** Compiled UI tests and extension-host tests. */
export const UI_TESTS_DIR = path.join(__dirname, 'ui');
export const EXTHOST_DIR = path.join(__dirname, 'exthost');
