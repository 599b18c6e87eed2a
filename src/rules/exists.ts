// exists: a row here needs a row in another dataset with the same value (a card-paid
// delivery needs a 刷卡单 for its VIN). Rows are only remembered here; the engine
// looks them up once every dataset has been read, so each file is read once.
import { findingMessage } from '../messages.js';
import { normaliseText } from './conditions.js';
import type { RuleKindModule } from './types.js';

export function existsKey(value: string): string {
  return normaliseText(value).toUpperCase();
}

export const exists: RuleKindModule = {
  columns: (rule) => [rule.field!],
  create(env) {
    const { rule, lang } = env;
    const at = env.col(rule.field!);
    return {
      row(row) {
        const v = row.values[at];
        if (typeof v !== 'string') return;
        env.expect!(existsKey(v), {
          ...env.base(row),
          status: 'missing',
          dueDate: null,
          dueTime: null,
          submitted: null,
          message: findingMessage(lang, 'missing', {
            item: rule.short ?? rule.item,
            target: env.labelOf(rule.in!.dataset),
            field: rule.in!.field,
            value: v,
          }),
        });
      },
    };
  },
};
