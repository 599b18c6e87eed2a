// What the whole run makes of finance's approvals once every dataset is judged
// (SPEC §13): excused non-deadline findings leave the findings for the audit trail,
// and the log is accounted for — applied, or named in `unmatched` so that a
// mistyped key is seen rather than lost.
import { waiverOf } from '../rules/approved.js';
import { existsKey } from '../rules/exists.js';
import type { ApprovedItem, Finding, Period, Rule } from '../rules/types.js';
import type { Approval } from './types.js';

export interface WaiverLogSummary {
  applied: number;
  unmatched: { file: string; line: number; ruleId: string; key: string }[];
}

const EXCUSABLE = new Set<Finding['status']>(['incomplete', 'violation', 'mismatch', 'missing']);

/**
 * Moves the findings of row rules (required, expect, forbid, match, exists) that
 * finance waived into the audit trail; the latest waiver for an item stands.
 */
export function excuseFindings(findings: Finding[], approvals: Approval[]): { findings: Finding[]; excused: ApprovedItem[] } {
  const waivers = new Map<string, Approval>();
  for (const a of approvals) {
    if (a.kind !== 'waiver') continue;
    const id = `${a.ruleId}\u0000${a.match}`;
    const held = waivers.get(id);
    if (!held || a.approved.day > held.approved.day || (a.approved.day === held.approved.day && (a.approved.seconds ?? 0) >= (held.approved.seconds ?? 0))) waivers.set(id, a);
  }
  if (waivers.size === 0) return { findings, excused: [] };
  const kept: Finding[] = [];
  const excused: ApprovedItem[] = [];
  for (const f of findings) {
    const waiver = f.ruleId !== null && EXCUSABLE.has(f.status) ? waivers.get(`${f.ruleId}\u0000${existsKey(f.key)}`) : undefined;
    if (!waiver) kept.push(f);
    // Such a finding has no due moment, so its approval is never after one.
    else excused.push({ ...f, status: 'waived', waiver: waiverOf(waiver, null) });
  }
  return { findings: kept, excused };
}

export interface ApprovalCounts {
  /** Due items judged against an extension (on time, late or overdue). */
  extended: number;
  /** Excused items, deadline or not. */
  waived: number;
}

/** The summary's `extended` and `waived`, per department and in total. */
export function countApprovals(approved: ApprovedItem[]): { byDepartment: Map<string, ApprovalCounts>; total: ApprovalCounts } {
  const byDepartment = new Map<string, ApprovalCounts>();
  const total = { extended: 0, waived: 0 };
  for (const a of approved) {
    if (a.status === 'pending') continue; // not due yet: counted as pending
    const which = a.status === 'waived' ? 'waived' : 'extended';
    const counts = byDepartment.get(a.department) ?? { extended: 0, waived: 0 };
    counts[which]++;
    total[which]++;
    byDepartment.set(a.department, counts);
  }
  return { byDepartment, total };
}

/**
 * `applied`: the approvals the period's items were judged under. `unmatched`: the
 * approvals of the run's rules, dated on or after the period's start, that name
 * no item in the inputs (older ones belong to earlier months).
 */
export function summariseWaiverLog(approvals: Approval[], seen: Set<number>, approved: ApprovedItem[], rules: Rule[], period: Period): WaiverLogSummary {
  const applied = new Set(approved.map((a) => `${a.waiver.file}\u0000${a.waiver.line}`));
  const ruleIds = new Set(rules.map((r) => r.id));
  const unmatched = approvals
    .filter((a) => ruleIds.has(a.ruleId) && a.approved.day >= period.start && !seen.has(a.id))
    .map((a) => ({ file: a.file, line: a.line, ruleId: a.ruleId, key: a.key }));
  return { applied: applied.size, unmatched };
}
