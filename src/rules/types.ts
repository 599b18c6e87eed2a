// What a rule kind sees and produces. Kinds are code (one module each); rules are
// data (the service list). The engine owns the loop, the period and the sorting.
import type { DueSpec, Roll } from '../calendar/due.js';
import type { FinanceCalendar } from '../calendar/finance-calendar.js';
import type { Timeliness } from '../calendar/judge.js';
import type { DatasetDef } from '../datasets/types.js';
import type { LocalDateTime } from '../ingest/local-time.js';
import type { ProblemCode } from '../ingest/problems.js';
import type { Row } from '../ingest/rows.js';
import type { Lang } from '../messages.js';
import type { Condition, RuleFields } from '../service-list/schema.js';
import type { Approval } from '../waivers/types.js';

export type RuleKind = RuleFields['kind'];
export type Severity = 'error' | 'warning';

export interface Rule extends Omit<RuleFields, 'due' | 'severity'> {
  id: string;
  severity: Severity;
  due?: DueSpec;
  when?: Condition[];
}

export type FindingStatus = 'late' | 'overdue' | 'incomplete' | 'violation' | 'mismatch' | 'missing' | 'duplicate';

/** One finding, exactly as the JSON contract (SPEC §6.2) carries it. */
export interface Finding {
  ruleId: string | null;
  department: string;
  dataset: string;
  status: FindingStatus;
  severity: Severity;
  key: string;
  customer: string | null;
  handler: string | null;
  file: string | null;
  line: number | null;
  eventDate: string | null;
  dueDate: string | null;
  dueTime: string | null;
  submitted: string | null;
  daysLate?: number;
  workdaysLate?: number;
  /**
   * Present (and true) only when the due date or the lateness count rests on a day
   * of a year the holiday data does not cover (SPEC §2): the verdict is 待核实.
   */
  unconfirmed?: true;
  message: string;
  /** The approval in finance's log this item was judged under (SPEC §13). */
  waiver?: Waiver;
}

/** What a finding says of the approval it was judged under (SPEC §13). */
export interface Waiver {
  kind: 'extension' | 'waiver';
  until: string | null;
  approver: string;
  approved: string;
  reason: string | null;
  /** Approved only after the item's original due moment had passed (事后批准). */
  retroactive: boolean;
  file: string;
  line: number;
}

/** An item's verdict under its approval: `waived` is excused, out of `due`. */
export type ApprovedStatus = 'onTime' | 'late' | 'overdue' | 'pending' | 'waived';

/** An entry of the `approved` audit trail: the finding shape, with the status under the approval. */
export type ApprovedItem = Omit<Finding, 'status' | 'waiver'> & { status: ApprovedStatus; waiver: Waiver };
/**
 * A deadline or report item with nothing submitted, as the engine hands it out when
 * asked (SPEC §9): not due yet (`pending`) or past its due (`overdue`, with lateness).
 */
export interface OutstandingItem extends Omit<Finding, 'status'> {
  status: 'pending' | 'overdue';
}

/** First and last due date (inclusive, day numbers) of the outstanding items asked for. */
export interface DueSpan {
  from: number;
  to: number;
}

export interface Period {
  label: string;
  /** First and last day (inclusive) as day numbers. */
  start: number;
  end: number;
}

export interface RuleEnv {
  rule: Rule;
  dataset: DatasetDef;
  calendar: FinanceCalendar;
  asOf: LocalDateTime;
  period: Period;
  lang: Lang;
  defaultRoll: Roll;
  /** A dataset's name for people (刷卡单), by id. */
  labelOf(datasetId: string): string;
  /** Index of a dataset column in `row.values`. */
  col(name: string): number;
  /** The finding fields every row-based finding shares (key, customer, line …). */
  base(row: Row): Pick<Finding, 'key' | 'customer' | 'handler' | 'file' | 'line' | 'eventDate'>;
  emit(finding: Omit<Finding, 'ruleId' | 'department' | 'dataset' | 'severity'>): void;
  /** A finding about a row with no deadline (incomplete, violation, mismatch). */
  flag(row: Row, status: Exclude<FindingStatus, 'late' | 'overdue'>, message: string): void;
  /** remind: the due dates whose unsubmitted items are handed out, whatever the period. */
  outstandingSpan?: DueSpan | undefined;
  /** Hand out one such item (only called when `outstandingSpan` is set). */
  outstanding(item: Omit<OutstandingItem, 'ruleId' | 'department' | 'dataset' | 'severity'>): void;
  /** Count a deadline or report item of the period. */
  tally(status: Timeliness): void;
  /** A row problem found while judging (a submission before its event). */
  problem(row: Row, column: string, code: ProblemCode, detail?: string): void;
  /** A cell of the row as written in the file, for messages that quote it. */
  raw(row: Row, column: string): string;
  /** exists: remember a value to look up in another dataset once all are read. */
  expect?(value: string, shown: string, base: ReturnType<RuleEnv['base']>): void;
  /** Finance's approval for this rule's item `key`; absent when the log names none of its items. */
  approvalFor?(key: string): Approval | undefined;
  /** An item judged under an approval, for the audit trail (`approved`). */
  approved?(item: Omit<ApprovedItem, 'ruleId' | 'department' | 'dataset' | 'severity'>): void;
  /** An extension that changed nothing (not later than the item's due), to be said so. */
  approvalIgnored?(approval: Approval, due: string): void;
}

export interface RuleRunner {
  row?(row: Row): void;
  end?(): void;
  /** Whether the row's item falls in the period (deadline: its due date); default yes. */
  placed?(row: Row): boolean;
  /** Whether the row is this rule's, beyond `when` (report: department, name, month). */
  claims?(row: Row): boolean;
}

export interface RuleKindModule {
  /** Columns, besides `when`'s, the rule reads; an absent one means "not checked". */
  columns(rule: Rule): string[];
  /**
   * Columns whose unreadable cell the kind judges itself (a submission time: not
   * submitted); an unreadable cell in any other column it reads rejects the row for it.
   */
  tolerates?(rule: Rule): string[];
  create(env: RuleEnv): RuleRunner;
}
