// report: one expected submission per month in the report log (SPEC §4). A log row
// matches on department, report name (contains) and month; the earliest matching
// submission is the one judged. The month's item belongs to the period of its due.
import { type Due, dueForMonth } from '../calendar/due.js';
import { type Judgement, judge } from '../calendar/judge.js';
import { type LocalDateTime, compareLocal, isoDate, isoLocal, isoMonth, isoTime, monthOfDay } from '../ingest/local-time.js';
import { type MessageTable, textsOf } from '../messages.js';
import type { SchemaKit } from '../service-list/schema.js';
import { normaliseText } from './conditions.js';
import type { RuleKindModule, RuleRunner } from './types.js';
import { owedDue, settleApproved } from './approved.js';
import { dueText } from './deadline.js';
import { describeDue } from './describe.js';

export const REPORT_COLUMNS = { department: '部门', name: '报表名称', month: '所属月份', submitted: '提交时间' };

/** One month's expected report; `inPeriod` when it falls due in the checked period. */
interface MonthSlot {
  due: Due;
  /** Computing the due read a day of a year the holiday data does not cover. */
  guessed: boolean;
  submitted: LocalDateTime | null;
  line: number | null;
  file: string | null;
  inPeriod: boolean;
}

const fields = (s: SchemaKit) => ({
  dataset: s.dataset,
  /** Which report in the log, matched as a substring of 报表名称. */
  report: s.z.string(),
  due: s.due,
});

const messages = {
  'report-late': {
    zh: (p) => `${p.item}：${p.month} 的报表应于 ${p.due} 前交，${p.submitted} 才交，迟 ${p.daysLate} 天`,
    en: (p) => `${p.item}: the ${p.month} report was due ${p.due}, delivered ${p.submitted}, ${p.daysLate} days late`,
  },
  'report-overdue': {
    zh: (p) => `${p.item}：${p.month} 的报表应于 ${p.due} 前交，截至 ${p.asOf} 报送记录中没有`,
    en: (p) => `${p.item}: the ${p.month} report was due ${p.due} and is not in the report log at ${p.asOf}`,
  },
  'report-pending': {
    zh: (p) => `${p.item}：${p.month} 的报表应于 ${p.due} 前交，报送记录中还没有`,
    en: (p) => `${p.item}: the ${p.month} report is due ${p.due} and not in the report log yet`,
  },
} satisfies MessageTable;
const findingMessage = textsOf(messages);

