// `when` and `forbid` conditions compiled once per rule into row predicates.
import type { CellValue } from '../ingest/values.js';
import { toHalfWidth } from '../ingest/values.js';
import type { LocalDateTime } from '../ingest/local-time.js';
import type { Row } from '../ingest/rows.js';
import { parseTimeOfDay } from '../calendar/due.js';
import type { Condition, FieldCondition } from '../service-list/schema.js';

export type RowPredicate = (row: Row) => boolean;

/** Text as people mean it: no surrounding or inner spaces, half-width. */
export function normaliseText(s: string): string {
  // Most cells are already plain; only rewrite those with spaces or full-width forms.
  return /[\s\uFF01-\uFF5E\u3000]/.test(s) ? toHalfWidth(s).replace(/\s+/g, '') : s;
}

export function conditionFields(conditions: Condition[] | undefined): string[] {
  const out: string[] = [];
  for (const c of conditions ?? []) {
    if ('any' in c) out.push(...conditionFields(c.any));
    else out.push(c.field);
  }
  return out;
}

function sameValue(value: CellValue, wanted: string | number | boolean): boolean {
  if (typeof value === 'boolean') {
    if (typeof wanted === 'boolean') return value === wanted;
    return ['是', 'yes', 'true', 'y', '1'].includes(String(wanted).toLowerCase()) === value;
  }
  if (typeof value === 'number') return value === Number(wanted);
  if (typeof value === 'string') return normaliseText(value) === normaliseText(String(wanted));
  return false;
}

function compileField(c: FieldCondition, col: (name: string) => number): RowPredicate {
  const i = col(c.field);
  const tests: ((v: CellValue | null, bad: boolean) => boolean)[] = [];
  // Something unreadable is still something: `present` holds (SPEC §3.5, never improves).
  if (c.present !== undefined) tests.push((v, bad) => (v !== null || bad) === c.present);
  if (c.equals !== undefined) tests.push((v) => v !== null && sameValue(v, c.equals!));
  if (c.in !== undefined) tests.push((v) => v !== null && c.in!.some((w) => sameValue(v, w)));
  if (c.contains !== undefined) {
    const parts = (Array.isArray(c.contains) ? c.contains : [c.contains]).map(normaliseText);
    tests.push((v) => typeof v === 'string' && parts.some((p) => normaliseText(v).includes(p)));
  }
  if (c.gt !== undefined) tests.push((v) => typeof v === 'number' && v > c.gt!);
  if (c.timeAtOrAfter !== undefined) {
    const t = parseTimeOfDay(c.timeAtOrAfter);
    // Only rows that carry a time of day can be judged.
    tests.push((v) => v !== null && typeof v === 'object' && (v as LocalDateTime).seconds !== null && (v as LocalDateTime).seconds! >= t);
  }
  return (row) => {
    const v = row.values[i] ?? null;
    const bad = row.bad[i] === 1;
    for (const test of tests) if (!test(v, bad)) return false;
    return true;
  };
}

/** All conditions hold (an empty list always holds). */
export function compileConditions(conditions: Condition[] | undefined, col: (name: string) => number): RowPredicate {
  const predicates = (conditions ?? []).map((c): RowPredicate => {
    if ('any' in c) {
      const options = c.any.map((o) => compileConditions([o], col));
      return (row) => options.some((p) => p(row));
    }
    return compileField(c, col);
  });
  if (predicates.length === 0) return () => true;
  return (row) => {
    for (const p of predicates) if (!p(row)) return false;
    return true;
  };
}
