// `findings.xlsx` (SPEC §12): the workbook finance sorts and filters — 汇总 (the
// department summary), 问题清单 (every finding, §6.3's columns), 被拒绝的行 and, when
// the run had finance's waiver log, 延期与豁免 (SPEC §13). Dates are
// real date cells and numbers real numbers; every value taken from an export is a
// plain string cell, never a formula, whatever it starts with. The one formatter
// that returns bytes; loaded only when a workbook is written. 问题清单's rows are
// streamed in by isla after the library wrote the rest (streamed-sheet.ts): the
// library holds a sheet's XML whole, too much at 200,000 findings (issue 16).
import writeXlsxFile, { type Cell } from 'write-excel-file/node';
import {
  appendMarkupInsideElement,
  findElement,
  getOrderOfSiblings,
  insertElementMarkupAccordingToOrderOfSiblings,
  replaceElement,
} from 'write-excel-file/utility';
import type { CheckResult } from '../check.js';
import { FINDING_COLUMNS, findingCells } from './csv.js';
import type { FormatContext } from './index.js';
import { type LabelId, STATUS_LABEL, label } from './labels.js';
import { APPROVED_STATUS_LABEL, approvalText, approvalWord, hasWaiverLog } from './approvals.js';
import { displayWidth } from './columns.js';
import { readZip, writeZip } from './zip-entries.js';
import { columnLetters, streamedSheet } from './streamed-sheet.js';
import type { Waiver } from '../rules/types.js';

// The multi-sheet overload's types (the library does not export its FileContent).
type XlsxSheet = Parameters<typeof writeXlsxFile>[0][number];
type XlsxFeature = NonNullable<NonNullable<Parameters<typeof writeXlsxFile>[1]>['features']>[number];
type Row = Cell[];

const DATE_FORMAT = 'yyyy-mm-dd';
const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
const DATE_TIME_SECONDS_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A local ISO value (a wall-clock reading in finance's zone) as a date cell. The
 * library writes a Date's UTC fields, so the Date is built with Date.UTC from the
 * reading itself: Excel then shows exactly it, whatever the machine's zone.
 */
export function dateCell(iso: string | null): Cell {
  if (iso === null) return null;
  const m = LOCAL_ISO.exec(iso);
  if (!m) return { value: iso, type: String };
  const [, y, mo, d, h, mi, s] = m;
  const value = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)));
  const format = h === undefined ? DATE_FORMAT : s === undefined ? DATE_TIME_FORMAT : DATE_TIME_SECONDS_FORMAT;
  return { value, type: Date, format };
}

/** Text from an export: always a string cell, so `=HYPERLINK(…)` stays the name it was. */
function textCell(value: string | number | null | undefined): Cell {
  if (value === null || value === undefined || value === '') return null;
  return { value: String(value), type: String };
}

function numberCell(value: number | null | undefined, format?: string): Cell {
  if (value === null || value === undefined) return null;
  return format ? { value, type: Number, format } : { value, type: Number };
}

const header = (text: string): Cell => ({ value: text, type: String, fontWeight: 'bold' });

/** Widths in Excel's character units: a Chinese character takes two. One pass, so rows can be made as they are measured. */
function widths(...parts: Iterable<Row>[]): { width: number }[] {
  const widest: number[] = [];
  for (const rows of parts) {
    for (const row of rows) {
      row.forEach((cell, i) => {
        widest[i] = Math.max(widest[i] ?? 4, cell === null || cell === undefined ? 0 : displayWidth(shownText(cell)));
      });
    }
  }
  return widest.map((w) => ({ width: Math.min(w + 2, 60) }));
}

function shownText(cell: NonNullable<Cell>): string {
  const v = typeof cell === 'object' && !(cell instanceof Date) && 'value' in cell ? cell.value : cell;
  const format = typeof cell === 'object' && 'format' in cell ? cell.format : undefined;
  return v instanceof Date ? (format ?? DATE_TIME_SECONDS_FORMAT) : String(v ?? '');
}

