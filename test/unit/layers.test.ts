// The layers README's Architecture section claims, read from every src file's imports as text: no
// import runs from a lower layer to a higher one, and the layers that claim no vscode import have
// none. A new top-level file or folder must be placed here, so the claim cannot drift silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/paths';

const SRC = path.join(REPO_ROOT, 'src');

/** Low to high; a file may import its own layer and those below. */
const LAYERS: readonly (readonly string[])[] = [
  ['sanitize', 'text', 'errors', 'validation', 'constants', 'gitPath'],
  ['gumloop', 'archive', 'runs'],
  ['download', 'remote', 'start'],
  ['ui'],
  // The editor's host objects: settings, the secret store, the log, the services the views and commands share.
  ['config', 'credentials', 'log', 'services', 'uriHandler'],
  ['views'],
  ['commands'],
  // The language-model tools: adapters over the commands' download job and the cores.
  ['tools'],
  // The entry VS Code loads, which compiles extension.ts's bundle with a code cache.
  ['extension', 'extensionLoader'],
];
/** The CLI is its own top over the pure layers: it must not import the editor's layers. */
const CLI_MAY_IMPORT = new Set(LAYERS.slice(0, 4).flat());
const PURE = new Set([...CLI_MAY_IMPORT, 'cli']);

/** A src-relative path's part: its folder, or a top-level file's name. */
function partOf(relative: string): string {
  const [first, ...rest] = relative.split('/');
  return rest.length ? first : first.replace(/\.ts$/, '');
}

function layerOf(part: string): number {
  const index = LAYERS.findIndex((layer) => layer.includes(part));
  assert.ok(index >= 0 || part === 'cli', `src/${part} has no layer: place it in test/unit/layers.test.ts and README's Architecture section`);
  return index;
}

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file names: import/export … from, import(), require(). */
export function importsOf(text: string): string[] {
  const found = [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)|\brequire\(\s*'([^']+)'\s*\)|^import\s+'([^']+)'/gm)];
  return found.map((match) => match[1] ?? match[2] ?? match[3] ?? match[4]);
}

/** Every import that breaks the layering, as "src/a.ts → src/b" lines. */
function violations(files: readonly string[], read: (file: string) => string): string[] {
  const wrong: string[] = [];
  for (const file of files) {
    const relative = path.relative(SRC, file).split(path.sep).join('/');
    const from = partOf(relative);
    for (const target of importsOf(read(file))) {
      if (target === 'vscode') {
        if (PURE.has(from)) wrong.push(`src/${relative} → vscode`);
        continue;
      }
      if (!target.startsWith('.')) continue;
      const resolved = path.relative(SRC, path.resolve(path.dirname(file), target)).split(path.sep).join('/');
      // Outside src (package.json for the version): not part of the layering.
      if (resolved.startsWith('../')) continue;
      const to = partOf(resolved.endsWith('.ts') ? resolved : `${resolved}.ts`);
      if (from === to) continue;
      const allowed = from === 'cli' ? CLI_MAY_IMPORT.has(to) : layerOf(to) <= layerOf(from);
      if (!allowed) wrong.push(`src/${relative} → src/${resolved}`);
    }
  }
  return wrong;
}

test('no src file imports a higher layer, and the pure layers and the CLI import no vscode', () => {
  const files = sourceFiles();
  assert.ok(files.length > 50, 'the src files were found');
  assert.deepEqual(violations(files, (file) => readFileSync(file, 'utf8')), []);
});

test('the check catches an upward import, a vscode import in a pure layer and the CLI reaching into commands', () => {
  const fake: Record<string, string> = {
    [path.join(SRC, 'views', 'a.ts')]: "import { createClient } from '../commands/services';",
    [path.join(SRC, 'runs', 'b.ts')]: "import * as vscode from 'vscode';",
    [path.join(SRC, 'cli', 'c.ts')]: "export { runFlow } from '../commands/runFlow';",
    [path.join(SRC, 'start', 'd.ts')]: "const remote = require('../views/flowsView');",
    [path.join(SRC, 'commands', 'e.ts')]: "import type { Services } from '../services';\nimport { x } from './f';",
  };
  assert.deepEqual(violations(Object.keys(fake), (file) => fake[file]), [
    'src/views/a.ts → src/commands/services',
    'src/runs/b.ts → vscode',
    'src/cli/c.ts → src/commands/runFlow',
    'src/start/d.ts → src/views/flowsView',
  ]);
});

test('README’s Architecture section names every layer’s folders and states the same layering', () => {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const architecture = readme.slice(readme.indexOf('## Architecture'));
  const claimed = LAYERS.map((layer) => layer.join(', ')).join(' → ');
  assert.ok(architecture.replace(/\s+/g, ' ').includes(claimed), `README states the layers as: ${claimed}`);
  for (const part of [...LAYERS.flat(), 'cli']) {
    assert.match(architecture, new RegExp(`\\n  ${part}(/|\\.ts)`), `README's Architecture lists src/${part}`);
  }
});
