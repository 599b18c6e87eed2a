// The words a report needs beyond the result: the rules applied, in words, and the
// datasets' names — shared by `check` and `mail` so a mail of a saved set reads the same.
import { selectRules } from '../check.js';
import type { EffectiveConfig } from '../config/load.js';
import { datasetLabeller } from '../datasets/label.js';
import type { Lang } from '../messages.js';
import type { FormatContext } from '../report/index.js';
import { describeRule } from './describe.js';

/** What the human-readable formats need beyond the result: the rules in words, dataset names. */
export function reportContext(config: EffectiveConfig, departments: string[] | undefined, ruleIds: string[] | undefined, lang: Lang, verbose: boolean): FormatContext {
  const labelOf = datasetLabeller(config.datasets, lang);
  const rules = selectRules(config.rules, departments, ruleIds).map((r) => ({
    id: r.id,
    department: r.department,
    item: r.item,
    check: describeRule(r, lang, labelOf),
  }));
  const datasetLabels = Object.fromEntries(config.datasets.map((d) => [d.id, labelOf(d.id)]));
  return { lang, color: false, verbose, rules, datasetLabels };
}