/** An auto-filter over a sheet's used range (write-excel-file has frozen rows, not filters). */
function autoFilter(sheetIndex: number, sheetName: string, columns: number, rows: number): XlsxFeature {
  const lastColumn = columnLetters(columns - 1);
  const ref = `A1:${lastColumn}${Math.max(rows, 1)}`;
  return {
    files: {
      transform: {
        'xl/worksheets/sheet{id}.xml': {
          transform: (xml, _options, { sheetIndex: index }) =>
            index !== sheetIndex
              ? xml
              : insertElementMarkupAccordingToOrderOfSiblings(xml, `<autoFilter ref="${ref}"/>`, getOrderOfSiblings('xl/worksheets/sheet{id}.xml', 'worksheet')!, 'worksheet'),
        },
        // Excel keeps the filtered range as this hidden name; LibreOffice and WPS read it too.
        'xl/workbook.xml': {
          transform: (xml) => {
            const name = `<definedName name="_xlnm._FilterDatabase" localSheetId="${sheetIndex}" hidden="1">'${sheetName}'!$A$1:$${lastColumn}$${Math.max(rows, 1)}</definedName>`;
            // One <definedNames> only: a second one makes Excel offer to repair the file.
            const existing = findElement(xml, 'definedNames');
            if (!existing) return insertElementMarkupAccordingToOrderOfSiblings(xml, `<definedNames>${name}</definedNames>`, getOrderOfSiblings('xl/workbook.xml', 'workbook')!, 'workbook');
            if (existing.selfClosingTag) return replaceElement(xml, existing, `<definedNames>${name}</definedNames>`);
            return appendMarkupInsideElement(xml, existing, name);
          },
        },
      },
    },
  };
}

/** Columns of 问题清单 that hold dates, and those that hold numbers. */
const DATE_COLUMNS = new Set<LabelId>(['eventDate', 'dueDate', 'submitted']);
const NUMBER_COLUMNS = new Set<LabelId>(['line', 'daysLate', 'workdaysLate']);

type Summary = CheckResult['summary']['total'];

/** The rate from the exact counts (Excel rounds it for display once, as the other formats do). */
const rateCell = (s: Summary): Cell => (s.due === 0 ? null : numberCell(s.onTime / s.due, '0.0%'));

/** §6.1's columns; 未判定 when some row could not be judged, 延期/豁免 with a waiver log, as the other formats. */
function summaryRows(result: CheckResult, ctx: FormatContext): Row[] {
  const { lang } = ctx;
  const notJudged = result.summary.total.notJudged > 0;
  const withLog = hasWaiverLog(result);
  const counts = (s: Summary): number[] => [s.due, ...(notJudged ? [s.notJudged] : []), s.onTime, s.late, s.overdue, s.pending, ...(withLog ? [s.extended, s.waived] : []), s.otherFindings];
  const row = (name: string, s: Summary, bold = false): Row => [bold ? header(name) : textCell(name), ...counts(s).map((n) => numberCell(n)), rateCell(s)];
  const heads = [
    label(lang, 'department'), label(lang, 'due'), ...(notJudged ? [label(lang, 'notJudged')] : []), label(lang, 'onTime'), label(lang, 'late'), label(lang, 'overdue'), label(lang, 'pending'),
    ...(withLog ? [approvalWord(lang, 'extended'), approvalWord(lang, 'waived')] : []), label(lang, 'otherFindings'), label(lang, 'onTimeRate'),
  ];
  return [heads.map(header), ...result.summary.byDepartment.map((d) => row(d.department, d)), row(label(lang, 'total'), result.summary.total, true)];
}

const yes = (lang: FormatContext['lang']): string => (lang === 'zh' ? '是' : 'yes');

/** 问题清单's header: §6.3's columns; with a waiver log, what was approved beside them. */
function findingHeader(result: CheckResult, ctx: FormatContext): Row {
  const W = (id: Parameters<typeof approvalWord>[1]): string => approvalWord(ctx.lang, id);
  return [...FINDING_COLUMNS.map((c) => label(ctx.lang, c)), ...(hasWaiverLog(result) ? [W('approval'), W('approver'), W('approvedOn'), W('reason'), W('retroactive')] : [])].map(header);
}

/** Every finding under that header, as in findings.csv; made one row at a time, so 200,000 rows of cells are never all held. */
function* findingRows(result: CheckResult, ctx: FormatContext): Generator<Row> {
  const { lang } = ctx;
  const withLog = hasWaiverLog(result);
  const approvalCells = (w: Waiver | undefined): Row =>
    !withLog ? [] : w ? [textCell(approvalText(w, '', lang)), textCell(w.approver), dateCell(w.approved), textCell(w.reason), textCell(w.retroactive ? yes(lang) : null)] : [null, null, null, null, null];
  for (const f of result.findings) {
    yield [
      ...findingCells(f, lang, STATUS_LABEL[f.status][lang]).map((value, i) => {
        const column = FINDING_COLUMNS[i]!;
        if (DATE_COLUMNS.has(column)) return dateCell((value as string | null) ?? null);
        if (NUMBER_COLUMNS.has(column)) return numberCell(value as number | null | undefined);
        return textCell(value);
      }),
      ...approvalCells(f.waiver),
    ];
  }
}

/**
 * SPEC §13's 已批准延期与豁免 as a sheet: every item an approval applied to, with
 * its result under the approval, then the log's approvals that matched nothing
 * (结果 未匹配), so a mistyped key is filtered for, not lost.
 */
