// The words of the download progress notification: speed, extraction, retries. Pure, unit-tested.
import { formatBytes } from '../archive/limits';

/** A rate a person can read: whole bytes below 1 KB/s (a raw float there looked broken). */
export function formatSpeed(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '0 bytes/s';
  if (bytesPerSecond < 1024) return `${Math.round(bytesPerSecond)} bytes/s`;
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function downloadText(receivedBytes: number, totalBytes: number | undefined, elapsedMs: number): string {
  const speed = receivedBytes / Math.max(0.001, elapsedMs / 1000);
  return `Downloading ${formatBytes(receivedBytes)}${totalBytes ? ` of ${formatBytes(totalBytes)}` : ''} · ${formatSpeed(speed)}`;
}

/** While files are still being unpacked "n of m"; once all are, the last step (moving them into place). */
export function extractText(filesDone: number, filesTotal: number): string {
  const files = `${filesTotal} file${filesTotal === 1 ? '' : 's'}`;
  if (filesDone >= filesTotal) return `Unpacked ${files}; moving ${filesTotal === 1 ? 'it' : 'them'} into place…`;
  return `Extracting ${filesDone + 1} of ${files}…`;
}

export interface RetryNotice {
  delayMs: number;
  /** The attempt about to be made, 2 for the first retry. */
  attempt: number;
  attempts: number;
}

/** Said in the progress while a retry waits, so a slow download does not look stuck. */
export function retryText(notice: RetryNotice, reason: string): string {
  const seconds = Math.max(1, Math.round(notice.delayMs / 1000));
  return `${shortReason(reason)}; retrying in ${seconds} s… (attempt ${notice.attempt} of ${notice.attempts})`;
}

/** The first sentence of an error message, without its advice. */
function shortReason(message: string): string {
  const first = /^[^.]*(\([^)]*\))?[^.]*/.exec(message)?.[0]?.trim() ?? message;
  return (first || 'Gumloop did not answer').slice(0, 120);
}
