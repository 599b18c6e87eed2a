#!/usr/bin/env node
// Build step after tsc: tsc's dist/ bundled by esbuild into dist/bundle/, what
// bin/isla.js runs. Resolving and compiling some 150 small modules (isla's own and
// those of commander, csv-parse, @date-fns/tz, chalk, yaml, zod) was a third of a
// start; one file per entry point plus shared chunks is read and compiled at once.
// A lazy `await import()` stays lazy: each becomes a chunk loaded when reached.
// The big optional packages (workbooks, mail) stay external, loaded from
// node_modules when a command needs them.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'bundle');

rmSync(OUT, { recursive: true, force: true });
await build({
  // The worker is an entry of its own: run-tasks.ts starts ./worker.js beside itself.
  entryPoints: [path.join(ROOT, 'dist', 'cli.js'), path.join(ROOT, 'dist', 'engine', 'worker.js')],
  entryNames: '[name]',
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // dist/bundle is two folders below the package root, as dist/<folder>/ is, so every
  // `new URL('../../…', import.meta.url)` still finds its file.
  external: ['iconv-lite', 'xlsx', 'write-excel-file', 'nodemailer', 'chinese-days'],
  // commander and yaml are CommonJS: their require() of node's modules needs one.
  banner: { js: "import { createRequire as __islaCreateRequire } from 'node:module'; const require = __islaCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
