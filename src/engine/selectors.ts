// Rows that no rule took because the value that picks the rule — 部门 in a shared
// export, 报表名称 in the report log — is empty or a near miss (SPEC §3.5): a
// problem naming the closest value, never a silent skip. Values that are simply
// other departments or other reports (行政部's expenses, a 资产负债表) pass quietly.
import { editDistance } from '../ingest/headers.js';
import type { Row } from '../ingest/rows.js';
import { conditionFields, normaliseText } from '../rules/conditions.js';
import { REPORT_COLUMNS } from '../rules/report.js';
import type { Rule } from '../rules/types.js';

/**
 * The candidate a value was meant as: one contains the other (消贷 for 消贷部), one
 * edit apart, or the same first two characters (欠款明细表 for 欠款报表). Anything
 * further is another name, not a typo. Null when nothing is that close.
 */
export function nearMiss(value: string, candidates: string[]): string | null {
  const v = normaliseText(value);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const n = normaliseText(c);
    const close = n.includes(v) || v.includes(n) || editDistance(v, n) <= 1 || (v.length >= 3 && n.length >= 3 && v.slice(0, 2) === n.slice(0, 2));
    const d = editDistance(v, n);
    if (close && d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

export interface SelectingRule {
  rule: Rule;
  /** Whether the rule judges this row as it now reads. */
  takes(row: Row): boolean;
}

export interface Miss {
  column: string;
  code: 'missing-value' | 'unknown-department' | 'unknown-report';
  /** The value the cell was probably meant to hold ('' for an empty cell). */
  closest: string;
  /** The departments whose rules the row was kept from. */
  departments: string[];
}

/** Which of `rules` take the row once `at` holds the value each rule expects there. */
function takenWith(row: Row, at: number, rules: SelectingRule[], expected: (r: Rule) => string): SelectingRule[] {
  const original = row.values[at] ?? null;
  const taken = rules.filter((r) => {
    row.values[at] = expected(r.rule);
    return r.takes(row);
  });
  row.values[at] = original;
  return taken;
}

/**
 * A check for the rows of a dataset that no rule took, or null when no rule of the
 * dataset is picked by 部门 (most datasets: then nothing is run per row).
 */
export function createSelectorCheck(rules: SelectingRule[], col: (name: string) => number, known: Set<string>): ((row: Row) => Miss | null) | null {
  const deptAt = col(REPORT_COLUMNS.department);
  const nameAt = col(REPORT_COLUMNS.name);
  const selecting = rules.filter((r) => r.rule.kind === 'report' || conditionFields(r.rule.when).includes(REPORT_COLUMNS.department));
  if (deptAt === -1 || selecting.length === 0) return null;
  const unique = (list: string[]): string[] => [...new Set(list)];
  return (row) => {
    if (row.ragged || selecting.some((r) => r.takes(row))) return null;
    const v = row.values[deptAt];
    const dept = typeof v === 'string' ? normaliseText(v) : '';
    if (dept === '' || !known.has(dept)) {
      const departments = unique(takenWith(row, deptAt, selecting, (r) => r.department).map((r) => r.rule.department));
      if (departments.length === 0) return null;
      if (dept === '') return { column: REPORT_COLUMNS.department, code: 'missing-value', closest: '', departments };
      const closest = nearMiss(dept, departments);
      return closest === null ? null : { column: REPORT_COLUMNS.department, code: 'unknown-department', closest, departments: [closest] };
    }
    if (nameAt === -1) return null;
    const ofDepartment = selecting.filter((r) => r.rule.kind === 'report' && dept.includes(normaliseText(r.rule.department)));
    const wanted = takenWith(row, nameAt, ofDepartment, (r) => r.report!);
    if (wanted.length === 0) return null;
    const n = row.values[nameAt];
    const name = typeof n === 'string' ? normaliseText(n) : '';
    if (name === '') return { column: REPORT_COLUMNS.name, code: 'missing-value', closest: '', departments: unique(wanted.map((r) => r.rule.department)) };
    const closest = nearMiss(name, wanted.map((r) => r.rule.report!));
    if (closest === null) return null;
    return { column: REPORT_COLUMNS.name, code: 'unknown-report', closest, departments: [wanted.find((r) => r.rule.report === closest)!.rule.department] };
  };
}
