// manual: an item finance checks by hand. `isla rules` lists it; isla runs nothing.
import type { SchemaKit } from '../service-list/schema.js';
import type { RuleKindDef } from './types.js';

const fields = (_s: SchemaKit) => ({});

export const manual: RuleKindDef<'manual', typeof fields> = {
  fields,
  doc: { zh: '人工核对', en: 'checked by hand' },
  describe: (_rule, { lang }) => (lang === 'zh' ? '人工核对' : 'checked by hand'),
};
