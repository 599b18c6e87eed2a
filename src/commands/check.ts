// `isla check`: options → engine → chosen format → stdout or file → exit code.
import type { CheckResult } from '../check.js';
import { isFailure, runCheck } from '../check.js';
import { loadConfig } from '../config/load.js';
import { IslaError } from '../errors.js';
import { normaliseEncodingName } from '../ingest/encoding.js';
import { expandInputs } from '../ingest/inputs.js';
import type { Lang } from '../messages.js';
import { checkTimezone, parseAsOf, parseChoice, parsePeriod } from '../options.js';
import { FORMATS, type FormatName } from '../report/index.js';
import { writeAtomic, writeStdout } from '../write-atomic.js';
import { type Terminal, startProgress } from './terminal.js';
import path from 'node:path';

export interface CheckCommandOptions {
  config?: string;
  period?: string;
  asOf?: string;
  tz?: string;
  format: string;
  output?: string;
  encoding?: string;
  department?: string[];
  rule?: string[];
  failOn: string;
  strict?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

export function encodingOption(value: string | undefined, lang: Lang): string | undefined {
  if (value === undefined) return undefined;
  const e = normaliseEncodingName(value);
  if (e === null) throw new IslaError('bad-option', { option: '--encoding', value, expected: lang === 'zh' ? '可选 utf-8、gb18030、utf-16le、utf-16be' : 'use utf-8, gb18030, utf-16le or utf-16be' });
  return e;
}

export async function checkCommand(args: string[], o: CheckCommandOptions, lang: Lang, term: Terminal): Promise<number> {
  const format = parseChoice('--format', o.format, Object.keys(FORMATS) as FormatName[], lang);
  const failOn = parseChoice('--fail-on', o.failOn, ['error', 'warning', 'none'] as const, lang);
  const config = loadConfig({ config: o.config, lang });
  if (o.tz !== undefined) config.timezone = checkTimezone(o.tz, lang);
  const asOf = parseAsOf(o.asOf, config.timezone, lang);
  const period = parsePeriod(o.period, asOf, lang);
  if (args.length === 0) throw new IslaError('no-inputs', { path: lang === 'zh' ? '（未给出输入）' : '(no inputs given)' });
  const inputs = await expandInputs(args, config.datasets.map((d) => d.id));
  if (o.output && inputs.some((i) => path.resolve(i.file) === path.resolve(o.output!))) {
    throw new IslaError('output-is-input', { path: o.output });
  }
  const progress = o.quiet ? null : startProgress(term, lang);
  let result: CheckResult;
  try {
    result = await runCheck({
      inputs,
      config,
      period,
      asOf,
      lang,
      encoding: encodingOption(o.encoding, lang),
      departments: o.department,
      ruleIds: o.rule,
      onProgress: progress?.update,
    });
  } finally {
    progress?.stop();
  }
  const rejected = result.inputs.reduce((n, i) => n + i.rejected, 0);
  if (o.strict && rejected > 0) {
    for (const p of result.problems) term.err(`${p.file}:${p.line}  ${p.field}  ${p.message}`);
    throw new IslaError('strict-rejected', { count: rejected });
  }
  if (!o.quiet) for (const w of result.warnings) term.err(w.message);
  const chunks = FORMATS[format](result, { lang, color: format === 'table' && term.color && !o.output, verbose: !!o.verbose });
  if (o.output) await writeAtomic(o.output, chunks);
  else await writeStdout(chunks);
  return isFailure(result, failOn) ? 1 : 0;
}
