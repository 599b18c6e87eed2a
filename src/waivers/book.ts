// A dataset task's view of finance's approvals: which approval an item is judged
// under, and which approvals name an item that exists in this dataset at all (in any
// period), so that a mistyped key can be told from an approval for another month.
import type { Row } from '../ingest/rows.js';
import { compileConditions } from '../rules/conditions.js';
import { existsKey } from '../rules/exists.js';
import type { Rule } from '../rules/types.js';
import type { Approval } from './types.js';

export interface ApprovalBook {
  /** The lookup for one rule's items, or undefined when the log names none of them. */
  lookupFor(ruleId: string): ((key: string) => Approval | undefined) | undefined;
  /** Notes the approvals that name this row's item. */
  see(row: Row): void;
  /** The ids of the approvals that named an item of this dataset. */
  seen(): number[];
}

/**
 * Several approvals for one item: the latest decision stands (批准日期, then the
 * later line of the log).
 */
function latestFirst(a: Approval, b: Approval): number {
  return b.approved.day - a.approved.day || (b.approved.seconds ?? 0) - (a.approved.seconds ?? 0) || b.id - a.id;
}

export function approvalBook(approvals: Approval[], rules: Rule[], keyAt: number, col: (name: string) => number): ApprovalBook {
  const byRule = new Map<string, Map<string, Approval[]>>();
  for (const a of approvals) {
    let keys = byRule.get(a.ruleId);
    if (!keys) byRule.set(a.ruleId, (keys = new Map()));
    keys.set(a.match, [...(keys.get(a.match) ?? []), a].sort(latestFirst));
  }
  const seen = new Set<number>();
  // Row-based rules: an approval is seen when a row with its key is one the rule applies to.
  const watched: { keys: Map<string, Approval[]>; applies: (row: Row) => boolean }[] = [];
  for (const rule of rules) {
    const keys = byRule.get(rule.id);
    if (!keys) continue;
    if (rule.kind === 'report') {
      // A month's report item exists whether or not the log has a row for it.
      const prefix = existsKey(`${rule.department}/${rule.report}/`);
      for (const [match, list] of keys) if (match.startsWith(prefix) && /^\d{4}-\d{2}$/.test(match.slice(prefix.length))) for (const a of list) seen.add(a.id);
    } else if (keyAt !== -1) watched.push({ keys, applies: compileConditions(rule.when, col) });
  }
  return {
    lookupFor(ruleId) {
      const keys = byRule.get(ruleId);
      return keys && ((key) => keys.get(existsKey(key))?.[0]);
    },
    see(row) {
      if (watched.length === 0) return;
      const v = row.values[keyAt];
      if (v === null || v === undefined) return;
      const key = existsKey(String(v));
      for (const w of watched) {
        const list = w.keys.get(key);
        if (list && w.applies(row)) for (const a of list) seen.add(a.id);
      }
    },
    seen: () => [...seen],
  };
}
