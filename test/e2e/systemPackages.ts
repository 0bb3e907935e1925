// The Debian packages the e2e harness needs from the machine: Chromium to drive the workbench, and the
// headers/compilers code-server's postinstall needs to build its native modules (kerberos wants libkrb5-dev).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { exec } from './exec';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface SystemNeeds {
  /** True when code-server is about to be installed (it compiles native modules). */
  nativeBuild: boolean;
}

/** Installs what is missing when running as root; otherwise throws with the exact command to run. */
export async function ensureSystemPackages(needs: SystemNeeds, log: (line: string) => void): Promise<void> {
  // Always ask for the pair the recipe names, plus whatever else is missing, in one apt transaction.
  await ensureDebianPackages(() => missingPackages(needs), ['chromium', 'libkrb5-dev'], log);
}

/**
 * Installs the packages `missingNow()` names, with `alsoWanted`, when running as root; otherwise
 * throws with the exact command to run. Shared with the benchmark's curl, unzip and time.
 */
export async function ensureDebianPackages(missingNow: () => string[], alsoWanted: string[], log: (line: string) => void): Promise<void> {
  const missing = missingNow();
  if (missing.length === 0) return;
  const wanted = [...new Set([...alsoWanted, ...missing])];
  const command = `apt-get install -y --no-install-recommends ${wanted.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing system packages (${missing.join(', ')}). Run:\n  sudo apt-get update && sudo ${command}`);
  }
  log(`installing system packages: ${wanted.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await exec('apt-get', ['update'], { env });
  await exec('apt-get', ['install', '-y', '--no-install-recommends', ...wanted], { env });
  const still = missingNow();
  if (still.length > 0) throw new Error(`apt-get finished but these are still missing: ${still.join(', ')}`);
}

function missingPackages(needs: SystemNeeds): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM_PATH)) missing.push('chromium');
  if (needs.nativeBuild) {
    if (!debianPackageInstalled('libkrb5-dev')) missing.push('libkrb5-dev');
    // node-gyp needs a C++ toolchain and Python; slim images often lack them.
    if (!onPath('make') || !onPath('g++')) missing.push('build-essential');
    if (!onPath('python3')) missing.push('python3');
  }
  return missing;
}

function debianPackageInstalled(name: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && fs.existsSync(`${dir}/${command}`));
}
