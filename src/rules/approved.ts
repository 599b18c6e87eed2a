// A deadline or report item that finance approved an exception for (SPEC §13). An
// extension moves the due moment — the item is judged against the later of its own
// due and 延期至, lateness counted from there; a waiver excuses it. Either way the
// item goes into the audit trail (`approved`) with its status under the approval.
import { type Due, dueText } from '../calendar/due.js';
import { type Judgement, isAfterDue, judge } from '../calendar/judge.js';
import { type LocalDateTime, isoDate, isoLocal, isoTime } from '../ingest/local-time.js';
import { findingMessage } from '../messages.js';
import type { Approval } from '../waivers/types.js';
import type { Finding, RuleEnv, Waiver } from './types.js';

export interface ApprovedItemFacts {
  base: ReturnType<RuleEnv['base']>;
  /** The item's own due, from the service list: it keeps the item in its period. */
  due: Due;
  submitted: LocalDateTime | null;
  /** The kind's late/overdue sentence, for the due the item was judged against. */
  lateMessage(status: 'late' | 'overdue', verdict: Judgement, due: Due): string;
}

/** Whether `until` is a later moment than `due` (a date alone is the end of its day). */
function laterThan(until: LocalDateTime, due: Due): boolean {
  if (until.day !== due.day) return until.day > due.day;
  return due.seconds !== null && (until.seconds === null || until.seconds > due.seconds);
}

export function waiverOf(approval: Approval, due: Due | null): Waiver {
  return {
    kind: approval.kind,
    until: approval.until && isoLocal(approval.until),
    approver: approval.approver,
    approved: isoLocal(approval.approved),
    reason: approval.reason,
    // A date-only approval is after the due moment only when its date is after the due date.
    retroactive: due !== null && isAfterDue(approval.approved, due),
    file: approval.file,
    line: approval.line,
  };
}

/** remind (SPEC §9): the due an unsubmitted item is owed by under its approval, or null when it is waived. */
export function owedDue(approval: Approval | undefined, due: Due): Due | null {
  if (!approval) return due;
  if (approval.kind === 'waiver') return null;
  return laterThan(approval.until!, due) ? { day: approval.until!.day, seconds: approval.until!.seconds } : due;
}

/**
 * Judges and reports the item under its approval; false when the approval changes
 * nothing (an extension to a moment not after the due: the due stands).
 */
export function settleApproved(env: RuleEnv, approval: Approval, item: ApprovedItemFacts): boolean {
  if (approval.kind === 'extension' && !laterThan(approval.until!, item.due)) {
    env.approvalIgnored?.(approval, dueText(item.due));
    return false;
  }
  const name = env.rule.short ?? env.rule.item;
  const waiver = waiverOf(approval, item.due);
  const common = {
    ...item.base,
    dueDate: isoDate(item.due.day),
    dueTime: item.due.seconds === null ? null : isoTime(item.due.seconds),
    submitted: item.submitted ? isoLocal(item.submitted) : null,
  };
  if (approval.kind === 'waiver') {
    env.approved!({ ...common, status: 'waived', message: findingMessage(env.lang, 'approved-waived', { item: name }), waiver });
    return true;
  }
  const extended: Due = { day: approval.until!.day, seconds: approval.until!.seconds };
  const verdict = judge(extended, item.submitted, env.asOf, env.calendar);
  env.tally(verdict.status);
  if (verdict.status === 'late' || verdict.status === 'overdue') {
    const finding: Omit<Finding, 'ruleId' | 'department' | 'dataset' | 'severity'> = {
      ...common,
      status: verdict.status,
      daysLate: verdict.daysLate!,
      workdaysLate: verdict.workdaysLate!,
      message: item.lateMessage(verdict.status, verdict, extended),
      waiver,
    };
    env.emit(finding);
    env.approved!({ ...finding, status: verdict.status, waiver });
    return true;
  }
  const params = { item: name, until: dueText(extended), submitted: item.submitted ? isoLocal(item.submitted).replace('T', ' ') : '' };
  env.approved!({ ...common, status: verdict.status, message: findingMessage(env.lang, verdict.status === 'onTime' ? 'approved-on-time' : 'approved-pending', params), waiver });
  return true;
}
