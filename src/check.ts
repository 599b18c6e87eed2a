// The engine of `isla check`: files → dataset tasks → findings, then the joins
// across datasets (exists), the department summary and the order of SPEC §6.2.
import { statSync } from 'node:fs';
import path from 'node:path';
import { datasetLabeller } from './datasets/label.js';
import { IslaError } from './errors.js';
import type { EffectiveConfig } from './config/load.js';
import { type DatasetOutcome, type DatasetTask, type ExistsCandidate, type ProgressSink, type Tally, emptyTally } from './engine/dataset-task.js';
import { parallelism, runTasks } from './engine/run-tasks.js';
import type { EncodingName } from './ingest/encoding.js';
import { type OpenedFile, type SkippedSheet, isSheetLayout, missingColumnError, openInput } from './ingest/index.js';
import type { InputFile } from './ingest/inputs.js';
import { type LocalDateTime, isoDate, isoLocal, isoWithOffset } from './ingest/local-time.js';
import type { Problem } from './ingest/problems.js';
import { type Lang, notCheckedReason, calendarCoverageWarning, extensionIgnoredWarning, noRowsWarning, sheetSkippedWarning, skippedFileWarning } from './messages.js';
import { missingFinding } from './rules/exists.js';
import type { ApprovedItem, DueSpan, Finding, OutstandingItem, Period, Rule } from './rules/types.js';
import { VERSION } from './version.js';
import { type WaiverLog, readWaiverLog } from './waivers/read.js';
import { type WaiverLogSummary, countApprovals, excuseFindings, summariseWaiverLog } from './waivers/settle.js';
import { WAIVERS_DATASET } from './waivers/types.js';

export interface CheckOptions {
  inputs: InputFile[];
  config: EffectiveConfig;
  period: Period;
  asOf: LocalDateTime;
  lang: Lang;
  encoding?: EncodingName | undefined;
  departments?: string[] | undefined;
  ruleIds?: string[] | undefined;
  onProgress?: ProgressSink | undefined;
  /** remind (SPEC §9): also hand out every unsubmitted deadline and report item due in this span, whatever the period. */
  outstanding?: DueSpan | undefined;
}

export interface SummaryRow {
  due: number;
  onTime: number;
  late: number;
  overdue: number;
  pending: number;
  /** Due items judged against an approved extension (SPEC §13). */
  extended: number;
  /** Items finance excused: out of `due`, `pending` and `otherFindings`. */
  waived: number;
  otherFindings: number;
  onTimeRate: number | null;
  /** Rows whose event date or key could not be read, so its rules could not judge them (SPEC §3.5). */
  notJudged: number;
}

export interface CheckResult {
  schemaVersion: 1;
  tool: { name: 'isla'; version: string };
  period: { label: string; start: string; end: string };
  asOf: string;
  timezone: string;
  inputs: { dataset: string; file: string; encoding: string; delimiter: string; rows: number; rejected: number }[];
  notProvided: string[];
  notChecked: { ruleId: string; reason: string }[];
  summary: { total: SummaryRow; byDepartment: (SummaryRow & { department: string })[] };
  findings: Finding[];
  /** Every item of the period an approval applied to, with its status under it (SPEC §13). */
  approved: ApprovedItem[];
  waiverLog: WaiverLogSummary;
  problems: Problem[];
  warnings: { code: string; message: string }[];
}

const STATUS_ORDER = ['overdue', 'late', 'incomplete', 'mismatch', 'violation', 'missing', 'duplicate'];
const APPROVED_ORDER = ['overdue', 'late', 'pending', 'onTime', 'waived'];

