// The extraction helper thread runs the source text of `writeItems` (archive/entryWriter.ts), so
// that function must stay self-contained in every bundle that ships it: a bundler that rewrites
// its `require('node:fs')` into a reference to the bundle's own module table (as the extension's
// import-once plugin once did) leaves the helper a function that throws on its first file. This
// takes the function's text from each built bundle, runs it with nothing but `require`, and checks
// it writes a file, making its folder. (The development build keeps the name; the minified one renames it alike.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { REPO_ROOT } from '../support/paths';

const BUNDLES = ['dist/cli.js', 'dist/firstUse.js'];

/** `function writeItems(…) { … }` as the bundle has it (braces matched; the body has no braces in strings). */
function functionText(bundle: string, name: string): string {
  const start = bundle.indexOf(`function ${name}(`);
  assert.ok(start >= 0, `no function ${name} in the bundle`);
  let depth = 0;
  for (let at = bundle.indexOf('{', start); at < bundle.length; at++) {
    if (bundle[at] === '{') depth++;
    else if (bundle[at] === '}' && --depth === 0) return bundle.slice(start, at + 1);
  }
  throw new Error(`unbalanced braces after function ${name}`);
}

for (const file of BUNDLES) {
  test(`${file}: the helper thread's writeItems runs on its own (only require), and writes the file`, (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gl-helper-src-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const source = functionText(readFileSync(path.join(REPO_ROOT, file), 'utf8'), 'writeItems');
    const writeItems = new Function('require', `return (${source});`)(require) as (data: Buffer, items: unknown[], from: number, stop: () => boolean, crc: typeof crc32, root: string) => { next: number; failure?: unknown };
    const content = Buffer.from('written by the helper’s own source');
    // In a folder not made yet: the writer makes it (see writeItems).
    const target = path.join(dir, 'made', 'here', 'one.txt');
    const outcome = writeItems(content, [{ start: 0, compressedSize: content.length, method: 0, size: content.length, crc: crc32(content), file: target }], 0, () => false, crc32, dir);
    assert.deepEqual(outcome, { next: 1 });
    assert.equal(readFileSync(target, 'utf8'), content.toString());
  });
}
