// Kept strings (src/strings.ts): the same text, in a copy of its own.
import { describe, expect, it } from 'vitest';
import { flatString, stringInterner } from '../src/strings.js';

describe('flatString', () => {
  it.each([
    ['', 'empty'],
    ['郑洁', 'short'],
    [`${'刷卡单'}：应于 ${'2026-10-03'} 前交，${'2026-10-11 10:30'} 才交`, 'a rope from a template'],
    ['x'.repeat(100_000).concat('LSVAU2180N0000001').slice(100_000), 'a slice of a long text'],
    ['\uD800 lone surrogate', 'not well-formed'],
  ])('gives back the same text: %s (%s)', (s) => {
    expect(flatString(s)).toBe(s);
  });
});

describe('stringInterner', () => {
  it('hands back the first copy for every equal string, and tells different ones apart', () => {
    const intern = stringInterner();
    const first = intern(['张', '伟'].join(''));
    expect(intern('张伟')).toBe(first);
    expect(intern('王芳')).toBe('王芳');
    expect(intern('张伟 ')).toBe('张伟 ');
  });

  it('starts afresh past the number it keeps, and still hands back the same text', () => {
    const intern = stringInterner();
    const names = Array.from({ length: 60_000 }, (_, i) => `客户${i}`);
    expect(names.map(intern)).toEqual(names);
    expect(intern('客户1')).toBe('客户1');
  });
});
