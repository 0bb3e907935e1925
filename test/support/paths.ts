import * as path from 'node:path';

/** The repository root, from compiled code in out/test/... */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const HOSTILE_ZIPS = path.join(REPO_ROOT, 'test', 'fixtures', 'hostile-zips');
