// `isla check`: options → engine → chosen format → stdout or file → exit code.
import type { CheckResult } from '../check.js';
import { isFailure, runCheck } from '../check.js';
import { loadConfig, suggest } from '../config/load.js';
import { IslaError } from '../errors.js';
import { normaliseEncodingName } from '../ingest/encoding.js';
import { expandInputs } from '../ingest/inputs.js';
import type { Lang } from '../messages.js';
import { checkTimezone, parseAsOf, parseChoice, parsePeriod } from '../options.js';
import { FORMATS, type FormatName } from '../report/index.js';
import { inputPlaces, refuseOutputOverInput, refuseReportSetInInput } from '../output-paths.js';
import { replaceFolder, writeAtomic, writeStdout } from '../write-atomic.js';
import { type Terminal, startProgress } from './terminal.js';
import path from 'node:path';
import { reportContext } from './report-context.js';
import { EXIT_MAIL_FAILED, deliverMails, mailPreflight } from './mail.js';

export interface CheckCommandOptions {
  config?: string;
  period?: string;
  asOf?: string;
  tz?: string;
  format: string;
  output?: string;
  report?: string;
  encoding?: string;
  department?: string[];
  rule?: string[];
  failOn: string;
  strict?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  mail?: boolean;
  mailOut?: string;
}

/** SPEC §6.4: the report set of one period, replaced as a whole by the next run. */
export function reportSetPaths(dir: string, periodLabel: string): { file: string; format: FormatName }[] {
  const folder = reportSetFolder(dir, periodLabel);
  return [
    { file: path.join(folder, 'summary.json'), format: 'json' },
    { file: path.join(folder, 'summary.md'), format: 'markdown' },
    { file: path.join(folder, 'summary.html'), format: 'html' },
    { file: path.join(folder, 'findings.csv'), format: 'csv' },
  ];
}

export function reportSetFolder(dir: string, periodLabel: string): string {
  return path.join(dir, periodLabel);
}

/** A misspelt department or rule id would silently check nothing: say so instead. */
export function checkNames(option: string, given: string[] | undefined, known: string[], lang: Lang): void {
  for (const name of given ?? []) {
    if (known.includes(name)) continue;
    const close = suggest(name, known);
    const expected = close
      ? (lang === 'zh' ? `最接近的是 ${close}` : `the closest is ${close}`)
      : lang === 'zh' ? `可选 ${known.join('、')}` : `use one of ${known.join(', ')}`;
    throw new IslaError('bad-option', { option, value: name, expected });
  }
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
  checkNames('--department', o.department, [...new Set(config.rules.map((r) => r.department))], lang);
  checkNames('--rule', o.rule, config.rules.map((r) => r.id), lang);
  const mailSettings = await mailPreflight(config, o, process.env);
  const asOf = parseAsOf(o.asOf, config.timezone, lang);
  const period = parsePeriod(o.period, asOf, lang);
  // No inputs: the exports in the current folder, as `cd exports && isla check` expects.
  const inputArgs = args.length ? args : ['.'];
  const inputs = await expandInputs(inputArgs, config.datasets.map((d) => d.id));
  const reportFiles = o.report ? reportSetPaths(o.report, period.label) : [];
  const places = await inputPlaces(inputs, inputArgs);
  if (o.output) await refuseOutputOverInput(o.output, places);
  if (o.report) await refuseReportSetInInput(reportSetFolder(o.report, period.label), places);
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
  const ctx = reportContext(config, o.department, o.rule, lang, !!o.verbose);
  if (o.report) {
    const setFolder = reportSetFolder(o.report, period.label);
    const outputs = new Set(reportFiles.map((r) => path.basename(r.file)));
    // The set is swapped in whole; what is not one of its outputs (mail-log.json,
    // the history of what was sent) is carried into the new set, never lost.
    await replaceFolder(
      setFolder,
      async (folder) => {
        for (const r of reportFiles) await writeAtomic(path.join(folder, path.basename(r.file)), FORMATS[r.format](result, ctx));
      },
      (name) => !outputs.has(name) && !name.startsWith('.'),
    );
  }
  const chunks = FORMATS[format](result, { ...ctx, color: format === 'table' && term.color && !o.output });
  if (o.output) await writeAtomic(o.output, chunks);
  else await writeStdout(chunks);
  const exit = isFailure(result, failOn) ? 1 : 0;
  if (!mailSettings) return exit;
  // The report is written before any mail goes out: a mail failure never costs the report.
  const setDir = o.report ? path.dirname(reportFiles[0]!.file) : null;
  const failed = await deliverMails(result, config, mailSettings, ctx, { ...o, setDir }, lang, term);
  return failed ? EXIT_MAIL_FAILED : exit;
}
