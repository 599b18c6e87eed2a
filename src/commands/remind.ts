// `isla remind` (SPEC §9): the daily job. Options → the same engine as `check`, asked
// for the items still owed → the reminders selection → the chosen format → exit code.
import path from 'node:path';
import { isFailure } from '../check.js';
import { createFinanceCalendar } from '../calendar/finance-calendar.js';
import { effectiveConfig } from '../config/effective.js';
import { datasetLabeller } from '../datasets/label.js';
import { IslaError } from '../errors.js';
import { expandInputs } from '../ingest/inputs.js';
import { isoDate, weekday } from '../ingest/local-time.js';
import { type Lang, notWorkdayNotice } from '../messages.js';
import { checkTimezone, parseAsOf, parseChoice, parseDay, parseWorkdayCount } from '../options.js';
import { runReminders } from '../remind/select.js';
import { REMINDER_FORMATS, type ReminderContext, type ReminderFormatName } from '../report/reminders.js';
import { writeAtomic, writeStdout } from '../write-atomic.js';
import { checkNames, encodingOption } from './check.js';
import { EXIT_MAIL_FAILED, deliverSource, mailPreflight, ownership } from './mail.js';
import { type Terminal, startProgress } from './terminal.js';

export interface RemindCommandOptions {
  config?: string;
  asOf?: string;
  tz?: string;
  within: string;
  since?: string;
  format: string;
  output?: string;
  encoding?: string;
  department?: string[];
  rule?: string[];
  failOn: string;
  force?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  mail?: boolean;
  mailOut?: string;
}

export async function remindCommand(args: string[], o: RemindCommandOptions, lang: Lang, term: Terminal): Promise<number> {
  const format = parseChoice('--format', o.format, Object.keys(REMINDER_FORMATS) as ReminderFormatName[], lang);
  const failOn = parseChoice('--fail-on', o.failOn, ['error', 'warning', 'none'] as const, lang);
  const within = parseWorkdayCount('--within', o.within, lang);
  const config = await effectiveConfig({ config: o.config, lang });
  if (o.tz !== undefined) config.timezone = checkTimezone(o.tz, lang);
  const departments = checkNames('--department', o.department, [...new Set(config.rules.map((r) => r.department))], lang);
  const ruleIds = checkNames('--rule', o.rule, config.rules.map((r) => r.id), lang);
  const mailSettings = await mailPreflight(config, o, process.env);
  const asOf = parseAsOf(o.asOf, config.timezone, lang);
  const since = o.since === undefined ? undefined : parseDay('--since', o.since, lang);
  if (since !== undefined && since > asOf.day) {
    throw new IslaError('bad-option', { option: '--since', value: o.since!, expected: lang === 'zh' ? `不能晚于检查日期 ${isoDate(asOf.day)}` : `it cannot be after the as-of date ${isoDate(asOf.day)}` });
  }

  // One cron line all year: on a holiday or weekend the job says so and stops.
  const calendar = createFinanceCalendar(config.calendar);
  const today = calendar.info(asOf.day);
  if (!today.workday && !o.force) {
    if (!o.quiet) term.err(notWorkdayNotice(lang, { date: isoDate(asOf.day), name: today.name?.[lang] ?? null, weekday: weekday(asOf.day) }));
    return 0;
  }

  const inputs = await expandInputs(args.length ? args : ['.'], config.datasets.map((d) => d.id));
  if (o.output && inputs.some((i) => path.resolve(i.file) === path.resolve(o.output!))) throw new IslaError('output-is-input', { path: o.output });
  const progress = o.quiet ? null : startProgress(term, lang);
  let reminders: Awaited<ReturnType<typeof runReminders>>;
  try {
    reminders = await runReminders({
      inputs,
      config,
      asOf,
      lang,
      within,
      since,
      encoding: encodingOption(o.encoding, lang),
      departments,
      ruleIds,
      onProgress: progress?.update,
    });
  } finally {
    progress?.stop();
  }
  const { result } = reminders;
  if (!o.quiet) for (const w of result.warnings) term.err(w.message);

  const labelOf = datasetLabeller(config.datasets, lang);
  const items = new Map(config.rules.map((r) => [r.id, r.short ?? r.item]));
  const ctx: ReminderContext = {
    lang,
    color: false,
    verbose: !!o.verbose,
    datasetLabels: Object.fromEntries(config.datasets.map((d) => [d.id, labelOf(d.id)])),
    timeLeft: reminders.timeLeft,
    itemOf: (ruleId) => (ruleId === null ? '' : (items.get(ruleId) ?? '')),
    within,
  };
  const chunks = REMINDER_FORMATS[format](result, { ...ctx, color: format === 'table' && term.color && !o.output });
  if (o.output) await writeAtomic(o.output, chunks);
  else await writeStdout(chunks);
  const exit = isFailure(result, failOn) ? 1 : 0;
  if (!mailSettings) return exit;
  const { remindMailSource } = await import('../mail/reminders.js');
  // SPEC §9: a department with nothing due soon or overdue gets no mail, whatever sendWhen says.
  const settings = { ...mailSettings, sendWhen: 'findings' as const };
  const failed = await deliverSource(remindMailSource(result, ctx, ownership(config)), `remind-${isoDate(asOf.day)}`, settings, { ...o, setDir: null }, lang, term);
  return failed ? EXIT_MAIL_FAILED : exit;
}
