// One dataset, all its files, all its rules: the unit of work the engine hands to a
// worker thread. Each file is streamed once; rows flow through duplicate detection
// and then every applicable rule. Only findings, counts and the values that
// cross-dataset rules need come back.
import path from 'node:path';
import { datasetLabeller } from '../datasets/label.js';
import type { Roll } from '../calendar/due.js';
import { type CalendarOptions, createFinanceCalendar } from '../calendar/finance-calendar.js';
import type { Timeliness } from '../calendar/judge.js';
import type { DatasetDef } from '../datasets/types.js';
import type { ReadContext } from '../ingest/index.js';
import { type OpenedFile, readRows } from '../ingest/index.js';
import { type LocalDateTime, isoDate } from '../ingest/local-time.js';
import type { Problem } from '../ingest/problems.js';
import type { Row } from '../ingest/rows.js';
import { type Lang, findingMessage } from '../messages.js';
import { compileConditions, conditionFields } from '../rules/conditions.js';
import { existsKey, missingFinding } from '../rules/exists.js';
import { RULE_KINDS } from '../rules/index.js';
import { REPORT_COLUMNS } from '../rules/report.js';
import { problem } from '../ingest/problems.js';
import { normaliseText } from '../rules/conditions.js';
import { createSelectorCheck } from './selectors.js';
import type { ApprovedItem, DueSpan, Finding, OutstandingItem, Period, Rule, RuleEnv } from '../rules/types.js';
import { flatString, stringInterner } from '../strings.js';
import { approvalBook } from '../waivers/book.js';
import type { Approval } from '../waivers/types.js';

export interface TaskSettings {
  datasets: DatasetDef[];
  calendar: CalendarOptions;
  timezone: string;
  asOf: LocalDateTime;
  period: Period;
  lang: Lang;
  defaultRoll: Roll;
  encoding?: string;
  /** The service list's departments (and config `departments.names`), and the near misses config accepts. */
  departments: { known: string[]; aliases: Record<string, string> };
  /** remind: hand out the unsubmitted deadline and report items due in this span. */
  outstanding?: DueSpan | undefined;
}

export interface DatasetTask {
  datasetId: string;
  files: Omit<OpenedFile, 'dataset'>[];
  rules: Rule[];
  /** Columns of this dataset whose values other datasets' `exists` rules look up. */
  exportColumns: string[];
  /** `dataset.column` values this task's `exists` rules look up, in the order of `needs`. */
  needs: string[];
  /** Those of `needs` already read by earlier tasks; the rest are joined at the end. */
  lookups: Record<string, Set<string>>;
  /** Finance's approvals for this task's rules (SPEC §13), read before any task. */
  approvals: Approval[];
  settings: TaskSettings;
  /** Reads a workbook sheet this thread has parsed already: a worker would parse it again. */
  mainThread?: boolean;
}

export type Tally = Record<Timeliness, number>;

export interface ExistsCandidate {
  ruleId: string;
  /** Normalised for the lookup, and as written for the message. */
  value: string;
  shown: string;
  base: Pick<Finding, 'key' | 'customer' | 'handler' | 'file' | 'line' | 'eventDate'>;
}

export interface FileOutcome {
  dataset: string;
  file: string;
  encoding: string;
  delimiter: string;
  rows: number;
  rejected: number;
}

export interface DatasetOutcome {
  files: FileOutcome[];
  findings: Finding[];
  problems: Problem[];
  tallies: Record<string, Tally>;
  notChecked: { ruleId: string; reason: string; column?: string; file?: string }[];
  existsCandidates: ExistsCandidate[];
  /** `dataset.column` → the normalised values present (Sets cross to threads as they are). */
  exported: Record<string, Set<string>>;
  uncoveredYears: number[];
  /** Department → rows whose event date or key could not be read, kept from its rules (SPEC §3.5). */
  notJudged: Record<string, number>;
  /** Files that are not empty yet gave no data rows. */
  filesWithoutRows: string[];
  /** Items judged under an approval, the approvals that named an item of this dataset, and extensions that changed nothing. */
  approvals: { approved: ApprovedItem[]; seen: number[]; ignored: { approval: Approval; due: string }[] };
  /** Only when `settings.outstanding` asks for them. */
  outstanding: OutstandingItem[];
}

export const emptyTally = (): Tally => ({ onTime: 0, late: 0, overdue: 0, pending: 0 });

/** Columns rules read as a submission time: text there means "not submitted". */
export function submissionColumnsOf(rules: Rule[], datasetId: string): Set<string> {
  const columns = new Set<string>();
  for (const rule of rules) {
    if (rule.dataset !== datasetId) continue;
    if (rule.kind === 'deadline' && rule.submitted) columns.add(rule.submitted);
    if (rule.kind === 'report') columns.add(REPORT_COLUMNS.submitted);
  }
  return columns;
}

