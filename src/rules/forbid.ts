// forbid: conditions that together must not hold (e.g. cash taken at a delivery at
// or after 17:00). A row where they all hold is a `violation`.
import { type MessageTable, list, textsOf } from '../messages.js';
import { type LocalDateTime, isoTime } from '../ingest/local-time.js';
import type { CellValue } from '../ingest/values.js';
import type { FieldCondition, SchemaKit } from '../service-list/schema.js';
import { compileConditions, conditionFields } from './conditions.js';
import { describeConditions } from './describe.js';
import { displayValue } from './expect.js';
import type { RuleKindModule } from './types.js';

function describe(c: FieldCondition, v: CellValue | null, lang: 'zh' | 'en'): string {
  if (c.timeAtOrAfter !== undefined && v !== null && typeof v === 'object') {
    const at = isoTime((v as LocalDateTime).seconds ?? 0);
    return lang === 'zh' ? `${c.field} ${at}（${c.timeAtOrAfter} 及以后）` : `${c.field} ${at} (at or after ${c.timeAtOrAfter})`;
  }
  return lang === 'zh' ? `${c.field}为“${displayValue(v, lang)}”` : `${c.field} is "${displayValue(v, lang)}"`;
}

const fields = (s: SchemaKit) => ({
  dataset: s.dataset,
  /** Conditions that together must not hold. */
  forbid: s.conditions,
});

const messages = {
  'violation-forbid': {
    zh: (p) => `${p.item}：${list(p.conditions, '，且')}`,
    en: (p) => `${p.item}: ${list(p.conditions, ', and ')}`,
  },
} satisfies MessageTable;
const findingMessage = textsOf(messages);

export const forbid: RuleKindModule<'forbid', typeof fields> = {
  fields,
  doc: { zh: '不得', en: 'conditions that must not hold together' },
  describe: (rule, { lang }) => (lang === 'zh' ? `不得出现：${describeConditions(rule.forbid, lang)}` : `must not happen: ${describeConditions(rule.forbid, lang)}`),
  messages,
  columns: (rule) => conditionFields(rule.forbid),
  create(env) {
    const { rule, lang } = env;
    const holds = compileConditions(rule.forbid, env.col);
    const shown = rule.forbid.filter((c): c is FieldCondition => !('any' in c));
    return {
      row(row) {
        if (!holds(row)) return;
        env.flag(row, 'violation', findingMessage(lang, 'violation-forbid', {
          item: rule.short ?? rule.item,
          conditions: shown.map((c) => describe(c, row.values[env.col(c.field)] ?? null, lang)),
        }));
      },
    };
  },
};
