// exists: a row here needs a row in another dataset with the same value (a card-paid
// delivery needs a 刷卡单 for its VIN). Rows are only remembered here (compactly: most
// will find their match); the engine looks them up once every dataset has been read,
// so each file is read once, and builds findings for the ones that are missing.
import { type Lang, type MessageTable, textsOf } from '../messages.js';
import type { SchemaKit } from '../service-list/schema.js';
import { normaliseText } from './conditions.js';
import type { Finding, Rule, RuleKindModule } from './types.js';

const fields = (s: SchemaKit) => ({
  dataset: s.dataset,
  /** The column whose value must be found in the other dataset. */
  field: s.column,
  /** Where a row with the same value must be. */
  in: s.z.strictObject({ dataset: s.z.string(), field: s.z.string() }),
});

const messages = {
  missing: {
    zh: (p) => `${p.item}：${p.target}中找不到${p.field}为 ${p.value} 的记录`,
    en: (p) => `${p.item}: no ${p.target} record with ${p.field} ${p.value}`,
  },
} satisfies MessageTable;
const findingMessage = textsOf(messages);

/** Values compared without case, spaces or full-width forms (VINs typed by hand). */
export function existsKey(value: string): string {
  // Most values are already plain upper-case ASCII: return them untouched.
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 32 || (c >= 97 && c <= 122) || c > 126) return normaliseText(value).toUpperCase();
  }
  return value;
}

export const exists: RuleKindModule<'exists', typeof fields> = {
  fields,
  doc: { zh: '须有对应记录', en: 'a matching row in another dataset' },
  describe: (rule, { lang, labelOf }) =>
    lang === 'zh' ? `${labelOf(rule.in.dataset)}中须有相同${rule.in.field}的记录` : `a ${labelOf(rule.in.dataset)} record with the same ${rule.in.field} must exist`,
  validate(rule, _dataset, check) {
    const target = check.dataset(['in', 'dataset'], rule.in.dataset);
    check.column(['in', 'field'], rule.in.field, target);
  },
  messages,
  columns: (rule) => [rule.field],
  create(env) {
    const at = env.col(env.rule.field);
    return {
      row(row) {
        const v = row.values[at];
        if (typeof v === 'string') env.expect!(existsKey(v), v, row);
      },
    };
  },
};

/** The `missing` finding for a remembered row whose value the other dataset lacks. */
export function missingFinding(
  rule: Rule,
  targetLabel: string,
  shown: string,
  base: Pick<Finding, 'key' | 'customer' | 'handler' | 'file' | 'line' | 'eventDate'>,
  lang: Lang,
): Finding {
  return {
    ruleId: rule.id,
    department: rule.department,
    dataset: rule.dataset!,
    status: 'missing',
    severity: rule.severity,
    ...base,
    dueDate: null,
    dueTime: null,
    submitted: null,
    message: findingMessage(lang, 'missing', { item: rule.short ?? rule.item, target: targetLabel, field: rule.in!.field, value: shown }),
  };
}
