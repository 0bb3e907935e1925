// The download engine (archive reader, journaled commit, destination locks, with zlib, crypto and
// streams) is needed on the first download or recovery, not when VS Code activates the extension.
// A require() here, unlike an import, lets the bundler evaluate those modules on first use.
/* eslint-disable @typescript-eslint/no-require-imports */

export function downloadEngine(): typeof import('./downloadRun') {
  return require('./downloadRun') as typeof import('./downloadRun');
}

export function destinationLocks(): typeof import('./destinationLock') {
  return require('./destinationLock') as typeof import('./destinationLock');
}

/** Agent artifact downloads: the same engine (locks, journaled commit), loaded on the first one. */
export function artifactEngine(): typeof import('./downloadArtifacts') {
  return require('./downloadArtifacts') as typeof import('./downloadArtifacts');
}
