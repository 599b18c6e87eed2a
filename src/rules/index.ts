// The rule kinds by name. `KINDS` is the one list: the config schema, `isla rules`,
// `isla init` and the engine all take the kinds from here.
import { deadline } from './deadline.js';
import { exists } from './exists.js';
import { expect } from './expect.js';
import { forbid } from './forbid.js';
import { manual } from './manual.js';
import { match } from './match.js';
import { report } from './report.js';
import { required } from './required.js';
import type { RuleKindDef, RuleKindModule } from './types.js';

/** The kinds isla runs: each reads a dataset. */
const RUNNABLE = { deadline, report, required, expect, forbid, match, exists };

/** Every kind, in the order the config error lists them; `manual` items are listed by `isla rules` but not run. */
export const KINDS = { ...RUNNABLE, manual };

export const RULE_KINDS: Record<keyof typeof RUNNABLE, RuleKindModule> = RUNNABLE;

/** Any kind, for code that treats them alike (describe, validate). */
export function kindOf(kind: keyof typeof KINDS): RuleKindDef & Partial<RuleKindModule> {
  return KINDS[kind] as RuleKindDef & Partial<RuleKindModule>;
}
