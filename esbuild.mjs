// Bundles the extension and the CLI. `--production` minifies; `--watch` rebuilds on change.
// Type checking is separate (`npm run typecheck`): esbuild only strips types.
import * as fs from 'node:fs';
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

/**
 * What only some users use (Run Flow, Run Again, the download engine, the language-model tools) is
 * `require()`d on first use (commands/lazyCommands.ts, download/lazyEngine.ts, tools/register.ts).
 * Bundled inline it would still be parsed on every activation, so it is built as dist/firstUse.js,
 * loaded on the first such require. Every module both bundles would contain (sanitize, the client,
 * the run history, …) stays in dist/main.js only: firstUse.js gets each from the extension at link
 * time (`link(modules)`), so there is one copy of every module and of its state (the download
 * locks, caches, …), which the build checks. A new lazily required module is added to FIRST_USE.
 */
const FIRST_USE = ['commands/runFlow', 'commands/runAgain', 'download/downloadRun', 'download/destinationLock', 'download/downloadArtifacts', 'tools/gumloopTools'];
// Real paths: the bench builds in a staging folder whose src/ is a link to this one, and esbuild sees through links.
const SRC = fs.realpathSync('src');
/** A module's name as `src/…/x.ts`, from its absolute path or the metafile's (relative to the working folder). */
const posix = (file) => path.relative(path.dirname(SRC), path.resolve(file)).split(path.sep).join('/');

/** The extension's side: each lazy require() of a FIRST_USE module becomes a property of dist/firstUse.js. */
function firstUseApart(sharedModules) {
  return {
    name: 'first-use-apart',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind !== 'require-call' || !args.importer.startsWith(SRC + path.sep) || args.path === './transport') return undefined;
        const key = path.relative(SRC, path.resolve(args.resolveDir, args.path)).split(path.sep).join('/');
        if (!FIRST_USE.includes(key)) return { errors: [{ text: `require('${args.path}') in ${posix(args.importer)}: add '${key}' to FIRST_USE in esbuild.mjs` }] };
        return { path: key, namespace: 'first-use' };
      });
      build.onResolve({ filter: /^first-use-link$/ }, () => ({ path: 'link', namespace: 'first-use' }));
      build.onResolve({ filter: /^\.\/firstUse\.js$/ }, (args) => (args.namespace === 'first-use' ? { path: './firstUse.js', external: true } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'first-use' }, (args) => {
        if (args.path !== 'link') return { contents: `module.exports = require('first-use-link').load()[${JSON.stringify(args.path)}];\n`, loader: 'js', resolveDir: SRC };
        const imports = sharedModules.map((file, index) => `import * as m${index} from ${JSON.stringify(path.join(path.dirname(SRC), file))};\n`).join('');
        const list = sharedModules.map((_, index) => `m${index}`).join(', ');
        return {
          contents: `${imports}let loaded;\nexport function load() {\n  if (!loaded) { loaded = require('./firstUse.js'); loaded.link([${list}]); }\n  return loaded;\n}\n`,
          loader: 'js',
          resolveDir: SRC,
        };
      });
    },
  };
}

/** firstUse.js's side: the FIRST_USE modules as getters, and every module the extension also has taken from it. */
function firstUseShared(sharedModules) {
  const index = new Map(sharedModules.map((file, i) => [file, i]));
  const candidates = (base) => [`${base}.ts`, path.join(base, 'index.ts'), base];
  return {
    name: 'first-use-shared',
    setup(build) {
      build.onResolve({ filter: /^first-use-registry$/ }, () => ({ path: 'registry', namespace: 'first-use-shared' }));
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!args.importer.startsWith(SRC + path.sep)) return undefined;
        const found = candidates(path.resolve(args.resolveDir, args.path)).map(posix).find((file) => index.has(file));
        return found === undefined ? undefined : { path: String(index.get(found)), namespace: 'first-use-shared' };
      });
      build.onLoad({ filter: /.*/, namespace: 'first-use-shared' }, (args) => ({
        contents: args.path === 'registry' ? 'exports.modules = undefined;\n' : `module.exports = require('first-use-registry').modules[${args.path}];\n`,
        loader: 'js',
      }));
    },
  };
}

