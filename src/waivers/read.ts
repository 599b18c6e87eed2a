// Reads finance's waiver log (SPEC §13) before any dataset task: it is small, and
// every task needs its approvals. A row that cannot be applied as written is a
// rejected row with its reason (`invalid-waiver`), never silently ignored.
import { suggest } from '../config/suggest.js';
import { type OpenedFile, type ReadContext, readRows } from '../ingest/index.js';
import { type LocalDateTime, isoLocal } from '../ingest/local-time.js';
import { type Problem, problem } from '../ingest/problems.js';
import { type WaiverProblemId, waiverProblemReason } from '../messages.js';
import { normaliseText } from '../rules/conditions.js';
import { existsKey } from '../rules/exists.js';
import type { Rule } from '../rules/types.js';
import { type Approval, WAIVER_COLUMNS } from './types.js';

export interface WaiverFileSummary {
  rows: number;
  rejected: number;
  problems: Problem[];
  approvals: Approval[];
}

/** Cells without which a row cannot be an approval at all: rejected as `missing-value`. */
const MUST_HAVE = new Set<string>([WAIVER_COLUMNS.rule, WAIVER_COLUMNS.key, WAIVER_COLUMNS.approved]);

const DEADLINE_KINDS = new Set(['deadline', 'report']);

/** One log file; `firstId` numbers its approvals after those of the files before it. */
export async function readWaiverFile(opened: OpenedFile, ctx: ReadContext, rules: Rule[], firstId = 0): Promise<WaiverFileSummary> {
  const at = (name: string): number => opened.dataset.columns.findIndex((c) => c.name === name);
  const cols = {
    rule: at(WAIVER_COLUMNS.rule),
    key: at(WAIVER_COLUMNS.key),
    until: at(WAIVER_COLUMNS.until),
    excused: at(WAIVER_COLUMNS.excused),
    approver: at(WAIVER_COLUMNS.approver),
    approved: at(WAIVER_COLUMNS.approved),
    reason: at(WAIVER_COLUMNS.reason),
  };
  const byId = new Map(rules.map((r) => [r.id.toUpperCase(), r]));
  const ids = rules.map((r) => r.id);
  const approvals: Approval[] = [];
  const rejections: Problem[] = [];
  const summary = await readRows(opened, { ...ctx, mustHaveValue: () => MUST_HAVE }, (row) => {
    // An approval with any unreadable cell applies to nothing: a bad cell never improves the numbers.
    if (row.ragged || row.badCount > 0) return;
    const v = row.values;
    const text = (i: number): string | null => (i === -1 || v[i] === null ? null : String(v[i]));
    const reject = (field: string, value: string, id: WaiverProblemId, params: Record<string, string> = {}): void => {
      rejections.push(problem(ctx.lang, { file: opened.file, line: row.line, field, value, code: 'invalid-waiver', detail: waiverProblemReason(ctx.lang, id, params) }));
    };
    const ruleText = text(cols.rule)!;
    const rule = byId.get(normaliseText(ruleText).toUpperCase());
    if (!rule) return reject(WAIVER_COLUMNS.rule, ruleText, 'unknown-rule', { rule: ruleText, suggestion: suggest(normaliseText(ruleText), ids) });
    if (rule.kind === 'manual') return reject(WAIVER_COLUMNS.rule, ruleText, 'manual-rule', { rule: rule.id });
    const until = cols.until === -1 ? null : (v[cols.until] as LocalDateTime | null);
    const excused = cols.excused !== -1 && v[cols.excused] === true;
    const untilText = until === null ? '' : isoLocal(until).replace('T', ' ');
    if (until !== null && excused) return reject(WAIVER_COLUMNS.until, untilText, 'both');
    if (until === null && !excused) return reject(WAIVER_COLUMNS.excused, v[cols.excused] === false ? '否' : '', 'neither');
    if (until !== null && !DEADLINE_KINDS.has(rule.kind)) return reject(WAIVER_COLUMNS.until, untilText, 'extension-not-deadline', { rule: rule.id });
    const approver = text(cols.approver);
    if (approver === null) return reject(WAIVER_COLUMNS.approver, '', 'no-approver');
    const key = text(cols.key)!;
    approvals.push({
      id: firstId + approvals.length,
      file: opened.file,
      line: row.line,
      ruleId: rule.id,
      key,
      match: existsKey(key),
      kind: until !== null ? 'extension' : 'waiver',
      until,
      approver,
      approved: v[cols.approved] as LocalDateTime,
      reason: text(cols.reason),
    });
  });
  return {
    rows: summary.rows,
    rejected: summary.rejected + rejections.length,
    problems: [...summary.problems, ...rejections].sort((a, b) => a.line - b.line),
    approvals,
  };
}

export interface WaiverLog {
  approvals: Approval[];
  /** Each log file as `inputs` lists it. */
  files: { dataset: string; file: string; encoding: string; delimiter: string; rows: number; rejected: number }[];
  problems: Problem[];
}

export async function readWaiverLog(opened: OpenedFile[], ctx: ReadContext, rules: Rule[]): Promise<WaiverLog> {
  const log: WaiverLog = { approvals: [], files: [], problems: [] };
  for (const file of opened) {
    const read = await readWaiverFile(file, ctx, rules, log.approvals.length);
    log.approvals.push(...read.approvals);
    log.problems.push(...read.problems);
    log.files.push({ dataset: file.dataset.id, file: file.file, encoding: file.layout.encoding, delimiter: file.layout.delimiter, rows: read.rows, rejected: read.rejected });
  }
  return log;
}
