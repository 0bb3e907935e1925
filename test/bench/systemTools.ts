// The reference side needs curl and unzip; peak RSS is best read by GNU time. All are Debian
// packages, absent from slim images: say exactly what to install rather than fail obscurely.
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

export const GNU_TIME = '/usr/bin/time';

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Throws with the install command when curl or unzip is missing. */
export function requireReferenceTools(): void {
  const missing = ['curl', 'unzip'].filter((command) => !onPath(command));
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
