// exists: a row here needs a row in another dataset with the same value (a card-paid
// delivery needs a 刷卡单 for its VIN). Rows are only remembered here (compactly: most
// will find their match); the engine looks them up once every dataset has been read,
// so each file is read once, and builds findings for the ones that are missing.
import { type Lang, findingMessage } from '../messages.js';
import { normaliseText } from './conditions.js';
import type { Finding, Rule, RuleKindModule } from './types.js';

/** Values compared without case, spaces or full-width forms (VINs typed by hand). */
export function existsKey(value: string): string {
  // Most values are already plain upper-case ASCII: return them untouched.
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 32 || (c >= 97 && c <= 122) || c > 126) return normaliseText(value).toUpperCase();
  }
  return value;
}

export const exists: RuleKindModule = {
  columns: (rule) => [rule.field!],
  create(env) {
    const at = env.col(env.rule.field!);
    return {
      row(row) {
        const v = row.values[at];
        if (typeof v === 'string') env.expect!(existsKey(v), v, env.base(row));
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
