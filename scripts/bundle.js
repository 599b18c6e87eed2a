#!/usr/bin/env node
// Build step after tsc: tsc's dist/ bundled by esbuild into dist/bundle/, what
// bin/isla.js runs. Resolving and compiling some 150 small modules (isla's own and
// those of commander, csv-parse, @date-fns/tz, chalk, yaml, zod) was a third of a
// start, and compiling what is left is most of the rest, so:
// - the CLI is one CommonJS file, dist/bundle/cli.cjs, which bin/isla.js compiles
//   with V8's code cache (Node 20 has no compile cache for modules; a script can take
//   one). esbuild keeps each lazy `import()` lazy inside the file: a module's code
//   runs only when reached, and what never runs is never compiled;
// - its code cache, dist/bundle/cli.cjs.cache, is made here by checking the sample
//   month once, so it holds every function a check compiles;
// - the worker thread is an ES module bundle of its own (dist/bundle/worker.js):
//   threads start only for big inputs, where a start does not count.
// - zod and yaml, half of what the CLI would hold and needed only with a config
//   file or a report history, are bundled apart, one CommonJS file each in
//   dist/bundle/vendor/, required when a command reaches them.
// The big optional packages (workbooks, mail) stay external, loaded from
// node_modules when a command needs them.
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'bundle');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['iconv-lite', 'xlsx', 'write-excel-file', 'nodemailer', 'chinese-days'],
  logLevel: 'warning',
};

const VENDORED = ['zod', 'yaml'];

rmSync(OUT, { recursive: true, force: true });
for (const name of VENDORED) {
  await build({
    ...common,
    stdin: { contents: `module.exports = require('${name}');`, resolveDir: ROOT },
    outfile: path.join(OUT, 'vendor', `${name}.cjs`),
    format: 'cjs',
  });
}
await build({
  ...common,
  entryPoints: [path.join(ROOT, 'dist', 'cli.js')],
  plugins: [
    {
      name: 'vendor',
      setup: (b) => b.onResolve({ filter: new RegExp(`^(${VENDORED.join('|')})$`) }, (args) => ({ path: `./vendor/${args.path}.cjs`, external: true })),
    },
  ],
  outfile: path.join(OUT, 'cli.cjs'),
  format: 'cjs',
  // dist/bundle is two folders below the package root, as dist/<folder>/ is, so every
  // `new URL('../../…', import.meta.url)` still finds its file.
  define: { 'import.meta.url': '__islaModuleUrl' },
  banner: { js: "const __islaModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // An external's import() becomes require(): a script compiled by vm has no module loader.
  supported: { 'dynamic-import': false },
});
await build({
  ...common,
  // run-tasks.ts starts ./worker.js beside itself.
  entryPoints: [path.join(ROOT, 'dist', 'engine', 'worker.js')],
  entryNames: '[name]',
  outdir: OUT,
  splitting: true,
  format: 'esm',
  // commander and yaml are CommonJS: their require() of node's modules needs one.
  banner: { js: "import { createRequire as __islaCreateRequire } from 'node:module'; const require = __islaCreateRequire(import.meta.url);" },
});

// The sample month as `npm start` checks it, its output thrown away; bin/isla.js
// writes the code cache of what ran to ISLA_CODE_CACHE_OUT.
const cache = path.join(OUT, 'cli.cjs.cache');
const run = spawnSync(
  process.execPath,
  [path.join(ROOT, 'bin', 'isla.js'), 'check', path.join(ROOT, 'fixtures', '2026-10'), '--as-of', '2026-11-06T09:00', '--fail-on', 'none'],
  { cwd: ROOT, env: { ...process.env, ISLA_CODE_CACHE_OUT: `${cache}.tmp` }, stdio: ['ignore', 'ignore', 'inherit'] },
);
if (run.status !== 0) throw new Error(`bundle: the sample month failed (exit ${run.status ?? run.signal}), no code cache written`);
renameSync(`${cache}.tmp`, cache);