const firstUseEntry = {
  contents:
    `exports.link = (modules) => { require('first-use-registry').modules = modules; };\n` +
    FIRST_USE.map((key) => `Object.defineProperty(exports, ${JSON.stringify(key)}, { enumerable: true, get: () => require(${JSON.stringify(`./src/${key}`)}) });\n`).join(''),
  resolveDir: process.cwd(),
  sourcefile: 'firstUse-entry.js',
  loader: 'js',
};
/**
 * `import * as vscode from 'vscode'` in each of ~40 modules becomes `__toESM(require('vscode'))`
 * in each: a copy of every property of the API object (and of node:path, node:fs…) per module,
 * at activation. Imported through one ESM module of its own each is copied once.
 */
const ONCE = /^(vscode|node:(path|fs|os|fs\/promises|crypto|events|timers\/promises|perf_hooks|stream|url|util))$/;
const importOnce = {
  name: 'import-once',
  setup(build) {
    // Only imports: a require() stays Node's own, since a function whose source is run elsewhere (the
    // extraction helper thread's writeItems, see archive/entryWriter.ts) must not point into this bundle.
    build.onResolve({ filter: ONCE }, (args) => {
      if (args.kind === 'require-call') return undefined;
      return args.namespace === 'import-once' ? { path: args.path, external: true } : { path: args.path, namespace: 'import-once' };
    });
    build.onLoad({ filter: /.*/, namespace: 'import-once' }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};\n`, loader: 'js' }));
  },
};
const extensionOptions = (sharedModules) => ({ ...shared, metafile: true, entryPoints: ['src/extension.ts'], outfile: 'dist/main.js', external: ['vscode'], plugins: [...shared.plugins, importOnce, transportApart, firstUseApart(sharedModules)] });
const firstUseOptions = (sharedModules) => ({ ...shared, metafile: true, stdin: firstUseEntry, outfile: 'dist/firstUse.js', external: ['vscode'], plugins: [...shared.plugins, importOnce, transportApart, firstUseShared(sharedModules)] });
const sourceInputs = (result) => Object.keys(result.metafile.inputs).filter((file) => !file.includes(':')).map(posix).filter((file) => file.startsWith('src/'));

/** The modules both bundles reach: a first build of each (not written) tells. */
async function modulesInBoth() {
  const [extension, firstUse] = await Promise.all([esbuild.build({ ...extensionOptions([]), write: false }), esbuild.build({ ...firstUseOptions([]), write: false })]);
  const inExtension = new Set(sourceInputs(extension));
  const imported = FIRST_USE.filter((key) => inExtension.has(`src/${key}.ts`));
  if (imported.length > 0) throw new Error(`something activation reaches imports ${imported.map((key) => `src/${key}.ts`).join(', ')}: modules in FIRST_USE are only require()d (see commands/lazyCommands.ts)`);
  return sourceInputs(firstUse).filter((file) => inExtension.has(file)).sort();
}

/** One copy of every module: a file in both bundles would have two copies of its state. */
function checkNoModuleInBoth([extension, firstUse]) {
  const inExtension = new Set(sourceInputs(extension));
  const twice = sourceInputs(firstUse).filter((file) => inExtension.has(file));
  if (twice.length > 0) throw new Error(`dist/main.js and dist/firstUse.js both contain ${twice.join(', ')} (restart the watch, or see firstUseShared in esbuild.mjs)`);
}

const sharedModules = await modulesInBoth();
const contexts = await Promise.all([
  esbuild.context(extensionOptions(sharedModules)),
  esbuild.context(firstUseOptions(sharedModules)),
  // The entry VS Code loads (package.json main): it compiles dist/main.js with a code cache (src/extensionLoader.ts).
  esbuild.context({ ...shared, entryPoints: ['src/extensionLoader.ts'], outfile: 'dist/extension.js' }),
  esbuild.context({ ...shared, entryPoints: ['src/gumloop/transport.ts'], outfile: 'dist/transport.js' }),
  esbuild.context({ ...shared, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  const results = await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  checkNoModuleInBoth(results);
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
