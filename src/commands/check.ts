// `isla check`: options → engine → chosen format → stdout or file → exit code.
import { datasetIdsByName } from '../datasets/label.js';
import type { CheckResult } from '../check.js';
import { isFailure, runCheck } from '../check.js';
import { effectiveConfig } from '../config/effective.js';
import { suggest } from '../config/suggest.js';
import { IslaError } from '../errors.js';
import { normaliseEncodingName } from '../ingest/encoding.js';
import { expandInputs } from '../ingest/inputs.js';
import type { Lang } from '../messages.js';
import { checkTimezone, parseAsOf, parseChoice, parsePeriod } from '../options.js';
import { FORMATS, type FormatContext, type FormatName } from '../report/index.js';
import { type Chunks, replaceFolder, writeAtomic, writeStdout } from '../write-atomic.js';
import { inputPlaces, refuseOutputOverInput, refuseReportSetInInput } from '../output-paths.js';
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
export type OutputFormat = FormatName | 'xlsx';

export function reportSetPaths(dir: string, periodLabel: string): { file: string; format: OutputFormat }[] {
  const folder = reportSetFolder(dir, periodLabel);
  return [
    { file: path.join(folder, 'summary.json'), format: 'json' },
    { file: path.join(folder, 'summary.md'), format: 'markdown' },
    { file: path.join(folder, 'summary.html'), format: 'html' },
    { file: path.join(folder, 'findings.csv'), format: 'csv' },
    { file: path.join(folder, 'findings.xlsx'), format: 'xlsx' },
  ];
}

export function reportSetFolder(dir: string, periodLabel: string): string {
  return path.join(dir, periodLabel);
}

/** A format's output; the workbook writer is loaded only when a workbook is written. */
async function render(format: OutputFormat, result: CheckResult, ctx: FormatContext): Promise<Chunks | Buffer> {
  if (format !== 'xlsx') return FORMATS[format](result, ctx);
  const { formatXlsx } = await import('../report/xlsx.js');
  return formatXlsx(result, ctx);
}

/**
 * A misspelt department or rule id would silently check nothing: say so instead.
 * Names match case-insensitively (`kf-02a` is KF-02a) and come back as written in the list.
 */
export function checkNames(option: string, given: string[] | undefined, known: string[], lang: Lang): string[] | undefined {
  return given?.map((name) => {
    const exact = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (exact !== undefined) return exact;
    const close = suggest(name, known);
    const expected = close
      ? (lang === 'zh' ? `最接近的是 ${close}` : `the closest is ${close}`)
      : lang === 'zh' ? `可选 ${known.join('、')}` : `use one of ${known.join(', ')}`;
    throw new IslaError('bad-option', { option, value: name, expected });
  });
}

export function encodingOption(value: string | undefined, lang: Lang): string | undefined {
  if (value === undefined) return undefined;
  const e = normaliseEncodingName(value);
  if (e === null) throw new IslaError('bad-option', { option: '--encoding', value, expected: lang === 'zh' ? '可选 utf-8、gb18030、utf-16le、utf-16be' : 'use utf-8, gb18030, utf-16le or utf-16be' });
  return e;
}

export async function checkCommand(args: string[], o: CheckCommandOptions, lang: Lang, term: Terminal): Promise<number> {
  const format = parseChoice('--format', o.format, [...(Object.keys(FORMATS) as FormatName[]), 'xlsx'] as OutputFormat[], lang);
  // A workbook is bytes, not text for a terminal or a pipe.
  if (format === 'xlsx' && !o.output) throw new IslaError('xlsx-needs-output', {});
  const failOn = parseChoice('--fail-on', o.failOn, ['error', 'warning', 'none'] as const, lang);
  const config = await effectiveConfig({ config: o.config, lang });
  if (o.tz !== undefined) config.timezone = checkTimezone(o.tz, lang);
  const departments = checkNames('--department', o.department, [...new Set(config.rules.map((r) => r.department))], lang);
  const ruleIds = checkNames('--rule', o.rule, config.rules.map((r) => r.id), lang);
  const mailSettings = await mailPreflight(config, o, process.env);
  const asOf = parseAsOf(o.asOf, config.timezone, lang);
  const period = parsePeriod(o.period, asOf, lang);
  // No inputs: the exports in the current folder, as `cd exports && isla check` expects.
  const inputArgs = args.length ? args : ['.'];
  const inputs = await expandInputs(inputArgs, config.datasets.map((d) => d.id), datasetIdsByName(config.datasets));
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
      departments,
      ruleIds,
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
  const ctx = { ...reportContext(config, departments, ruleIds, lang, !!o.verbose), ...(o.report ? { reportDir: path.join(o.report, period.label) } : {}) };
  if (o.report) {
    // SPEC §10: the months already in DIR, read before this run replaces its set.
    const { historyContext } = await import('./report-history.js');
    Object.assign(ctx, await historyContext(o.report, result, lang, (line) => (o.quiet ? undefined : term.err(line))));
  }
  if (o.report) {
    const setFolder = reportSetFolder(o.report, period.label);
    const outputs = new Set(reportFiles.map((r) => path.basename(r.file)));
    // The set is swapped in whole; what is not one of its outputs (mail-log.json,
    // the history of what was sent) is carried into the new set, never lost.
    await replaceFolder(
      setFolder,
      async (folder) => {
        for (const r of reportFiles) await writeAtomic(path.join(folder, path.basename(r.file)), await render(r.format, result, ctx));
      },
      (name) => !outputs.has(name) && !name.startsWith('.'),
    );
  }
  if (o.output) await writeAtomic(o.output, await render(format, result, ctx));
  else await writeStdout(FORMATS[format as FormatName](result, { ...ctx, color: format === 'table' && term.color }));
  const exit = isFailure(result, failOn) ? 1 : 0;
  if (!mailSettings) return exit;
  // The report is written before any mail goes out: a mail failure never costs the report.
  const setDir = o.report ? path.dirname(reportFiles[0]!.file) : null;
  const failed = await deliverMails(result, config, mailSettings, ctx, { ...o, setDir }, lang, term);
  return failed ? EXIT_MAIL_FAILED : exit;
}
