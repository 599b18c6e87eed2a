// What a rule kind sees and produces. Kinds are code (one module each); rules are
// data (the service list). The engine owns the loop, the period and the sorting.
import type { z } from 'zod';
import type { Roll } from '../calendar/due.js';
import type { FinanceCalendar } from '../calendar/finance-calendar.js';
import type { Timeliness } from '../calendar/judge.js';
import type { DatasetDef } from '../datasets/types.js';
import type { LocalDateTime } from '../ingest/local-time.js';
import type { ProblemCode } from '../ingest/problems.js';
import type { Row } from '../ingest/rows.js';
import type { Lang, MessageTable } from '../messages.js';
import type { SchemaKit, ruleHead, ruleTail } from '../service-list/schema.js';
import type { Approval } from '../waivers/types.js';
import type { KINDS } from './index.js';

type Kinds = typeof KINDS;
export type RuleKind = keyof Kinds;
export type Severity = 'error' | 'warning';

/**
 * A kind's own fields as zod schemas, built from the loader's kit: a kind module
 * imports zod for its types only, so a run without a config never loads zod.
 */
export type KindFields = (s: SchemaKit) => z.ZodRawShape;

// zod types an object of no fields as any keys at all; a kind of no fields adds none.
type Output<Shape extends z.ZodRawShape> = [keyof Shape] extends [never] ? object : z.output<z.ZodObject<Shape>>;

/** What every merged rule has, whatever its kind: its id, and a severity filled in. */
export type RuleBase = Omit<Output<typeof ruleHead> & Output<typeof ruleTail>, 'kind' | 'severity'> & {
  id: string;
  severity: Severity;
};

/** A rule of one kind, typed by the fields that kind declares. */
export type RuleOf<K extends string, F extends KindFields> = RuleBase & { kind: K } & Output<ReturnType<F>>;

type EachRule = { [K in RuleKind]: RuleOf<K, Kinds[K]['fields']> };
type AnyRuleKey = { [K in RuleKind]: keyof EachRule[K] }[RuleKind];

/**
 * Any rule: narrowed by `kind` to that kind's fields. Another kind's field reads as
 * `undefined`, so code that serves every kind (the engine) can ask for it.
 */
export type Rule = { [K in RuleKind]: EachRule[K] & { [P in Exclude<AnyRuleKey, keyof EachRule[K]>]?: undefined } }[RuleKind];

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

export interface RuleEnv<R extends RuleBase = Rule> {
  rule: R;
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
  /** exists: look a row's value up in another dataset, or remember it until that one is read. */
  expect?(value: string, shown: string, row: Row): void;
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

/** How a kind's `validate` reports a config problem, located at one of the rule's keys. */
export interface RuleCheck {
  /** `column` is one of `dataset`'s; else the config is refused, naming `key` and the closest column. */
  column(key: (string | number)[], column: string, dataset: DatasetDef): void;
  /** The dataset `id` exists; else the config is refused, naming `key` and the closest id. */
  dataset(key: (string | number)[], id: string): DatasetDef;
  /** The value at `key` is not one this kind accepts: what it expects, in both languages. */
  invalid(key: (string | number)[], expected: Record<Lang, string>): never;
}

export interface DescribeContext {
  lang: Lang;
  /** A dataset's name for people (刷卡单), by id. */
  labelOf(datasetId: string): string;
}

/**
 * One rule kind, ESLint's rule shape: what it needs (`fields`), how it checks a
 * config beyond that (`validate`), what it says (`messages`) and how it is described;
 * then, for a kind isla runs, the columns it reads and the runner (`create`).
 */
export interface RuleKindDef<K extends string = string, F extends KindFields = KindFields> {
  /** Its fields besides the common ones (`ruleHead`, `ruleTail`); a required one is needed. */
  fields: F;
  /** What the kind is called in the `isla init` comment and the docs. */
  doc: Record<Lang, string>;
  /** The check in plain words for `isla rules`, the reports and `isla init` (`when` is added by the caller). */
  describe(rule: RuleOf<K, F>, ctx: DescribeContext): string;
  /** Config checks the schema cannot make (the columns its fields name are checked already). */
  validate?(rule: RuleOf<K, F>, dataset: DatasetDef, check: RuleCheck): void;
  /** Its finding texts in zh and en, by message id. */
  messages?: MessageTable;
}

export interface RuleKindModule<K extends string = string, F extends KindFields = KindFields> extends RuleKindDef<K, F> {
  /** Columns, besides `when`'s, the rule reads; an absent one means "not checked". */
  columns(rule: RuleOf<K, F>): string[];
  /**
   * Columns whose unreadable cell the kind judges itself (a submission time: not
   * submitted); an unreadable cell in any other column it reads rejects the row for it.
   */
  tolerates?(rule: RuleOf<K, F>): string[];
  create(env: RuleEnv<RuleOf<K, F>>): RuleRunner;
}
