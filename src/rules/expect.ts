// expect: a field holds a given value (e.g. 客户签字 = 是). An empty cell fails too:
// nobody can show the form was signed.
import { findingMessage, yesNo } from '../messages.js';
import type { CellValue } from '../ingest/values.js';
import type { RuleKindModule } from './types.js';
import { normaliseText } from './conditions.js';

export function displayValue(v: CellValue | null, lang: 'zh' | 'en'): string {
  if (v === null) return lang === 'zh' ? '（空）' : '(empty)';
  if (typeof v === 'boolean') return yesNo(lang, v);
  // Amounts as finance writes them: 12,450.50.
  if (typeof v === 'number') return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return String(v);
}

export const expect: RuleKindModule = {
  columns: (rule) => [rule.field!],
  // An unreadable value does not show the expected one either: a violation, quoted as written.
  tolerates: (rule) => [rule.field!],
  create(env) {
    const { rule, lang } = env;
    const at = env.col(rule.field!);
    const wanted = rule.value!;
    const holds = (v: CellValue | null): boolean => {
      if (v === null) return false;
      if (typeof v === 'boolean') return v === (wanted === true || wanted === '是');
      if (typeof v === 'number') return v === Number(wanted);
      return normaliseText(String(v)) === normaliseText(String(wanted));
    };
    const wantedText = typeof wanted === 'boolean' ? yesNo(lang, wanted) : String(wanted);
    return {
      row(row) {
        const v = row.values[at] ?? null;
        if (holds(v)) return;
        env.flag(row, 'violation', findingMessage(lang, 'violation-expect', {
          item: rule.short ?? rule.item,
          field: rule.field!,
          value: wantedText,
          actual: row.bad[at] === 1 ? env.raw(row, rule.field!).trim() : displayValue(v, lang),
        }));
      },
    };
  },
};
