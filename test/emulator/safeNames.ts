// Run ids and file names come from the request and become paths under dataDir, so anything
// that could climb out of it (or name a drive, or a Windows alternate stream) is refused.

/** A run id is one folder name: no separators, no drive or stream colon, not a dot folder. */
export function isSafeRunId(runId: string): boolean {
  return runId !== '.' && runId !== '..' && !/[/\\:\0]/.test(runId);
}

/** A file name is a relative POSIX path inside the run's files folder. */
export function isSafeFileName(fileName: string): boolean {
  if (fileName.startsWith('/') || fileName.includes('\\') || fileName.includes('\0')) return false;
  if (/^[A-Za-z]:/.test(fileName)) return false;
  return !fileName.split('/').includes('..');
}
