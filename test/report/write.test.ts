import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IslaError } from '../../src/errors.js';
import { writeAtomic } from '../../src/write-atomic.js';
import { tempDir } from '../helpers.js';

describe('atomic writes', () => {
  it('replaces the file whole', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'summary.md');
    writeFileSync(target, 'old report\n');
    await writeAtomic(target, ['new ', 'report\n']);
    expect(readFileSync(target, 'utf8')).toBe('new report\n');
    expect(readdirSync(dir)).toEqual(['summary.md']);
  });

  it('an interrupted write leaves the previous report intact and no temporary file', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'summary.md');
    writeFileSync(target, 'previous report\n');
    function* crashing(): Generator<string> {
      yield 'x'.repeat(2 << 20); // more than one write's worth reaches the disk first
      throw new Error('disk full');
    }
    const err = await writeAtomic(target, crashing()).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(IslaError);
    expect((err as IslaError).code).toBe('write-failed');
    expect(readFileSync(target, 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir)).toEqual(['summary.md']);
  });

  it('a folder that does not exist is a write-failed error naming the path', async () => {
    const target = path.join(tempDir(), 'missing', 'summary.md');
    const err = (await writeAtomic(target, ['x']).catch((e: unknown) => e)) as IslaError;
    expect(err.params).toEqual({ path: target, reason: 'ENOENT' });
    expect(existsSync(target)).toBe(false);
  });
});
