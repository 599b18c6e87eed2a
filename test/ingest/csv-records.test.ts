// isla's record reader against csv-parse itself, with isla's options: the same
// records, and the same error, for generated text cut into chunks anywhere.
import { parse } from 'csv-parse';
import { describe, expect, it } from 'vitest';
import { type Dialect, readRecords } from '../../src/ingest/csv-records.js';

/** csv-parse's reading of the whole text: its records, then its error code if any. */
function csvParse(text: string, dialect: Dialect): Promise<unknown[]> {
  return new Promise((resolve) => {
    const out: unknown[] = [];
    const p = parse({ delimiter: dialect.delimiter, relax_column_count: true, relax_quotes: true, record_delimiter: dialect.loneCr ? ['\r'] : ['\r\n', '\n'] });
    p.on('data', (r: string[]) => out.push(r));
    p.on('error', (e: Error & { code?: string }) => resolve([...out, `error ${e.code}`]));
    p.on('end', () => resolve(out));
    p.end(text);
  });
}

/** isla's reading of the same text given as `chunks` (bytes, or decoded text). */
async function ours(chunks: (Buffer | string)[], dialect: Dialect): Promise<unknown[]> {
  const out: unknown[] = [];
  async function* source() {
    for (const c of chunks) yield c;
  }
  try {
    await readRecords(source(), dialect, (r) => out.push(r));
  } catch (e) {
    out.push(`error ${(e as { code?: string }).code}`);
  }
  return out;
}

/** The bytes of `text` cut at the given offsets. */
const cut = (bytes: Buffer, at: number[]): Buffer[] =>
  [0, ...at, bytes.length].slice(1).map((end, i, ends) => bytes.subarray(i === 0 ? 0 : ends[i - 1], end));

function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

const COMMA: Dialect = { delimiter: ',', loneCr: false };

describe('records as csv-parse reads them', () => {
  const cases: [string, string][] = [
    ['plain lines, LF and CRLF mixed', '单号,客户\nA1,张伟\r\nA2,王芳\n'],
    ['empty lines and a last line without its line end', 'a,b\n\n\nc,d'],
    ['empty fields and a trailing delimiter', ',a,,\n,\n'],
    ['quoted fields with delimiters, doubled quotes and line breaks', 'x,"80,000.00","他说""好""",y\n"two\nlines","three\r\nlines\n"\n'],
    ['an empty quoted field and one of only a quote', '"",""""\n'],
    ['a quote inside an unquoted field (relaxed)', 'ab"c,d\ne,f\n'],
    ['text after a closing quote (relaxed)', '"a"b,c\n"a" ,b\nx,y\n'],
    ['a lone CR inside a line, and a CR before the end of the text', 'a\rb,c\nd,e\r'],
    ['a BOM stays on the first field, as in csv-parse', '\uFEFF单号,客户\nA1,张伟\n'],
    ['an unterminated quote', 'a,b\nc,"d\ne,f\n'],
    ['an unterminated quote on the last line', 'a,b\n"c'],
    ['a quote opened then a CR before the line end', '"a"\rb\nc\n'],
    ['no text at all', ''],
    ['one line break', '\n'],
  ];
  for (const [name, text] of cases) {
    it(name, async () => {
      const expected = await csvParse(text, COMMA);
      const bytes = Buffer.from(text);
      expect(await ours([bytes], COMMA)).toEqual(expected);
      // Cut at every byte, and in three.
      for (let at = 1; at < bytes.length; at++) expect(await ours(cut(bytes, [at]), COMMA)).toEqual(expected);
      expect(await ours(cut(bytes, [1, 2, 3].map((k) => Math.floor((bytes.length * k) / 4))), COMMA)).toEqual(expected);
      // Text already decoded (GB18030, UTF-16) goes to csv-parse from the first text chunk on.
      expect(await ours([text], COMMA)).toEqual(expected);
      // Bytes first, then decoded text (a UTF-8 guess revisited as GB18030 mid-file).
      const head = [...text].slice(0, 3).join('');
      expect(await ours([Buffer.from(head), text.slice(head.length)], COMMA)).toEqual(expected);
    });
  }

  it('lone-CR files (Mac Excel), tabs, semicolons and bars', async () => {
    const text = 'a\tb\r"c\td"\te\r';
    for (const dialect of [{ delimiter: ',', loneCr: true }, { delimiter: '\t', loneCr: false }, { delimiter: '\t', loneCr: true }] as Dialect[]) {
      expect(await ours(cut(Buffer.from(text), [3]), dialect)).toEqual(await csvParse(text, dialect));
    }
    for (const delimiter of [';', '|'] as const) {
      const t = `a${delimiter}"b${delimiter}c"${delimiter}d\n1${delimiter}2\n`;
      expect(await ours([Buffer.from(t)], { delimiter, loneCr: false })).toEqual(await csvParse(t, { delimiter, loneCr: false }));
    }
  });

  it('a quoted field open for more than 64 KiB goes to csv-parse, which reads it the same', async () => {
    const long = `a,"${'x\n'.repeat(40_000)}",b\nc,d\n`;
    const expected = await csvParse(long, COMMA);
    expect(expected).toHaveLength(2);
    expect(await ours(cut(Buffer.from(long), [10, 70_000]), COMMA)).toEqual(expected);
  });

  it('a line of 1 MB in 4 KiB chunks goes to csv-parse once it passes 64 KiB, and reads the same', async () => {
    const long = `SK-1,V1,${'客'.repeat(350_000)}\nSK-2,"V,2",张伟\n`;
    const bytes = Buffer.from(long);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, i) => bytes.subarray(i * 4096, (i + 1) * 4096));
    const expected = await csvParse(long, COMMA);
    expect(expected).toEqual([['SK-1', 'V1', '客'.repeat(350_000)], ['SK-2', 'V,2', '张伟']]);
    expect(await ours(chunks, COMMA)).toEqual(expected);
  });

  it('2,000 generated texts, cut at random points', async () => {
    const next = random(20261202);
    const pieces = ['a', '中文', '7', ',', ',', '"', '""', '\n', '\r\n', '\r', ' ', '"x,y"', '"多\n行"', '\t'];
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      const bytes = Buffer.from(text);
      const at = [next(), next()].map((r) => Math.floor(r * bytes.length)).sort((a, b) => a - b);
      const expected = await csvParse(text, COMMA);
      expect([text, await ours(cut(bytes, at), COMMA)]).toEqual([text, expected]);
    }
  });
});