/** Event-date columns an empty cell rejects a row in (SPEC §3.5). */
export function eventColumnsOf(rules: Rule[], datasetId: string): Set<string> {
  const columns = new Set<string>();
  for (const rule of rules) {
    if (rule.dataset !== datasetId || rule.kind !== 'deadline' || !rule.event) continue;
    // A rule that only applies when its event date is present (XD-04 清户日期)
    // does not make the date compulsory.
    if (conditionFields(rule.when).includes(rule.event)) continue;
    columns.add(rule.event);
  }
  return columns;
}

function departmentOfRow(dataset: DatasetDef, row: Row, col: (n: string) => number): string {
  // A shared export (费用报销) names the department on each row.
  const at = col('部门');
  const named = at === -1 ? null : row.values[at];
  if (typeof named === 'string' && dataset.departments.includes(named.trim())) return named.trim();
  return dataset.departments[0] ?? '';
}

/** A rule's finding with its keys in the order SPEC §6.2 shows them. */
function inContractOrder<F extends Finding | ApprovedItem>(rule: Rule, datasetId: string, f: Omit<F, 'ruleId' | 'department' | 'dataset' | 'severity'>): F {
  const { status, ...rest } = f;
  return { ruleId: rule.id, department: rule.department, dataset: datasetId, status, severity: rule.severity, ...rest } as F;
}

/** Reports rows read every so often, for the progress line on a terminal. */
export type ProgressSink = (file: string, rows: number) => void;
const PROGRESS_EVERY = 50_000;

