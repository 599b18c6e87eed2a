// deadline: a record's `submitted` moment against a due computed from its `event`
// date (SPEC §2, §4). The item belongs to the period containing its due date.
import { type Due, dueAfterEvent } from '../calendar/due.js';
import { judge } from '../calendar/judge.js';
import { type LocalDateTime, isoDate, isoLocal, isoTime } from '../ingest/local-time.js';
import type { Row } from '../ingest/rows.js';
import { findingMessage } from '../messages.js';
import type { RuleKindModule } from './types.js';

export function dueText(due: Due): string {
  return due.seconds === null ? isoDate(due.day) : `${isoDate(due.day)} ${isoTime(due.seconds)}`;
}

export const deadline: RuleKindModule = {
  columns: (rule) => [rule.event!, rule.submitted!],
  // Text in the submission column (未交, 待补, a typo) means not submitted: still judged.
  tolerates: (rule) => [rule.submitted!],
  create(env) {
    const { rule, calendar, period, asOf, lang } = env;
    const eventAt = env.col(rule.event!);
    const submittedAt = env.col(rule.submitted!);
    // Exports hold a few hundred distinct event dates; compute each due once.
    const dues = new Map<number, Due>();
    const dueFor = (day: number): Due => {
      let due = dues.get(day);
      if (!due) dues.set(day, (due = dueAfterEvent(rule.due!, day, calendar, env.defaultRoll)));
      return due;
    };
    /** remind (SPEC §9): an item with nothing submitted, due in the span asked for, whatever the period. */
    const offerOutstanding = (row: Row, due: Due): void => {
      const span = env.outstandingSpan!;
      if (row.values[submittedAt] !== null || due.day < span.from || due.day > span.to) return;
      const verdict = judge(due, null, asOf, calendar);
      const status = verdict.status === 'overdue' ? 'overdue' : 'pending';
      const params = { item: rule.short ?? rule.item, due: dueText(due), asOf: isoLocal(asOf).replace('T', ' '), daysLate: verdict.daysLate ?? 0, workdaysLate: verdict.workdaysLate ?? 0 };
      env.outstanding({
        ...env.base(row),
        status,
        dueDate: isoDate(due.day),
        dueTime: due.seconds === null ? null : isoTime(due.seconds),
        submitted: null,
        ...(status === 'overdue' ? { daysLate: verdict.daysLate!, workdaysLate: verdict.workdaysLate! } : {}),
        message: findingMessage(lang, status, params),
      });
    };
    return {
      placed(row) {
        const event = row.values[eventAt] as LocalDateTime | null;
        if (event === null) return false;
        const due = dueFor(event.day);
        return due.day >= period.start && due.day <= period.end;
      },
      row(row) {
        const event = row.values[eventAt] as LocalDateTime | null;
        if (event === null) return;
        const due = dueFor(event.day);
        if (env.outstandingSpan) offerOutstanding(row, due);
        if (due.day < period.start || due.day > period.end) return;
        let submitted = row.values[submittedAt] as LocalDateTime | null;
        // A year typo (2025-10-21 for a 2026 pickup) must not count as on time.
        if (submitted !== null && submitted.day < event.day) {
          env.problem(row, rule.submitted!, 'before-event', `${rule.event} ${isoLocal(event).replace('T', ' ')}`);
          submitted = null;
        }
        const verdict = judge(due, submitted, asOf, calendar);
        env.tally(verdict.status);
        if (verdict.status !== 'late' && verdict.status !== 'overdue') return;
        const params = {
          item: rule.short ?? rule.item,
          due: dueText(due),
          submitted: submitted ? isoLocal(submitted).replace('T', ' ') : '',
          asOf: isoLocal(asOf).replace('T', ' '),
          daysLate: verdict.daysLate!,
          workdaysLate: verdict.workdaysLate!,
        };
        env.emit({
          ...env.base(row),
          status: verdict.status,
          dueDate: isoDate(due.day),
          dueTime: due.seconds === null ? null : isoTime(due.seconds),
          submitted: submitted ? isoLocal(submitted) : null,
          daysLate: verdict.daysLate!,
          workdaysLate: verdict.workdaysLate!,
          message: findingMessage(lang, verdict.status, params),
        });
      },
    };
  },
};