export const report: RuleKindModule<'report', typeof fields> = {
  fields,
  doc: { zh: '月报', en: 'a monthly report in the report log' },
  describe: (rule, { lang }) =>
    lang === 'zh'
      ? `报送记录中 ${rule.department}“${rule.report}”每月一份：${describeDue(rule.due, lang)}`
      : `one "${rule.report}" from ${rule.department} a month in the report log: ${describeDue(rule.due, lang)}`,
  validate(rule, dataset, check) {
    if (!('monthly' in rule.due)) check.invalid(['due'], { zh: '{monthly: {day: D}}', en: '{monthly: {day: D}}' });
    for (const column of Object.values(REPORT_COLUMNS)) check.column(['dataset'], column, dataset);
  },
  messages,
  columns: () => Object.values(REPORT_COLUMNS),
  // An unreadable 提交时间 (未交, 待补) is a log row that says "not submitted".
  tolerates: () => [REPORT_COLUMNS.submitted],
  create(env) {
    const { rule, calendar, period, asOf, lang } = env;
    const monthly = rule.due as Extract<typeof rule.due, { monthly: unknown }>;
    const departmentAt = env.col(REPORT_COLUMNS.department);
    const nameAt = env.col(REPORT_COLUMNS.name);
    const monthAt = env.col(REPORT_COLUMNS.month);
    const submittedAt = env.col(REPORT_COLUMNS.submitted);
    const department = normaliseText(rule.department);
    const reportName = normaliseText(rule.report);

    // The months whose report falls due inside the period.
    const expected = new Map<number, MonthSlot>();
    // remind also wants the months whose report falls due in its span (SPEC §9).
    const span = env.outstandingSpan ?? { from: period.start, to: period.end };
    for (let m = Math.min(monthOfDay(period.start), monthOfDay(span.from)) - 3; m <= Math.max(monthOfDay(period.end), monthOfDay(span.to)); m++) {
      const reads = calendar.uncoveredReads();
      const due = dueForMonth(monthly, m, calendar, env.defaultRoll);
      const guessed = calendar.uncoveredReads() > reads;
      const inPeriod = due.day >= period.start && due.day <= period.end;
      if (inPeriod || (due.day >= span.from && due.day <= span.to)) expected.set(m, { due, guessed, submitted: null, line: null, file: null, inPeriod });
    }
    type LogRow = Parameters<NonNullable<RuleRunner['row']>>[0];
    const names = (row: LogRow): boolean => {
      const dept = row.values[departmentAt];
      const name = row.values[nameAt];
      return typeof dept === 'string' && normaliseText(dept).includes(department) && typeof name === 'string' && normaliseText(name).includes(reportName);
    };
    const slotOf = (row: LogRow) => {
      const month = row.values[monthAt] as number | null;
      const slot = month === null ? undefined : expected.get(month);
      return slot && names(row) ? slot : undefined;
    };
    /** remind (SPEC §9): a month's report not in the log, due in the span asked for. */
    const offerOutstanding = (month: number, slot: MonthSlot): void => {
      const { from, to } = env.outstandingSpan!;
      if (slot.submitted !== null || slot.due.day < from || slot.due.day > to) return;
      const reads = calendar.uncoveredReads();
      const verdict = judge(slot.due, null, asOf, calendar);
      const unconfirmed = slot.guessed || calendar.uncoveredReads() > reads;
      const status = verdict.status === 'overdue' ? 'overdue' : 'pending';
      const params = { item: rule.short ?? rule.item, month: isoMonth(month), due: dueText(slot.due), asOf: isoLocal(asOf).replace('T', ' '), daysLate: verdict.daysLate ?? 0 };
      env.outstanding({
        key: `${rule.department}/${rule.report}/${isoMonth(month)}`,
        customer: null,
        handler: null,
        file: slot.file,
        line: slot.line,
        eventDate: null,
        status,
        dueDate: isoDate(slot.due.day),
        dueTime: slot.due.seconds === null ? null : isoTime(slot.due.seconds),
        submitted: null,
        ...(status === 'overdue' ? { daysLate: verdict.daysLate!, workdaysLate: verdict.workdaysLate! } : {}),
        ...(unconfirmed ? { unconfirmed: true as const } : {}),
        message: findingMessage(lang, status === 'overdue' ? 'report-overdue' : 'report-pending', params),
      });
    };
    return {
      // With its month unreadable, a row naming this report is still this rule's (not judged).
      claims: (row) => (row.bad[monthAt] === 1 ? names(row) : slotOf(row) !== undefined),
      row(row) {
        const slot = slotOf(row);
        if (!slot) return;
        const submitted = row.values[submittedAt] as LocalDateTime | null;
        // SPEC §4: a matching row with no submission time is still the item's row
        // (its file and line are the finding's); a real submission replaces it.
        if (submitted === null) {
          if (slot.line === null) [slot.line, slot.file] = [row.line, env.base(row).file];
          return;
        }
        if (slot.submitted === null || compareLocal(submitted, slot.submitted) < 0) {
          slot.submitted = submitted;
          slot.line = row.line;
          slot.file = env.base(row).file;
        }
      },
      end() {
        for (const [month, slot] of expected) {
          if (env.outstandingSpan) {
            // An extended month is owed by its new due; a waived one is owed nothing (SPEC §13).
            const owed = env.approvalFor ? owedDue(env.approvalFor(`${rule.department}/${rule.report}/${isoMonth(month)}`), slot.due) : slot.due;
            if (owed) offerOutstanding(month, { ...slot, due: owed });
          }
          if (!slot.inPeriod) continue;
          const lateMessage = (status: 'late' | 'overdue', verdict: Judgement, due: Due): string =>
            findingMessage(lang, status === 'late' ? 'report-late' : 'report-overdue', {
              item: rule.short ?? rule.item,
              month: isoMonth(month),
              due: dueText(due),
              submitted: slot.submitted ? isoLocal(slot.submitted).replace('T', ' ') : '',
              asOf: isoLocal(asOf).replace('T', ' '),
              daysLate: verdict.daysLate!,
            });
          const base = { key: `${rule.department}/${rule.report}/${isoMonth(month)}`, customer: null, handler: null, file: slot.file, line: slot.line, eventDate: null };
          // SPEC §13: finance's approval for this month's report moves its due or excuses it.
          const approval = env.approvalFor?.(base.key);
          if (approval && settleApproved(env, approval, { base, due: slot.due, submitted: slot.submitted, lateMessage })) continue;
          const reads = calendar.uncoveredReads();
          const verdict = judge(slot.due, slot.submitted, asOf, calendar);
          const unconfirmed = slot.guessed || calendar.uncoveredReads() > reads;
          env.tally(verdict.status);
          if (verdict.status !== 'late' && verdict.status !== 'overdue') continue;
          env.emit({
            ...base,
            status: verdict.status,
            dueDate: isoDate(slot.due.day),
            dueTime: slot.due.seconds === null ? null : isoTime(slot.due.seconds),
            submitted: slot.submitted ? isoLocal(slot.submitted) : null,
            daysLate: verdict.daysLate!,
            workdaysLate: verdict.workdaysLate!,
            ...(unconfirmed ? { unconfirmed: true as const } : {}),
            message: lateMessage(verdict.status, verdict, slot.due),
          });
        }
      },
    };
  },
};