export async function runDatasetTask(task: DatasetTask, onProgress?: ProgressSink): Promise<DatasetOutcome> {
  const { settings } = task;
  const dataset = settings.datasets.find((d) => d.id === task.datasetId)!;
  const calendar = createFinanceCalendar(settings.calendar);
  const { period, asOf, lang } = settings;
  const colIndex = new Map(dataset.columns.map((c, i) => [c.name, i]));
  const col = (name: string): number => colIndex.get(name) ?? -1;
  const labelOf = datasetLabeller(settings.datasets, lang);
  const keyAt = dataset.columns.findIndex((c) => c.key);
  const customerAt = dataset.customerColumn ? col(dataset.customerColumn) : -1;
  const handlerAt = dataset.handlerColumn ? col(dataset.handlerColumn) : -1;
  const datasetEventAt = col(dataset.eventColumn);

  const outcome: DatasetOutcome = {
    files: [],
    findings: [],
    problems: [],
    tallies: {},
    notChecked: [],
    existsCandidates: [],
    exported: {},
    uncoveredYears: [],
    notJudged: {},
    filesWithoutRows: [],
    approvals: { approved: [], seen: [], ignored: [] },
    outstanding: [],
  };
  const approvals = approvalBook(task.approvals, task.rules, keyAt, col);
  const keptFrom = (departments: Iterable<string>): void => {
    for (const d of departments) outcome.notJudged[d] = (outcome.notJudged[d] ?? 0) + 1;
  };
  const lookups = new Map(Object.entries(task.lookups));
  const exportSets = task.exportColumns.map((name) => ({ name, at: col(name), values: new Set<string>() }));
  // key → where it was first seen, as fileIndex * 2^32 + line: a number, not a string per row.
  const firstSeen = new Map<string, number>();
  const FILE_FACTOR = 2 ** 32;
  const readCtx: ReadContext = {
    datasets: settings.datasets,
    timezone: settings.timezone,
    asOf,
    lang,
    mustHaveValue: () => eventColumnsOf(task.rules, dataset.id),
    submissionColumns: () => submissionColumnsOf(task.rules, dataset.id),
  };
  const inPeriod = (v: unknown): boolean => {
    const day = (v as LocalDateTime | null)?.day;
    return day !== undefined && day >= period.start && day <= period.end;
  };
  // A month's findings name the same few hundred customers and handlers over and
  // over: each is kept once, and apart from the text of the row it was read from.
  const shared = stringInterner();
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : shared(String(v)));
  let currentFile = '';
  let currentMapping: number[] = [];
  /** Problems found while judging, and rows no rule could take, per file. */
  let judgedProblems: Problem[] = [];
  let unmatchedRows = 0;
  const rawCell = (row: Row, column: string): string => {
    const at = col(column);
    return at === -1 ? '' : (row.fields[currentMapping[at]!] ?? '');
  };
  /** What every finding about a row says of it, with the date of column `eventAt`. */
  const aboutRow = (row: Row, eventAt: number): ReturnType<RuleEnv['base']> => ({
    // A cell's text is a slice of its row's line (csv-records.ts): what a finding keeps is copied out.
    key: keyAt === -1 ? `${row.line}` : flatString(String(row.values[keyAt])),
    customer: customerAt === -1 ? null : text(row.values[customerAt]),
    handler: handlerAt === -1 ? null : text(row.values[handlerAt]),
    file: currentFile,
    line: row.line,
    eventDate: eventAt === -1 || row.values[eventAt] === null ? null : isoDate((row.values[eventAt] as LocalDateTime).day),
  });

  /** Where a key was first seen: its line, and its file when that is another one. */
  const firstSeenAt = (at: number, current: string): { firstLine: number; firstFile: string } => {
    const file = task.files[Math.floor(at / FILE_FACTOR)]!.file;
    return { firstLine: at % FILE_FACTOR, firstFile: file === current ? '' : path.basename(file) };
  };
  for (const rule of task.rules) outcome.tallies[rule.id] = emptyTally();

  // Runners live for the whole dataset (a report rule judges its months once, over
  // every file); which of them apply is decided per file, by the columns it has.
  const runners = task.rules.map((rule) => {
    const kind = RULE_KINDS[rule.kind as keyof typeof RULE_KINDS];
    const tally = outcome.tallies[rule.id]!;
    const eventAt = col(rule.event ?? dataset.eventColumn);
    const env: RuleEnv = {
      rule,
      dataset,
      calendar,
      asOf,
      period,
      lang,
      defaultRoll: settings.defaultRoll,
      col,
      labelOf,
      base: (row) => aboutRow(row, eventAt),
      emit: (f) => outcome.findings.push(inContractOrder(rule, dataset.id, f)),
      flag: (row, status, message) => env.emit({ ...env.base(row), status, dueDate: null, dueTime: null, submitted: null, message }),
      tally: (status) => tally[status]++,
      problem: (row, column, code, detail) =>
        judgedProblems.push(problem(lang, { file: currentFile, line: row.line, field: column, value: rawCell(row, column), code, detail })),
      raw: rawCell,
      outstandingSpan: settings.outstanding,
      outstanding: (item) => {
        const { status, ...rest } = item;
        outcome.outstanding.push({ ruleId: rule.id, department: rule.department, dataset: dataset.id, status, severity: rule.severity, ...rest });
      },
      // What is said of the row is built only for the rows kept: most find their match.
      expect: (value, shown, row) => {
        const present = rule.in ? lookups.get(`${rule.in.dataset}.${rule.in.field}`) : undefined;
        if (present === undefined) outcome.existsCandidates.push({ ruleId: rule.id, value: flatString(value), shown: flatString(shown), base: env.base(row) });
        else if (!present.has(value)) outcome.findings.push(missingFinding(rule, labelOf(rule.in!.dataset), shown, env.base(row), lang));
      },
      approved: (item) => outcome.approvals.approved.push(inContractOrder(rule, dataset.id, item)),
      approvalIgnored: (approval, due) => outcome.approvals.ignored.push({ approval, due }),
    };
    const columns = [...kind.columns(rule), ...conditionFields(rule.when)];
    // Deadline and report items are placed by their due date inside the kind;
    // every other finding by its row's event date.
    const periodByEvent = rule.kind === 'deadline' || rule.kind === 'report' ? -1 : eventAt;
    // SPEC §3.5: an unreadable cell rejects the row only for the rules that read it.
    const tolerated = new Set(kind.tolerates?.(rule) ?? []);
    const readsAt = [...new Set([...columns.filter((c) => !tolerated.has(c)).map(col), periodByEvent])].filter((i) => i !== -1);
    // The cell that places the row: unreadable there, the row is "not judged".
    const placedAt = rule.kind === 'report' ? col(REPORT_COLUMNS.month) : eventAt;
    const runner = kind.create(env);
    const when = compileConditions(rule.when, col);
    const rejects = (row: Row): boolean => row.badCount > 0 && readsAt.some((i) => row.bad[i] === 1);
    /** The row's key or the cell that places it for this rule could not be read. */
    const placementLost = (row: Row): boolean =>
      row.badCount > 0 && ((keyAt !== -1 && row.bad[keyAt] === 1) || (placedAt !== -1 && row.bad[placedAt] === 1));
    const takes = (row: Row): boolean =>
      !rejects(row) &&
      (periodByEvent === -1 || inPeriod(row.values[periodByEvent])) &&
      when(row) &&
      (runner.placed?.(row) ?? true) &&
      (runner.claims?.(row) ?? true);
    /** Would have judged the row, had its event date or key been readable. */
    const wouldTake = (row: Row): boolean => {
      if (!when(row) || !(runner.claims?.(row) ?? true)) return false;
      if (placedAt !== -1 && row.bad[placedAt] === 1) return true;
      return (periodByEvent === -1 || inPeriod(row.values[periodByEvent])) && (runner.placed?.(row) ?? true);
    };
    const approvalFor = approvals.lookupFor(rule.id);
    if (approvalFor) env.approvalFor = approvalFor;
    return {
      rule,
      runner,
      columns,
      when,
      periodByEvent,
      checkedSomewhere: false,
      rejects,
      placementLost,
      wouldTake,
      /** Judges the row, or counts it as not judged (the selector check asks, with a value put right). */
      takes: (row: Row): boolean => takes(row) || (placementLost(row) && wouldTake(row)),
    };
  });
  const known = new Set(settings.departments.known.map(normaliseText));
  const aliases = new Map(Object.entries(settings.departments.aliases).map(([near, dept]) => [normaliseText(near), dept]));
  const departmentAt = col(REPORT_COLUMNS.department);

  for (const [fileIndex, file] of task.files.entries()) {
    const opened: OpenedFile = { ...file, dataset };
    currentFile = file.file;
    currentMapping = file.mapping.indexByColumn;
    judgedProblems = [];
    unmatchedRows = 0;
    const inFile = (name: string): boolean => col(name) !== -1 && file.mapping.indexByColumn[col(name)] !== -1;
    const active = runners.filter((r) => {
      const absent = r.columns.find((name) => !inFile(name));
      if (absent === undefined) return (r.checkedSomewhere = true);
      outcome.notChecked.push({ ruleId: r.rule.id, reason: 'column-absent', column: absent, file: file.file });
      return false;
    });
    const selectorCheck = createSelectorCheck(active, col, known);

    let seen = 0;
    const summary = await readRows(opened, readCtx, (row) => {
      if (onProgress && ++seen % PROGRESS_EVERY === 0) onProgress(file.file, seen);
      if (row.ragged) {
        // Nothing in a misaligned row can be trusted: it is not judged by any rule of the file.
        keptFrom(new Set(active.map((r) => r.rule.department)));
        return;
      }
      if (aliases.size > 0 && departmentAt !== -1) {
        const named = row.values[departmentAt];
        const meant = typeof named === 'string' ? aliases.get(normaliseText(named)) : undefined;
        if (meant !== undefined) row.values[departmentAt] = meant;
      }
      for (const e of exportSets) {
        const v = row.values[e.at];
        if (typeof v === 'string') {
          const k = existsKey(v);
          if (!e.values.has(k)) e.values.add(flatString(k)); // kept to the end: copied out of its row's line
        }
      }
      approvals.see(row);
      const keyBad = keyAt !== -1 && row.bad[keyAt] === 1;
      if (keyAt !== -1 && !keyBad) {
        const key = String(row.values[keyAt]);
        const first = firstSeen.get(key);
        if (first !== undefined) {
          if (datasetEventAt === -1 || inPeriod(row.values[datasetEventAt])) {
            outcome.findings.push({
              ruleId: null,
              department: departmentOfRow(dataset, row, col),
              dataset: dataset.id,
              status: 'duplicate',
              severity: 'warning',
              ...aboutRow(row, datasetEventAt),
              dueDate: null,
              dueTime: null,
              submitted: null,
              message: findingMessage(lang, 'duplicate', { field: dataset.columns[keyAt]!.name, key, ...firstSeenAt(first, file.file) }),
            });
          }
          return;
        }
        firstSeen.set(flatString(key), fileIndex * FILE_FACTOR + row.line);
      }
      let kept: Set<string> | null = null;
      for (const r of active) {
        if (row.badCount > 0 && (keyBad || r.rejects(row))) {
          if (r.placementLost(row) && r.wouldTake(row)) (kept ??= new Set()).add(r.rule.department);
          continue;
        }
        if (r.periodByEvent !== -1 && !inPeriod(row.values[r.periodByEvent])) continue;
        if (!r.when(row)) continue;
        r.runner.row?.(row);
      }
      if (kept) keptFrom(kept);
      const miss = selectorCheck?.(row);
      if (miss) {
        judgedProblems.push(problem(lang, { file: currentFile, line: row.line, field: miss.column, value: rawCell(row, miss.column), code: miss.code, detail: miss.closest }));
        if (row.badCount === 0) unmatchedRows++;
        keptFrom(miss.departments);
      }
    });
    outcome.files.push({
      dataset: dataset.id,
      file: file.file,
      encoding: file.layout.encoding,
      delimiter: file.layout.delimiter,
      rows: summary.rows,
      rejected: summary.rejected + unmatchedRows,
    });
    outcome.problems.push(...summary.problems, ...judgedProblems);
    if (summary.rows === 0) outcome.filesWithoutRows.push(file.file);
  }
  for (const r of runners) if (r.checkedSomewhere) r.runner.end?.();
  for (const e of exportSets) outcome.exported[`${dataset.id}.${e.name}`] = e.values;
  outcome.uncoveredYears = calendar.uncoveredYears();
  outcome.approvals.seen = approvals.seen();
  return outcome;
}
