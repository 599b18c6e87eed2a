// bin/isla.js runs the bundled CLI with the code cache the build made (issue #19):
// the cache must be the one V8 takes, and a cache that is stale, broken or missing
// must change nothing but the speed.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, SAMPLE, tempDir } from './helpers.js';

const CHECK = ['check', SAMPLE, '--as-of', '2026-11-06T09:00', '--fail-on', 'none'];
const node = (args: string[], cwd = ROOT): string => execFileSync(process.execPath, args, { cwd, encoding: 'utf8' });

/** What loadCli offered V8 and whether V8 took it, in a plain `node` as a user starts isla. */
const cacheState = (root: string): string =>
  node([
    '--input-type=module',
    '-e',
    `const { loadCli } = await import(${JSON.stringify(path.join(root, 'bin', 'load-cli.js'))});
     const { cachedData, script } = loadCli();
     process.stdout.write(!cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'taken');`,
  ]);

/** A copy of the built package (bin, dist, the service list) beside the real node_modules. */
function copyOfBuild(): string {
  const root = tempDir('isla-launcher-');
  for (const part of ['bin', 'dist', 'package.json', path.join('src', 'service-list')]) cpSync(path.join(ROOT, part), path.join(root, part), { recursive: true, preserveTimestamps: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  return root;
}

describe('the launcher and its code cache', () => {
  const expected = node([CLI, ...CHECK]);

  it('the build\'s cache is taken by this Node', () => {
    expect(cacheState(ROOT)).toBe('taken');
  });

  it('a broken, stale or missing cache changes nothing but the speed', () => {
    const root = copyOfBuild();
    const cli = path.join(root, 'dist', 'bundle', 'cli.cjs');
    const cache = `${cli}.cache`;
    expect([cacheState(root), node([path.join(root, 'bin', 'isla.js'), ...CHECK])]).toEqual(['taken', expected]);
    // Bytes V8 cannot use: refused by V8's own checks.
    writeFileSync(cache, Buffer.alloc(4096, 7));
    expect([cacheState(root), node([path.join(root, 'bin', 'isla.js'), ...CHECK])]).toEqual(['rejected', expected]);
    // Older than the CLI beside it (rebuilt without its cache): not offered.
    const now = Date.now() / 1000;
    utimesSync(cache, now - 60, now - 60);
    utimesSync(cli, now, now);
    expect([cacheState(root), node([path.join(root, 'bin', 'isla.js'), ...CHECK])]).toEqual(['none', expected]);
    rmSync(cache);
    expect([cacheState(root), node([path.join(root, 'bin', 'isla.js'), ...CHECK])]).toEqual(['none', expected]);
  });
});
