// The rule kinds by name; `manual` items are listed by `isla rules` but not run.
import { deadline } from './deadline.js';
import { exists } from './exists.js';
import { expect } from './expect.js';
import { forbid } from './forbid.js';
import { match } from './match.js';
import { report } from './report.js';
import { required } from './required.js';
import type { RuleKind, RuleKindModule } from './types.js';

export const RULE_KINDS: Record<Exclude<RuleKind, 'manual'>, RuleKindModule> = {
  deadline,
  report,
  required,
  expect,
  forbid,
  match,
  exists,
};
