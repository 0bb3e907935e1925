// Bundles the extension and the CLI. `--production` minifies; `--watch` rebuilds on change.
// Type checking is separate (`npm run typecheck`): esbuild only strips types.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build errors the way VS Code's problem matchers read them. */
const problemReporter = {
  name: 'problem-reporter',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * undici carries llhttp twice, as a SIMD and a plain WebAssembly build (about 72 KB each, base64),
 * and tries SIMD first. This client sends a handful of requests and streams bodies, where the
 * parser is not what limits speed (npm run bench), so both requires get the plain build: one copy,
 * and it runs on every CPU. Without this the extension bundle misses its 400 KB budget.
 */
const oneLlhttp = {
  name: 'one-llhttp',
  setup(build) {
    build.onResolve({ filter: /llhttp_simd-wasm\.js$/ }, async (args) => {
      const plain = await build.resolve(args.path.replace('llhttp_simd-wasm.js', 'llhttp-wasm.js'), { kind: args.kind, resolveDir: args.resolveDir });
      return { path: plain.path };
    });
    build.onLoad({ filter: /llhttp-wasm\.js$/ }, (args) => compressedWasm(args.path));
  },
};

/**
 * The plain llhttp build is 54 KB of WebAssembly that undici ships as 72 KB of base64. Compressed
 * with Brotli at build time it is 15 KB (20 KB as base64): 52 KB less to ship and to parse. It is
 * decompressed once, when the first connection needs the parser (about a millisecond), behind the
 * same lazy getter undici's own module has; zlib is loaded then, never at activation.
 */
function compressedWasm(file) {
  const wasm = createRequire(import.meta.url)(file);
  if (!Buffer.isBuffer(wasm) || wasm.subarray(0, 4).toString('latin1') !== '\0asm') throw new Error(`${file} no longer exports the WebAssembly bytes: see compressedWasm in esbuild.mjs`);
  const packed = zlib.brotliCompressSync(wasm, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: wasm.length } }).toString('base64');
  return {
    contents: `let wasm;\nObject.defineProperty(module, 'exports', { get: () => (wasm ??= require('node:zlib').brotliDecompressSync(Buffer.from(${JSON.stringify(packed)}, 'base64'))) });\n`,
    loader: 'js',
  };
}

/**
 * Two parts of undici this client never reaches, left out (about 50 KB of the 400 KB budget):
 * HTTP/2 (only used when a dispatcher sets allowH2, which createDispatcher never does) and the
 * fetch body encoder with WebIDL and FormData (only for FormData request bodies; ours are JSON,
 * Buffers or file streams). Each is replaced by a module that throws if it were ever reached, so
 * a future use fails loudly in tests instead of silently misbehaving.
 */
const UNUSED_UNDICI = [
  { filter: /^\.\/client-h2\.js$/, what: 'HTTP/2' },
  { filter: /^\.\.\/web\/fetch\/body\.js$/, what: 'FormData request bodies' },
];
const undiciUnused = {
  name: 'undici-unused',
  setup(build) {
    for (const { filter, what } of UNUSED_UNDICI) {
      build.onResolve({ filter }, (args) => (args.importer.includes(`undici${path.sep}lib${path.sep}dispatcher`) ? { path: what, namespace: 'undici-unused' } : undefined));
    }
    build.onLoad({ filter: /.*/, namespace: 'undici-unused' }, (args) => ({
      contents: `const unused = () => { throw new Error(${JSON.stringify(`${args.path} is not part of this build (see esbuild.mjs)`)}); };\nmodule.exports = unused;\nmodule.exports.extractBody = unused;\n`,
      loader: 'js',
    }));
  },
};

/**
 * The extension requires ./transport (undici) on its first request; bundled inline, undici would
 * still be parsed on every activation. So the extension bundle leaves that require to run time and
 * dist/transport.js is built beside it. The CLI stays one self-contained file.
 */
const transportApart = {
  name: 'transport-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/transport$/ }, (args) =>
      args.importer.endsWith(`gumloop${path.sep}client.ts`) ? { path: './transport.js', external: true } : undefined,
    );
  },
};

const shared = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  // Strings such as “…” and ⏎ as UTF-8, not \uXXXX escapes (half the bytes).
  charset: 'utf8',
  logLevel: 'warning',
  metafile: Boolean(process.env.META),
  plugins: watch ? [oneLlhttp, undiciUnused, problemReporter] : [oneLlhttp, undiciUnused],
};

/**
 * The GitHub Action's bundle (action.yml runs.main), committed as JavaScript actions are. Built only
 * on request, minified, without a source map or anything time- or machine-dependent, so the same
 * sources give the same bytes: `npm run build:action` writes it, and a unit test builds it again to
 * a temporary file and compares. `require.main` is made undefined: the CLI's own entry check in
 * cli/index.ts must not run the CLI inside the Action.
 */
const action = {
  ...shared,
  minify: true,
  sourcemap: false,
  plugins: [oneLlhttp],
  entryPoints: ['src/cli/actionMain.ts'],
  define: { 'require.main': 'undefined' },
};
const actionOutfile = process.argv.find((arg) => arg.startsWith('--action-outfile='))?.slice('--action-outfile='.length);
if (process.argv.includes('--action')) {
  await esbuild.build({ ...action, outfile: actionOutfile ?? 'dist-action/index.js' });
  process.exit(0);
}

const contexts = await Promise.all([
  esbuild.context({ ...shared, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [...shared.plugins, transportApart] }),
  esbuild.context({ ...shared, entryPoints: ['src/gumloop/transport.ts'], outfile: 'dist/transport.js' }),
  esbuild.context({ ...shared, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  const results = await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  if (process.env.META) for (const [i, r] of results.entries()) (await import('node:fs')).writeFileSync(`${process.env.META}.${i}.json`, JSON.stringify(r.metafile));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
