// required: the listed fields are filled in (and, where asked, > 0 or equal to a
// value, e.g. 核算单/欠条/协议 = 是). One `incomplete` finding per row names them all.
import { type MessageTable, list, textsOf, yesNo } from '../messages.js';
import type { CellValue } from '../ingest/values.js';
import type { SchemaKit } from '../service-list/schema.js';
import type { RuleKindModule } from './types.js';

const fields = (s: SchemaKit) => ({
  dataset: s.dataset,
  /** The columns that must be filled in. */
  fields: s.columns,
  /** Columns whose amount must be greater than zero. */
  positive: s.anyColumns.optional(),
  /** The value every listed field must hold (核算单/欠条/协议 = 是). */
  value: s.scalar.optional(),
});

const messages = {
  'incomplete-empty': {
    zh: (p) => `${p.item}：${list(p.fields, '、')} 未填写`,
    en: (p) => `${p.item}: ${list(p.fields, ', ')} not filled in`,
  },
  'incomplete-unreadable': {
    zh: (p) => `${p.item}：${list(p.fields, '、')} 无法识别`,
    en: (p) => `${p.item}: ${list(p.fields, ', ')} cannot be read`,
  },
  'incomplete-not-positive': {
    zh: (p) => `${p.item}：${list(p.fields, '、')} 应大于 0`,
    en: (p) => `${p.item}: ${list(p.fields, ', ')} must be greater than 0`,
  },
  'incomplete-not-value': {
    zh: (p) => `${p.item}：${list(p.fields, '、')} 应为“${p.value}”`,
    en: (p) => `${p.item}: ${list(p.fields, ', ')} must be "${p.value}"`,
  },
} satisfies MessageTable;
const findingMessage = textsOf(messages);

export const required: RuleKindModule<'required', typeof fields> = {
  fields,
  doc: { zh: '必填', en: 'fields filled in' },
  describe(rule, { lang }) {
    const zh = lang === 'zh';
    const extra = rule.positive?.length ? (zh ? `，${rule.positive.join('、')} 大于 0` : `, ${rule.positive.join(', ')} > 0`) : '';
    const value = rule.value !== undefined ? (zh ? `，且为“${rule.value === true ? '是' : rule.value}”` : `, each "${rule.value}"`) : '';
    return zh ? `${rule.fields.join('、')} 必填${extra}${value}` : `${rule.fields.join(', ')} filled in${extra}${value}`;
  },
  messages,
  columns: (rule) => [...rule.fields, ...(rule.positive ?? [])],
  // A listed field that cannot be read is not validly filled in: incomplete, not skipped.
  tolerates: (rule) => [...rule.fields, ...(rule.positive ?? [])],
  create(env) {
    const { rule, lang } = env;
    const item = rule.short ?? rule.item;
    const listed = rule.fields.map((name) => ({ name, at: env.col(name) }));
    const positive = (rule.positive ?? []).map((name) => ({ name, at: env.col(name) }));
    const wanted = rule.value;
    const matches = (v: CellValue): boolean =>
      typeof v === 'boolean' ? v === (wanted === true || wanted === '是') : String(v) === String(wanted);
    const valueText = typeof wanted === 'boolean' ? yesNo(lang, wanted) : String(wanted);
    return {
      row(row) {
        const unreadable = row.badCount > 0 ? [...listed, ...positive].filter((f) => row.bad[f.at] === 1).map((f) => f.name) : [];
        const empty = listed.filter((f) => row.values[f.at] === null && row.bad[f.at] !== 1).map((f) => f.name);
        let message: string | null = null;
        if (unreadable.length > 0) message = findingMessage(lang, 'incomplete-unreadable', { item, fields: [...new Set(unreadable)] });
        else if (empty.length > 0) message = findingMessage(lang, 'incomplete-empty', { item, fields: empty });
        else {
          const notPositive = positive.filter((f) => (row.values[f.at] as number) <= 0).map((f) => f.name);
          if (notPositive.length > 0) message = findingMessage(lang, 'incomplete-not-positive', { item, fields: notPositive });
          else if (wanted !== undefined) {
            const wrong = listed.filter((f) => !matches(row.values[f.at]!)).map((f) => f.name);
            if (wrong.length > 0) message = findingMessage(lang, 'incomplete-not-value', { item, fields: wrong, value: valueText });
          }
        }
        if (message === null) return;
        env.flag(row, 'incomplete', message);
      },
    };
  },
};
