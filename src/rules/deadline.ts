// deadline: a record's `submitted` moment against a due computed from its `event`
// date (SPEC §2, §4). The item belongs to the period containing its due date.
import { type Due, dueAfterEvent, dueText } from '../calendar/due.js';
import { type Judgement, judge } from '../calendar/judge.js';
import { type LocalDateTime, isoDate, isoLocal, isoTime } from '../ingest/local-time.js';
import type { Row } from '../ingest/rows.js';
import { type MessageTable, textsOf } from '../messages.js';
import type { SchemaKit } from '../service-list/schema.js';
import { owedDue, settleApproved } from './approved.js';
import { describeDue } from './describe.js';
import type { RuleKindModule } from './types.js';

export { dueText };

const fields = (s: SchemaKit) => ({
  dataset: s.dataset,
  /** The column that starts the clock. */
  event: s.column,
  /** The column holding when it was delivered. */
  submitted: s.column,
  due: s.due,
});

const messages = {
  late: {
    zh: (p) => `${p.item}：应于 ${p.due} 前交，${p.submitted} 才交，迟 ${p.daysLate} 天（${p.workdaysLate} 个工作日）`,
    en: (p) => `${p.item}: due ${p.due}, delivered ${p.submitted}, ${p.daysLate} days late (${p.workdaysLate} workdays)`,
  },
  overdue: {
    zh: (p) => `${p.item}：应于 ${p.due} 前交，截至 ${p.asOf} 仍未交，逾期 ${p.daysLate} 天（${p.workdaysLate} 个工作日）`,
    en: (p) => `${p.item}: due ${p.due}, still not delivered at ${p.asOf}, ${p.daysLate} days overdue (${p.workdaysLate} workdays)`,
  },
  pending: {
    zh: (p) => `${p.item}：应于 ${p.due} 前交，尚未交`,
    en: (p) => `${p.item}: due ${p.due}, not delivered yet`,
  },
} satisfies MessageTable;
const findingMessage = textsOf(messages);

export const deadline: RuleKindModule<'deadline', typeof fields> = {
  fields,
  doc: { zh: '期限', en: 'a deadline after an event' },
  describe: (rule, { lang }) => `${rule.event} → ${rule.submitted}：${describeDue(rule.due, lang)}`,
  messages,
  columns: (rule) => [rule.event, rule.submitted],
  // Text in the submission column (未交, 待补, a typo) means not submitted: still judged.
  tolerates: (rule) => [rule.submitted],
  create(env) {
    const { rule, calendar, period, asOf, lang } = env;
    const eventAt = env.col(rule.event);
    const submittedAt = env.col(rule.submitted);
    // Exports hold a few hundred distinct event dates; compute each due once, and
    // remember whether computing it read a day of an uncovered year.
    const dues = new Map<number, { due: Due; guessed: boolean }>();
    const dueFor = (day: number): { due: Due; guessed: boolean } => {
      let entry = dues.get(day);
      if (!entry) {
        const reads = calendar.uncoveredReads();
        const due = dueAfterEvent(rule.due, day, calendar, env.defaultRoll);
        dues.set(day, (entry = { due, guessed: calendar.uncoveredReads() > reads }));
      }
      return entry;
    };
    const lateMessage = (status: 'late' | 'overdue', verdict: Judgement, due: Due, submitted: LocalDateTime | null): string =>
      findingMessage(lang, status, {
        item: rule.short ?? rule.item,
        due: dueText(due),
        submitted: submitted ? isoLocal(submitted).replace('T', ' ') : '',
        asOf: isoLocal(asOf).replace('T', ' '),
        daysLate: verdict.daysLate!,
        workdaysLate: verdict.workdaysLate!,
      });
    /** remind (SPEC §9): an item with nothing submitted, due in the span asked for, whatever the period. */
    const offerOutstanding = (row: Row, due: Due, guessed: boolean): void => {
      const span = env.outstandingSpan!;
      if (row.values[submittedAt] !== null || due.day < span.from || due.day > span.to) return;
      const reads = calendar.uncoveredReads();
      const verdict = judge(due, null, asOf, calendar);
      const unconfirmed = guessed || calendar.uncoveredReads() > reads;
      const status = verdict.status === 'overdue' ? 'overdue' : 'pending';
      const params = { item: rule.short ?? rule.item, due: dueText(due), asOf: isoLocal(asOf).replace('T', ' '), daysLate: verdict.daysLate ?? 0, workdaysLate: verdict.workdaysLate ?? 0 };
      env.outstanding({
        ...env.base(row),
        status,
        dueDate: isoDate(due.day),
        dueTime: due.seconds === null ? null : isoTime(due.seconds),
        submitted: null,
        ...(status === 'overdue' ? { daysLate: verdict.daysLate!, workdaysLate: verdict.workdaysLate! } : {}),
        ...(unconfirmed ? { unconfirmed: true as const } : {}),
        message: findingMessage(lang, status, params),
      });
    };
    return {
      placed(row) {
        const event = row.values[eventAt] as LocalDateTime | null;
        if (event === null) return false;
        const { due } = dueFor(event.day);
        return due.day >= period.start && due.day <= period.end;
      },
      row(row) {
        const event = row.values[eventAt] as LocalDateTime | null;
        if (event === null) return;
        const { due, guessed } = dueFor(event.day);
        if (env.outstandingSpan) {
          // An extended item is owed by its new due; a waived one is owed nothing (SPEC §13).
          const owed = env.approvalFor ? owedDue(env.approvalFor(env.base(row).key), due) : due;
          if (owed) offerOutstanding(row, owed, guessed);
        }
        if (due.day < period.start || due.day > period.end) return;
        let submitted = row.values[submittedAt] as LocalDateTime | null;
        // A year typo (2025-10-21 for a 2026 pickup) must not count as on time.
        if (submitted !== null && submitted.day < event.day) {
          env.problem(row, rule.submitted, 'before-event', `${rule.event} ${isoLocal(event).replace('T', ' ')}`);
          submitted = null;
        }
        // SPEC §13: finance's approval for this item moves its due or excuses it.
        const approval = env.approvalFor?.(env.base(row).key);
        if (approval && settleApproved(env, approval, { base: env.base(row), due, submitted, lateMessage: (status, v, d) => lateMessage(status, v, d, submitted) })) return;
        const reads = calendar.uncoveredReads();
        const verdict = judge(due, submitted, asOf, calendar);
        const unconfirmed = guessed || calendar.uncoveredReads() > reads;
        env.tally(verdict.status);
        if (verdict.status !== 'late' && verdict.status !== 'overdue') return;
        env.emit({
          ...env.base(row),
          status: verdict.status,
          dueDate: isoDate(due.day),
          dueTime: due.seconds === null ? null : isoTime(due.seconds),
          submitted: submitted ? isoLocal(submitted) : null,
          daysLate: verdict.daysLate!,
          workdaysLate: verdict.workdaysLate!,
          ...(unconfirmed ? { unconfirmed: true as const } : {}),
          message: lateMessage(verdict.status, verdict, due, submitted),
        });
      },
    };
  },
};
