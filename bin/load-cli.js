// The built CLI, dist/bundle/cli.cjs, compiled with the code cache the build made
// beside it (scripts/bundle.js): V8 then skips parsing and compiling what a check
// runs, most of a small month's start. V8 refuses a cache from another Node version
// or one that does not match the file, and then compiles as usual; a cache older
// than the file (a CLI rebuilt without its cache) is not offered at all.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** The CLI's exports, and the cache it was offered (for the tests: `script.cachedDataRejected`). */
export function loadCli() {
  const file = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));
  const cacheFile = `${file}.cache`;
  const cacheTime = statSync(cacheFile, { throwIfNoEntry: false })?.mtimeMs;
  const cachedData = cacheTime !== undefined && cacheTime >= statSync(file).mtimeMs ? readFileSync(cacheFile) : undefined;
  // CommonJS's wrapper, on the file's first line so that line numbers stay the file's.
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  // The build's own run of the sample month asks for the cache of what it compiled.
  const out = process.env.ISLA_CODE_CACHE_OUT;
  if (out) process.once('beforeExit', () => writeFileSync(out, script.createCachedData()));
  return { cli: module.exports, cachedData, script };
}
