// Mail from the command line: `isla check --mail / --mail-out DIR` after the report
// is written, and `isla mail SETDIR` from a saved report set (SPEC §8). The exit
// code 3 is decided here: the check ran, but a message was not accepted.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from '../check.js';
import { effectiveConfig } from '../config/effective.js';
import type { EffectiveConfig } from '../config/load.js';
import { IslaError } from '../errors.js';
import { type Lang, mailUnaddressedWarning } from '../messages.js';
import type { FormatContext } from '../report/index.js';
import type { MailSource } from '../mail/compose.js';
import type { Ownership } from '../mail/content.js';
import type { MailSettings } from '../mail/settings.js';
import { reportContext } from './report-context.js';
import type { Terminal } from './terminal.js';

export const EXIT_MAIL_FAILED = 3;

export interface MailOptions {
  mail?: boolean;
  mailOut?: string;
  resend?: boolean;
  quiet?: boolean;
}

/** Before any work: `--mail` that cannot send, or mails with nobody to go to, stop with the fix (exit 2). */
export async function mailPreflight(config: EffectiveConfig, o: MailOptions, env: NodeJS.ProcessEnv): Promise<MailSettings | null> {
  if (!o.mail && o.mailOut === undefined) return null;
  if (o.mail && o.mailOut !== undefined) throw new IslaError('mail-both', {});
  const settings = config.mail;
  if (!settings) throw new IslaError('mail-no-config', { option: o.mail ? '--mail' : '--mail-out' });
  if (settings.finance.length === 0 && Object.values(settings.departments).every((a) => a.length === 0)) throw new IslaError('mail-no-recipients', {});
  if (o.mail) {
    const { hasTransport } = await import('../mail/transport.js');
    if (!hasTransport(settings, env)) throw new IslaError('mail-no-transport', {});
  }
  return settings;
}

/** Compose the run's mails and send or write them; the number of messages not accepted. */
export async function deliverMails(
  result: CheckResult,
  config: EffectiveConfig,
  settings: MailSettings,
  ctx: FormatContext,
  o: MailOptions & { setDir: string | null },
  lang: Lang,
  term: Terminal,
): Promise<number> {
  const { checkMailSource } = await import('../mail/content.js');
  return deliverSource(checkMailSource(result, ctx, ownership(config), settings.attach), result.period.label, settings, o, lang, term);
}

/** Who owns which rule and dataset: what a department's mail may show. */
export function ownership(config: EffectiveConfig): Ownership {
  return {
    ruleDepartment: Object.fromEntries(config.rules.map((r) => [r.id, r.department])),
    datasetDepartments: Object.fromEntries(config.datasets.map((d) => [d.id, d.departments])),
  };
}

/** Any command's mails (check's, remind's): compose, then write to --mail-out or send. `label` names the .eml files. */
export async function deliverSource(
  source: MailSource,
  label: string,
  settings: MailSettings,
  o: MailOptions & { setDir: string | null },
  lang: Lang,
  term: Terminal,
): Promise<number> {
  const [{ composeMails }, { sendMails, writeMailFiles }] = await Promise.all([import('../mail/compose.js'), import('../mail/deliver.js')]);
  const { mails, unaddressed } = await composeMails(source, settings, lang);
  const say = (line: string): void => (o.quiet ? undefined : term.err(line));
  for (const department of unaddressed) say(mailUnaddressedWarning(lang, department));
  if (o.mailOut !== undefined) {
    await writeMailFiles(o.mailOut, label, mails, lang, say);
    return 0;
  }
  const { openTransport } = await import('../mail/transport.js');
  const transport = await openTransport(settings, process.env);
  const { failed } = await sendMails(mails, { transport, setDir: o.setDir, resend: !!o.resend, lang, say, warn: (line) => term.err(line) });
  return failed;
}

async function readReportSet(setDir: string): Promise<CheckResult> {
  try {
    const result = JSON.parse(await readFile(path.join(setDir, 'summary.json'), 'utf8')) as CheckResult;
    if (result.schemaVersion !== 1 || !Array.isArray(result.findings) || !result.summary) throw new Error('not a summary');
    // A set saved before approvals were reported (SPEC §13) had none.
    result.approved ??= [];
    result.waiverLog ??= { applied: 0, unmatched: [] };
    return result;
  } catch (cause) {
    throw new IslaError('no-report-set', { path: setDir }, { cause });
  }
}

/** `isla mail SETDIR`: the same mails `check --report --mail` sends, from the saved summary.json. */
export async function mailCommand(setDir: string, o: MailOptions & { config?: string; verbose?: boolean }, lang: Lang, term: Terminal): Promise<number> {
  const config = await effectiveConfig({ config: o.config, lang });
  const options = { ...o, mail: o.mailOut === undefined };
  const settings = (await mailPreflight(config, options, process.env))!;
  const result = await readReportSet(setDir);
  const ctx = reportContext(config, undefined, undefined, lang, !!o.verbose);
  // SETDIR is DIR/<period>/: the months beside it are its sibling folders.
  const { historyContext } = await import('./report-history.js');
  Object.assign(ctx, await historyContext(path.dirname(path.resolve(setDir)), result, lang, (line) => (o.quiet ? undefined : term.err(line))));
  const failed = await deliverMails(result, config, settings, ctx, { ...options, setDir }, lang, term);
  return failed ? EXIT_MAIL_FAILED : 0;
}
