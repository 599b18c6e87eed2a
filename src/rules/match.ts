// match: two fields agree (购车人 = 合同人; 理赔金额 = 入账金额). Judged only when
// both are filled in: an empty one is `required`'s business, not a mismatch.
import { type MessageTable, textsOf } from '../messages.js';
import type { CellValue } from '../ingest/values.js';
import type { SchemaKit } from '../service-list/schema.js';
import { normaliseText } from './conditions.js';
import { displayValue } from './expect.js';
import type { RuleKindModule } from './types.js';

/**
 * An amount in whole fen, rounded half away from zero as finance rounds on paper.
 * The detour through a decimal string keeps 1.005 (1.00499999… as a double) at 101.
 */
export function toFen(amount: number): number {
  const fen = Math.round(Number((Math.abs(amount) * 100).toFixed(6)));
  return amount < 0 ? -fen : fen;
}

function agree(a: CellValue, b: CellValue): boolean {
  // Amounts agree to the fen, compared as integers: floating point must not invent a difference.
  if (typeof a === 'number' && typeof b === 'number') return toFen(a) === toFen(b);
  if (typeof a === 'string' && typeof b === 'string') return normaliseText(a) === normaliseText(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

const fields = (s: SchemaKit) => ({
  dataset: s.dataset,
  /** The two columns that must agree (the first two of the list). */
  fields: s.columns,
});

const messages = {
  mismatch: {
    zh: (p) => `${p.item}：${p.a}“${p.va}”与${p.b}“${p.vb}”不一致`,
    en: (p) => `${p.item}: ${p.a} "${p.va}" differs from ${p.b} "${p.vb}"`,
  },
} satisfies MessageTable;
const findingMessage = textsOf(messages);

export const match: RuleKindModule<'match', typeof fields> = {
  fields,
  doc: { zh: '一致', en: 'two fields agree' },
  describe: (rule, { lang }) =>
    lang === 'zh' ? `${rule.fields[0]} 与 ${rule.fields[1]} 一致（都填写时）` : `${rule.fields[0]} equals ${rule.fields[1]} (when both are filled in)`,
  messages,
  columns: (rule) => rule.fields.slice(0, 2),
  create(env) {
    const { rule, lang } = env;
    const [a, b] = rule.fields as [string, string];
    const aAt = env.col(a);
    const bAt = env.col(b);
    return {
      row(row) {
        const va = row.values[aAt] ?? null;
        const vb = row.values[bAt] ?? null;
        if (va === null || vb === null || agree(va, vb)) return;
        env.flag(row, 'mismatch', findingMessage(lang, 'mismatch', {
          item: rule.short ?? rule.item,
          a,
          b,
          // As written in the export, so the two values shown are never "1.01" and "1.01".
          va: env.raw(row, a).trim() || displayValue(va, lang),
          vb: env.raw(row, b).trim() || displayValue(vb, lang),
        }));
      },
    };
  },
};
