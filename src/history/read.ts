// The report sets `check --report DIR` leaves (DIR/YYYY-MM/summary.json) read
// back as months. Only the month folders a view needs are opened; a set that
// cannot be used is a warning naming its folder (the month then shows —), a
// set for a date range is skipped with a note, anything else in DIR (temporary
// folders of a run under way, files a person put there) is not a report set.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { IslaError } from '../errors.js';
import { type HistoryNoteId, type Lang, historyNote } from '../messages.js';
import { type SummaryLike, type History, type MonthSet, monthFromSummary, monthWindow } from './months.js';

const MONTH_FOLDER = /^(\d{4})-(0[1-9]|1[0-2])$/;
const RANGE_FOLDER = /^(\d{4}-\d{2})-\d{2}\.\.\d{4}-\d{2}-\d{2}$/;

export interface ReadOptions {
  /** How many months at most, ending at `endAt` (default: the latest month folder in DIR), starting no earlier than the first. */
  months: number;
  endAt?: string;
  /** The set of `endAt` this run is about to write: it replaces the one on disk. */
  current?: MonthSet;
  /** A missing DIR is an empty history (a first `check --report`), not an error. */
  allowMissing?: boolean;
  lang: Lang;
}

type Note = { code: string; message: string };

async function readSet(dir: string, folder: string, lang: Lang): Promise<MonthSet | Note> {
  const shown = path.join(dir, folder);
  const note = (id: HistoryNoteId, params: Record<string, string | number>): Note => ({
    code: `history-${id}`,
    message: historyNote(lang, id, { folder: shown, ...params }),
  });
  let text: string;
  try {
    text = await readFile(path.join(dir, folder, 'summary.json'), 'utf8');
  } catch (cause) {
    return note('set-unreadable', { reason: (cause as NodeJS.ErrnoException).code ?? String(cause) });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    return note('set-not-json', { reason: (cause as Error).message });
  }
  const { summaryFileSchema } = await import('./schema.js');
  const top = (json ?? {}) as Record<string, unknown>;
  if (typeof json === 'object' && json !== null && 'schemaVersion' in top && top.schemaVersion !== 1) {
    return note('set-schema-version', { version: JSON.stringify(top.schemaVersion) });
  }
  if (typeof top.kind === 'string') return note('set-kind', { kind: top.kind });
  const parsed = summaryFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return note('set-field', { field: issue.path.length ? issue.path.join('.') : 'summary.json' });
  }
  const summary: SummaryLike = parsed.data;
  if (summary.period.label !== folder) return note('set-period', { label: summary.period.label });
  return monthFromSummary(summary);
}

export async function readHistory(dir: string, options: ReadOptions): Promise<History> {
  const { lang } = options;
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (options.allowMissing && code === 'ENOENT') names = [];
    else throw new IslaError('unreadable', { file: dir, reason: code ?? String(cause) }, { cause });
  }
  const monthFolders = names.filter((n) => MONTH_FOLDER.test(n)).sort();
  const endAt = options.endAt ?? monthFolders.at(-1);
  if (endAt === undefined) return { months: [], sets: new Map(), warnings: [], notes: [] };
  // The window never starts before the first month DIR has a folder for: a new
  // history shows its three months, not nine rows of — before them.
  const first = monthFolders[0] ?? endAt;
  const span = first > endAt ? 1 : monthWindow(endAt, options.months).filter((m) => m >= first).length;
  const months = monthWindow(endAt, span);
  const inWindow = new Set(months);
  const sets = new Map<string, MonthSet>();
  const warnings: Note[] = [];
  const wanted = monthFolders.filter((m) => inWindow.has(m) && !(options.current && m === endAt));
  const read = await Promise.all(wanted.map((m) => readSet(dir, m, lang)));
  for (const r of read) {
    if ('period' in r) sets.set(r.period, r);
    else warnings.push(r);
  }
  if (options.current) sets.set(endAt, options.current);
  const notes = names
    .filter((n) => inWindow.has(RANGE_FOLDER.exec(n)?.[1] ?? ''))
    .sort()
    .map((n) => ({ code: 'history-range-skipped', message: historyNote(lang, 'range-skipped', { folder: path.join(dir, n) }) }));
  return { months, sets, warnings, notes };
}
