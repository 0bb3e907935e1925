// The reference side needs curl and unzip; peak RSS is best read by GNU time. All are Debian
// packages, absent from slim images: say exactly what to install rather than fail obscurely.
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { ensureDebianPackages } from '../e2e/systemPackages';

export const GNU_TIME = '/usr/bin/time';

export function hasCommand(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * As root (a fresh container), installs whichever of curl, unzip and GNU time is missing, as the
 * e2e harness installs its own packages, so `npm ci && npm test` needs no set-up step. Otherwise
 * only curl and unzip are required, and the error names the install command.
 */
export async function ensureReferenceTools(log: (line: string) => void): Promise<void> {
  if (process.getuid?.() === 0) {
    const missing = () => [...REFERENCE_TOOLS.filter((command) => !hasCommand(command)), ...(hasGnuTime() ? [] : ['time'])];
    await ensureDebianPackages(missing, [], log);
  }
  requireReferenceTools();
}

const REFERENCE_TOOLS = ['curl', 'unzip'];

/** Throws with the install command when curl or unzip is missing. */
function requireReferenceTools(): void {
  const missing = REFERENCE_TOOLS.filter((command) => !hasCommand(command));
  if (missing.length > 0) {
    throw new Error(`The reference side needs ${missing.join(' and ')}. Install with: apt-get install -y ${missing.join(' ')}`);
  }
}

export function hasGnuTime(): boolean {
  try {
    accessSync(GNU_TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
