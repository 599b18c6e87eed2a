// expect: a field holds a given value (e.g. 客户签字 = 是). An empty cell fails too:
// nobody can show the form was signed.
import { type MessageTable, textsOf, yesNo } from '../messages.js';
import type { CellValue } from '../ingest/values.js';
import type { SchemaKit } from '../service-list/schema.js';
import type { RuleKindModule } from './types.js';
import { normaliseText } from './conditions.js';

export function displayValue(v: CellValue | null, lang: 'zh' | 'en'): string {
  if (v === null) return lang === 'zh' ? '（空）' : '(empty)';
  if (typeof v === 'boolean') return yesNo(lang, v);
  // Amounts as finance writes them: 12,450.50.
  if (typeof v === 'number') return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return String(v);
}

const fields = (s: SchemaKit) => ({
  dataset: s.dataset,
  /** The column, and the value it must hold. */
  field: s.column,
  value: s.scalar,
});

const messages = {
  'violation-expect': {
    zh: (p) => `${p.item}：${p.field} 应为“${p.value}”，实际为“${p.actual}”`,
    en: (p) => `${p.item}: ${p.field} must be "${p.value}", found "${p.actual}"`,
  },
} satisfies MessageTable;
const findingMessage = textsOf(messages);

export const expect: RuleKindModule<'expect', typeof fields> = {
  fields,
  doc: { zh: '应为', en: 'a field holds a value' },
  describe: (rule, { lang }) => (lang === 'zh' ? `${rule.field} 应为“${rule.value === true ? '是' : rule.value}”` : `${rule.field} must be "${rule.value}"`),
  messages,
  columns: (rule) => [rule.field],
  // An unreadable value does not show the expected one either: a violation, quoted as written.
  tolerates: (rule) => [rule.field],
  create(env) {
    const { rule, lang } = env;
    const at = env.col(rule.field);
    const wanted = rule.value;
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
          field: rule.field,
          value: wantedText,
          actual: row.bad[at] === 1 ? env.raw(row, rule.field).trim() : displayValue(v, lang),
        }));
      },
    };
  },
};