function approvalRows(result: CheckResult, ctx: FormatContext): Row[] {
  const { lang } = ctx;
  const L = (id: LabelId): string => label(lang, id);
  const W = (id: Parameters<typeof approvalWord>[1]): string => approvalWord(lang, id);
  const heads = [
    L('department'), L('rule'), W('result'), L('key'), L('customer'), L('handler'), L('dueDate'), L('submitted'), W('approval'), W('until'),
    W('approver'), W('approvedOn'), W('reason'), W('retroactive'), L('file'), L('line'), W('logFile'), W('logLine'),
  ];
  const approved = result.approved.map((a): Row => [
    textCell(a.department), textCell(a.ruleId), textCell(APPROVED_STATUS_LABEL[a.status][lang]), textCell(a.key), textCell(a.customer), textCell(a.handler),
    dateCell(a.dueDate), dateCell(a.submitted), textCell(W(a.waiver.kind === 'extension' ? 'extended' : 'waived')), dateCell(a.waiver.until),
    textCell(a.waiver.approver), dateCell(a.waiver.approved), textCell(a.waiver.reason), textCell(a.waiver.retroactive ? yes(lang) : null),
    textCell(a.file), numberCell(a.line), textCell(a.waiver.file), numberCell(a.waiver.line),
  ]);
  const unmatched = result.waiverLog.unmatched.map((u): Row => [
    null, textCell(u.ruleId), textCell(W('unmatchedStatus')), textCell(u.key), null, null, null, null, null, null, null, null, null, null, null, null, textCell(u.file), numberCell(u.line),
  ]);
  return [heads.map(header), ...approved, ...unmatched];
}

function problemRows(result: CheckResult, ctx: FormatContext): Row[] {
  const { lang } = ctx;
  return [
    (['file', 'line', 'column', 'value', 'code', 'reason'] as LabelId[]).map((c) => header(label(lang, c))),
    ...result.problems.map((p) => [textCell(p.file), numberCell(p.line), textCell(p.field), textCell(p.value), textCell(p.code), textCell(p.message)]),
  ];
}

/** The formats of a finding's cells (none: text and numbers), each in one cell of the row whose styles the library numbers. */
const PROBED_FORMATS = [undefined, DATE_FORMAT, DATE_TIME_FORMAT, DATE_TIME_SECONDS_FORMAT];
const STYLE_PROBE: Row = PROBED_FORMATS.map((format) => (format ? { value: new Date(0), type: Date, format } : { value: 0, type: Number }));

interface SheetPlan {
  name: string;
  /** What the library writes: every row, or for 问题清单 the header and the style probe. */
  rows: Row[];
  columns: { width: number }[];
  rowCount: number;
  filter: boolean;
}

const whole = (name: string, rows: Row[], filter: boolean): SheetPlan => ({ name, rows, columns: widths(rows), rowCount: rows.length, filter });

export async function formatXlsx(result: CheckResult, ctx: FormatContext): Promise<Buffer> {
  const L = (id: LabelId): string => label(ctx.lang, id);
  const head = findingHeader(result, ctx);
  // 问题清单 is as long as the month's findings: its rows are streamed in after the
  // library wrote the rest (streamed-sheet.ts), in place of the probe row.
  const findings: SheetPlan = { name: L('findingsSheet'), rows: [head, STYLE_PROBE], columns: widths([head], findingRows(result, ctx)), rowCount: result.findings.length + 1, filter: true };
  const sheets = [
    whole(L('summarySheet'), summaryRows(result, ctx), false),
    findings,
    whole(L('problems'), problemRows(result, ctx), false),
    ...(hasWaiverLog(result) ? [whole(L('approvalsSheet'), approvalRows(result, ctx), true)] : []),
  ];
  const bytes = await writeXlsxFile(
    sheets.map(({ name, rows, columns }): XlsxSheet => ({ data: rows, sheet: name, columns, stickyRowsCount: 1 })),
    {
      fontFamily: 'Microsoft YaHei',
      features: sheets.flatMap(({ name, rows, rowCount, filter }, i) => (filter ? [autoFilter(i, name, rows[0]!.length, rowCount)] : [])),
    },
  ).toBuffer();
  const entries = readZip(Buffer.from(bytes));
  // The library names a sheet's part by its place, from 1.
  const at = entries.findIndex((e) => e.name === `xl/worksheets/sheet${sheets.indexOf(findings) + 1}.xml`);
  entries[at] = await streamedSheet(entries[at]!, PROBED_FORMATS, findingRows(result, ctx));
  return writeZip(entries, result.asOf);
}
