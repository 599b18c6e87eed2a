// required: the listed fields are filled in (and, where asked, > 0 or equal to a
// value, e.g. 核算单/欠条/协议 = 是). One `incomplete` finding per row names them all.
import { findingMessage, yesNo } from '../messages.js';
import type { CellValue } from '../ingest/values.js';
import type { RuleKindModule } from './types.js';

export const required: RuleKindModule = {
  columns: (rule) => [...rule.fields!, ...(rule.positive ?? [])],
  // A listed field that cannot be read is not validly filled in: incomplete, not skipped.
  tolerates: (rule) => [...rule.fields!, ...(rule.positive ?? [])],
  create(env) {
    const { rule, lang } = env;
    const item = rule.short ?? rule.item;
    const fields = rule.fields!.map((name) => ({ name, at: env.col(name) }));
    const positive = (rule.positive ?? []).map((name) => ({ name, at: env.col(name) }));
    const wanted = rule.value;
    const matches = (v: CellValue): boolean =>
      typeof v === 'boolean' ? v === (wanted === true || wanted === '是') : String(v) === String(wanted);
    const valueText = typeof wanted === 'boolean' ? yesNo(lang, wanted) : String(wanted);
    return {
      row(row) {
        const unreadable = row.badCount > 0 ? [...fields, ...positive].filter((f) => row.bad[f.at] === 1).map((f) => f.name) : [];
        const empty = fields.filter((f) => row.values[f.at] === null && row.bad[f.at] !== 1).map((f) => f.name);
        let message: string | null = null;
        if (unreadable.length > 0) message = findingMessage(lang, 'incomplete-unreadable', { item, fields: [...new Set(unreadable)] });
        else if (empty.length > 0) message = findingMessage(lang, 'incomplete-empty', { item, fields: empty });
        else {
          const notPositive = positive.filter((f) => (row.values[f.at] as number) <= 0).map((f) => f.name);
          if (notPositive.length > 0) message = findingMessage(lang, 'incomplete-not-positive', { item, fields: notPositive });
          else if (wanted !== undefined) {
            const wrong = fields.filter((f) => !matches(row.values[f.at]!)).map((f) => f.name);
            if (wrong.length > 0) message = findingMessage(lang, 'incomplete-not-value', { item, fields: wrong, value: valueText });
          }
        }
        if (message === null) return;
        env.flag(row, 'incomplete', message);
      },
    };
  },
};
