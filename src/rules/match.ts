// match: two fields agree (购车人 = 合同人; 理赔金额 = 入账金额). Judged only when
// both are filled in: an empty one is `required`'s business, not a mismatch.
import { findingMessage } from '../messages.js';
import type { CellValue } from '../ingest/values.js';
import { normaliseText } from './conditions.js';
import { displayValue } from './expect.js';
import type { RuleKindModule } from './types.js';

function agree(a: CellValue, b: CellValue): boolean {
  // Amounts agree to the fen; floating point must not invent a difference.
  if (typeof a === 'number' && typeof b === 'number') return Math.round(a * 100) === Math.round(b * 100);
  if (typeof a === 'string' && typeof b === 'string') return normaliseText(a) === normaliseText(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

export const match: RuleKindModule = {
  columns: (rule) => rule.fields!.slice(0, 2),
  create(env) {
    const { rule, lang } = env;
    const [a, b] = rule.fields! as [string, string];
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
          va: displayValue(va, lang),
          vb: displayValue(vb, lang),
        }));
      },
    };
  },
};
