// A rule's check in plain words, for `isla rules` and the reports:
// "提车日期 → 提交日期：次日（遇财务休息日顺延）". Each kind says its own part.
import type { Lang } from '../messages.js';
import { describeConditions } from '../rules/describe.js';
import { kindOf } from '../rules/index.js';
import type { Rule } from '../rules/types.js';

export function describeRule(rule: Rule, lang: Lang, labelOf: (id: string) => string): string {
  const kind = kindOf(rule.kind);
  const check = kind.describe(rule, { lang, labelOf });
  // An item checked by hand has no rows to choose: its conditions say nothing.
  if (!kind.create || !rule.when?.length) return check;
  return check + (lang === 'zh' ? `；仅当 ${describeConditions(rule.when, lang)}` : `; only when ${describeConditions(rule.when, lang)}`);
}
