// `findings.xlsx` (SPEC §12): the workbook finance sorts and filters — 汇总 (the
// department summary), 问题清单 (every finding, §6.3's columns) and 被拒绝的行. Dates are
// real date cells and numbers real numbers; every value taken from an export is a
// plain string cell, never a formula, whatever it starts with. The one formatter
// that returns bytes; loaded only when a workbook is written.
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
import { displayWidth } from './columns.js';

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

/** Widths in Excel's character units: a Chinese character takes two. */
function widths(rows: Row[]): { width: number }[] {
  // A loop, not Math.max(...rows): spreading 200,000 rows overflows the stack.
  const count = rows.reduce((n, r) => Math.max(n, r.length), 0);
  return Array.from({ length: count }, (_, i) => {
    let widest = 4;
    for (const row of rows) {
      const cell = row[i];
      if (cell === null || cell === undefined) continue;
      const v = typeof cell === 'object' && !(cell instanceof Date) && 'value' in cell ? cell.value : cell;
      const format = typeof cell === 'object' && cell !== null && 'format' in cell ? cell.format : undefined;
      const shown = v instanceof Date ? (format ?? DATE_TIME_SECONDS_FORMAT) : String(v ?? '');
      widest = Math.max(widest, displayWidth(shown));
    }
    return { width: Math.min(widest + 2, 60) };
  });
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

function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const SUMMARY_COLUMNS: LabelId[] = ['department', 'due', 'onTime', 'late', 'overdue', 'pending', 'otherFindings', 'onTimeRate'];
/** Columns of 问题清单 that hold dates, and those that hold numbers. */
const DATE_COLUMNS = new Set<LabelId>(['eventDate', 'dueDate', 'submitted']);
const NUMBER_COLUMNS = new Set<LabelId>(['line', 'daysLate', 'workdaysLate']);

function summaryRows(result: CheckResult, ctx: FormatContext): Row[] {
  const { lang } = ctx;
  const row = (name: string, r: CheckResult['summary']['total'], bold = false): Row => [
    bold ? header(name) : textCell(name),
    numberCell(r.due),
    numberCell(r.onTime),
    numberCell(r.late),
    numberCell(r.overdue),
    numberCell(r.pending),
    numberCell(r.otherFindings),
    numberCell(r.onTimeRate, '0.0%'),
  ];
  return [
    SUMMARY_COLUMNS.map((c) => header(label(lang, c))),
    ...result.summary.byDepartment.map((d) => row(d.department, d)),
    row(label(lang, 'total'), result.summary.total, true),
  ];
}

function findingRows(result: CheckResult, ctx: FormatContext): Row[] {
  const { lang } = ctx;
  return [
    FINDING_COLUMNS.map((c) => header(label(lang, c))),
    ...result.findings.map((f) =>
      findingCells(f, lang, STATUS_LABEL[f.status][lang]).map((value, i) => {
        const column = FINDING_COLUMNS[i]!;
        if (DATE_COLUMNS.has(column)) return dateCell((value as string | null) ?? null);
        if (NUMBER_COLUMNS.has(column)) return numberCell(value as number | null | undefined);
        return textCell(value);
      }),
    ),
  ];
}

function problemRows(result: CheckResult, ctx: FormatContext): Row[] {
  const { lang } = ctx;
  return [
    (['file', 'line', 'column', 'value', 'code', 'reason'] as LabelId[]).map((c) => header(label(lang, c))),
    ...result.problems.map((p) => [textCell(p.file), numberCell(p.line), textCell(p.field), textCell(p.value), textCell(p.code), textCell(p.message)]),
  ];
}

export async function formatXlsx(result: CheckResult, ctx: FormatContext): Promise<Buffer> {
  const names = [label(ctx.lang, 'summarySheet'), label(ctx.lang, 'findingsSheet'), label(ctx.lang, 'problems')];
  const data = [summaryRows(result, ctx), findingRows(result, ctx), problemRows(result, ctx)];
  const sheets: XlsxSheet[] = data.map((rows, i) => ({ data: rows, sheet: names[i]!, columns: widths(rows), stickyRowsCount: 1 }));
  const findings = data[1]!;
  const bytes = await writeXlsxFile(sheets, {
    fontFamily: 'Microsoft YaHei',
    features: [autoFilter(1, names[1]!, FINDING_COLUMNS.length, findings.length)],
  }).toBuffer();
  return Buffer.from(bytes);
}