/** Code-point order: the same on every machine, whatever its locale. */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** SPEC §6.2: department (service-list order), status, days late (worst first), file, line. */
export function sortFindings<F extends Finding | ApprovedItem>(findings: F[], departmentOrder: string[], statusOrder: string[] = STATUS_ORDER): F[] {
  const rank = new Map(departmentOrder.map((d, i) => [d, i]));
  const statusRank = new Map(statusOrder.map((st, i) => [st, i]));
  return findings.sort(
    (a, b) =>
      (rank.get(a.department) ?? departmentOrder.length) - (rank.get(b.department) ?? departmentOrder.length) ||
      byCodePoint(a.department, b.department) ||
      statusRank.get(a.status)! - statusRank.get(b.status)! ||
      (b.daysLate ?? -1) - (a.daysLate ?? -1) ||
      byCodePoint(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      byCodePoint(a.ruleId ?? '', b.ruleId ?? ''),
  );
}

/** The automatic rules of `--department` / `--rule` (all of them when neither is given). */
export function selectRules(rules: Rule[], departments?: string[], ruleIds?: string[]): Rule[] {
  return rules.filter(
    (r) =>
      r.kind !== 'manual' &&
      (!departments?.length || departments.includes(r.department)) &&
      (!ruleIds?.length || ruleIds.includes(r.id)),
  );
}

/** The on-time fraction rounded once, from the exact counts, to `decimals` places. */
export function roundedRate(onTime: number, due: number, decimals: number): number | null {
  if (due === 0) return null;
  const scale = 10 ** decimals;
  // Integer arithmetic first: (37 × 10000) / 43 rounds as the fraction does, not as 0.86046… × 10000.
  return Math.round((onTime * scale) / due) / scale;
}

function summaryRow(tally: Tally, approvals: Pick<SummaryRow, 'extended' | 'waived'>, otherFindings: number, notJudged: number): SummaryRow {
  const due = tally.onTime + tally.late + tally.overdue;
  return {
    due,
    onTime: tally.onTime,
    late: tally.late,
    overdue: tally.overdue,
    pending: tally.pending,
    extended: approvals.extended,
    waived: approvals.waived,
    otherFindings,
    onTimeRate: roundedRate(tally.onTime, due, 4),
    notJudged,
  };
}

type Warning = CheckResult['warnings'][number];

/**
 * Open every file first: a missing column stops the run before any heavy reading.
 * A file found in a folder that fits no dataset (a stray 汇总.csv, last month's
 * report) is skipped with a warning naming it; only when no file at all can be
 * assigned is it the error with the `dataset=path` fix.
 */
async function openAll(options: CheckOptions, warnings: Warning[]): Promise<{ opened: OpenedFile[]; skipped: SkippedSheet[] }> {
  const ctx = {
    datasets: options.config.datasets,
    encoding: options.encoding,
    timezone: options.config.timezone,
    asOf: options.asOf,
    lang: options.lang,
    mustHaveValue: () => new Set<string>(),
  };
  const opened: OpenedFile[] = [];
  const skipped: SkippedSheet[] = [];
  let unassigned: IslaError | null = null;
  for (const input of options.inputs) {
    let found: Awaited<ReturnType<typeof openInput>>;
    try {
      found = await openInput(input, ctx);
    } catch (err) {
      if (!input.scanned || !(err instanceof IslaError) || (err.code !== 'unknown-dataset' && err.code !== 'no-header')) throw err;
      unassigned ??= err;
      const example = typeof err.params.example === 'string' ? err.params.example : `${options.config.datasets[0]!.id}=${input.file}`;
      warnings.push({ code: 'file-skipped', message: skippedFileWarning(options.lang, input.file, example) });
      continue;
    }
    for (const file of found.files) {
      const missing = missingColumnError(file, options.lang);
      if (missing) throw missing;
      opened.push(file);
    }
    skipped.push(...found.skipped);
  }
  if (opened.length === 0 && unassigned) throw unassigned;
  return { opened, skipped };
}

function joinExists(candidates: ExistsCandidate[], rules: Rule[], exported: Map<string, Set<string>>, labelOf: (id: string) => string, lang: Lang): Finding[] {
  const findings: Finding[] = [];
  for (const c of candidates) {
    const rule = rules.find((r) => r.id === c.ruleId)!;
    const present = exported.get(`${rule.in!.dataset}.${rule.in!.field}`);
    if (present && !present.has(c.value)) findings.push(missingFinding(rule, labelOf(rule.in!.dataset), c.shown, c.base, lang));
  }
  return findings;
}

/** The service list's departments and those config names besides (行政部 …). */
export function knownDepartments(config: EffectiveConfig): string[] {
  return [...new Set([...config.rules.map((r) => r.department), ...config.departments.names])];
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  return (await runEngine(options)).result;
}

/** The period's result and, when `options.outstanding` asks, the items still owed (for remind to select from). */
export async function runEngine(options: CheckOptions): Promise<{ result: CheckResult; outstanding: OutstandingItem[] }> {
  const { config, lang } = options;
  const rules = selectRules(config.rules, options.departments, options.ruleIds);
  const fileWarnings: Warning[] = [];
  const { opened: all, skipped } = await openAll(options, fileWarnings);
  fileWarnings.push(...skipped.map((s) => ({ code: 'sheet-skipped', message: sheetSkippedWarning(lang, s.file, s.reason) })));
  // SPEC §13: finance's approvals are read first (the log is small); every task judges with them.
  const log = await readWaiverLog(
    all.filter((o) => o.dataset.id === WAIVERS_DATASET),
    { datasets: config.datasets, timezone: config.timezone, asOf: options.asOf, lang, mustHaveValue: () => new Set() },
    config.rules,
  );
  const opened = all.filter((o) => o.dataset.id !== WAIVERS_DATASET);
  const provided = new Set(opened.map((o) => o.dataset.id));
  const labelOf = datasetLabeller(config.datasets, lang);

  const notChecked: CheckResult['notChecked'] = [];
  const runnable = rules.filter((r) => {
    const missing = [r.dataset!, r.in?.dataset].find((d) => d !== undefined && !provided.has(d));
    if (missing === undefined) return true;
    notChecked.push({ ruleId: r.id, reason: notCheckedReason(lang, { dataset: labelOf(missing) }) });
    return false;
  });
  const usedDatasets = new Set(rules.flatMap((r) => [r.dataset!, ...(r.in ? [r.in.dataset] : [])]));
  const notProvided = config.datasets.map((d) => d.id).filter((id) => usedDatasets.has(id) && !provided.has(id));

  const sizes = new Map<string, number>();
  for (const o of opened) sizes.set(o.dataset.id, (sizes.get(o.dataset.id) ?? 0) + statSync(o.layout.file).size);
  const tasks: DatasetTask[] = [...provided]
    .map((datasetId) => ({
      datasetId,
      files: opened.filter((o) => o.dataset.id === datasetId).map(({ dataset: _dataset, ...rest }) => rest),
      rules: runnable.filter((r) => r.dataset === datasetId),
      exportColumns: [...new Set(runnable.filter((r) => r.in?.dataset === datasetId).map((r) => r.in!.field))],
      needs: [...new Set(runnable.filter((r) => r.dataset === datasetId && r.in).map((r) => `${r.in!.dataset}.${r.in!.field}`))],
      lookups: {},
      approvals: log.approvals.filter((a) => runnable.some((r) => r.id === a.ruleId && r.dataset === datasetId)),
      mainThread: opened.some((o) => o.dataset.id === datasetId && isSheetLayout(o.layout)),
      settings: {
        datasets: config.datasets,
        calendar: config.calendar,
        timezone: config.timezone,
        asOf: options.asOf,
        period: options.period,
        lang,
        defaultRoll: config.defaultRoll,
        departments: { known: knownDepartments(config), aliases: config.departments.aliases },
        outstanding: options.outstanding,
      },
    }));
  // Datasets others look up go first (their readers then check inline), then the
  // biggest, so the threads finish at about the same time.
  tasks.sort((a, b) => b.exportColumns.length - a.exportColumns.length || sizes.get(b.datasetId)! - sizes.get(a.datasetId)!);
  // Every file of a dataset is read even when no rule of the selection uses it:
  // rows, rejected rows and duplicates are still worth knowing.
  const totalBytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  const { outcomes, exported } = await runTasks(tasks, parallelism(totalBytes, tasks.length), options.onProgress);
  const inputOrder = new Map(all.map((o, i) => [o.file, i]));
  const result = assemble(options, rules, outcomes, exported, notChecked, notProvided, inputOrder, log, fileWarnings);
  return { result, outstanding: outcomes.flatMap((o) => o.outstanding) };
}

function assemble(
  options: CheckOptions,
  rules: Rule[],
  outcomes: DatasetOutcome[],
  exported: Map<string, Set<string>>,
  notChecked: CheckResult['notChecked'],
  notProvided: string[],
  inputOrder: Map<string, number>,
  log: WaiverLog,
  fileWarnings: Warning[],
): CheckResult {
  const { config, lang, period } = options;
  let findings = outcomes.flatMap((o) => o.findings);
  const labelOf = datasetLabeller(config.datasets, lang);
  for (const o of outcomes) findings.push(...joinExists(o.existsCandidates, rules, exported, labelOf, lang));
  if (options.departments?.length) findings = findings.filter((f) => options.departments!.includes(f.department));
  if (options.ruleIds?.length) findings = findings.filter((f) => f.ruleId !== null && options.ruleIds!.includes(f.ruleId));
  const excusing = excuseFindings(findings, log.approvals);
  findings = excusing.findings;
  const approved = [...outcomes.flatMap((o) => o.approvals.approved), ...excusing.excused].filter(
    (a) => (!options.departments?.length || options.departments.includes(a.department)) && (!options.ruleIds?.length || options.ruleIds.includes(a.ruleId!)),
  );
  const { byDepartment: approvalCounts, total: totalApprovals } = countApprovals(approved);

  for (const o of outcomes) {
    for (const n of o.notChecked) {
      // The file's name, as the mails show it: not the folder a server keeps it in.
      const reason = notCheckedReason(lang, { column: n.column!, ...(n.file ? { file: path.basename(n.file) } : {}) });
      if (!notChecked.some((x) => x.ruleId === n.ruleId && x.reason === reason)) notChecked.push({ ruleId: n.ruleId, reason });
    }
  }

  const departmentOrder = [...new Set(config.rules.map((r) => r.department))];
  for (const f of findings) if (!departmentOrder.includes(f.department)) departmentOrder.push(f.department);
  const tallies = new Map<string, Tally>();
  const others = new Map<string, number>();
  const selectedDepartments = new Set(rules.map((r) => r.department));
  for (const o of outcomes) {
    for (const [ruleId, t] of Object.entries(o.tallies)) {
      const dept = rules.find((r) => r.id === ruleId)!.department;
      const sum = tallies.get(dept) ?? emptyTally();
      for (const k of Object.keys(t) as (keyof Tally)[]) sum[k] += t[k];
      tallies.set(dept, sum);
    }
  }
  for (const f of findings) {
    if (f.status !== 'late' && f.status !== 'overdue') others.set(f.department, (others.get(f.department) ?? 0) + 1);
  }
  const notJudged = new Map<string, number>();
  for (const o of outcomes) {
    for (const [dept, n] of Object.entries(o.notJudged)) {
      if (options.departments?.length && !options.departments.includes(dept)) continue;
      notJudged.set(dept, (notJudged.get(dept) ?? 0) + n);
    }
  }
  const byDepartment = departmentOrder
    .filter((d) => selectedDepartments.has(d) || others.has(d) || notJudged.has(d))
    .map((department) => ({
      department,
      ...summaryRow(
        tallies.get(department) ?? emptyTally(),
        approvalCounts.get(department) ?? { extended: 0, waived: 0 },
        others.get(department) ?? 0,
        notJudged.get(department) ?? 0,
      ),
    }));
  const total = emptyTally();
  for (const t of tallies.values()) for (const k of Object.keys(t) as (keyof Tally)[]) total[k] += t[k];
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

  const years = [...new Set(outcomes.flatMap((o) => o.uncoveredYears))].sort();
  const withoutRows = outcomes.flatMap((o) => o.filesWithoutRows).sort((a, b) => inputOrder.get(a)! - inputOrder.get(b)!);
  return {
    schemaVersion: 1,
    tool: { name: 'isla', version: VERSION },
    period: { label: period.label, start: isoDate(period.start), end: isoDate(period.end) },
    asOf: isoWithOffset(options.asOf, config.timezone),
    timezone: config.timezone,
    inputs: [...log.files, ...outcomes.flatMap((o) => o.files)].sort((a, b) => inputOrder.get(a.file)! - inputOrder.get(b.file)!),
    notProvided,
    notChecked,
    summary: { total: summaryRow(total, totalApprovals, sum(others), sum(notJudged)), byDepartment },
    findings: sortFindings(findings, departmentOrder),
    approved: sortFindings(approved, departmentOrder, APPROVED_ORDER),
    waiverLog: summariseWaiverLog(log.approvals, new Set(outcomes.flatMap((o) => o.approvals.seen)), approved, rules, period),
    problems: [...log.problems, ...outcomes.flatMap((o) => o.problems)].sort((a, b) => byCodePoint(a.file, b.file) || a.line - b.line),
    warnings: [
      ...years.map((year) => ({ code: 'calendar-coverage', message: calendarCoverageWarning(lang, year) })),
      ...outcomes.flatMap((o) => o.approvals.ignored).map(({ approval: a, due }) => ({
        code: 'extension-ignored',
        message: extensionIgnoredWarning(lang, { file: a.file, line: a.line, ruleId: a.ruleId, key: a.key, until: isoLocal(a.until!).replace('T', ' '), due }),
      })),
      ...fileWarnings,
      ...withoutRows.map((file) => ({ code: 'no-rows', message: noRowsWarning(lang, file) })),
    ],
  };
}

export function isFailure(
  result: { findings: readonly { severity: Finding['severity'] }[]; summary?: { total: object } },
  failOn: 'error' | 'warning' | 'none',
): boolean {
  if (failOn === 'none') return false;
  // Rows nobody could judge count at `error`: such a month is not clean (SPEC §3.5).
  const total = result.summary?.total;
  if (total && 'notJudged' in total && (total.notJudged as number) > 0) return true;
  return result.findings.some((f) => f.severity === 'error' || failOn === 'warning');
}


