// `isla inspect`: how each file was read — for setting up a new export. A file that
// cannot be read is reported and the others are still inspected.
import { effectiveConfig } from '../config/effective.js';
import type { EffectiveConfig } from '../config/load.js';
import { datasetIdsByName } from '../datasets/label.js';
import { eventColumnsOf } from '../engine/dataset-task.js';
import { IslaError } from '../errors.js';
import type { EncodingName } from '../ingest/encoding.js';
import { type OpenedFile, type ReadContext, isSheetLayout, missingColumnError, openInput, readRows } from '../ingest/index.js';
import { type InputFile, expandInputs } from '../ingest/inputs.js';
import { checkTimezone, parseAsOf, parseChoice } from '../options.js';
import { encodingOption } from './check.js';
import type { Terminal } from './terminal.js';
import type { LocalDateTime } from '../ingest/local-time.js';
import type { Problem } from '../ingest/problems.js';
import { type Lang, errorMessage, sheetSkippedWarning } from '../messages.js';
import { visible } from '../report/visible.js';
import { readWaiverFile } from '../waivers/read.js';
import { WAIVERS_DATASET } from '../waivers/types.js';

export interface InspectedFile {
  file: string;
  dataset: string | null;
  assignedBy: 'explicit' | 'hint' | 'sheet' | 'header' | null;
  /** For a workbook's sheet: the workbook on disk and the sheet's name. */
  workbook?: string;
  sheet?: string;
  encoding: string | null;
  delimiter: string | null;
  headerLine: number | null;
  columns: Record<string, string>;
  missingColumns: string[];
  rows: number;
  rejected: number;
  /** 合计 / 总计 / 小计 rows skipped. */
  totalsRows: number;
  /** For a sheet: cells read as dates from their number format. */
  dateCells?: number;
  problems: Problem[];
  /** For finance's waiver log: the approvals that can be applied (SPEC §13). */
  approvals?: number;
  /** A workbook's sheet that was not read, and why. */
  skipped?: string;
  /** A file-level error, in words; the file could not be read past it. */
  error?: string;
}

export async function inspectFiles(
  inputs: InputFile[],
  config: EffectiveConfig,
  options: { lang: Lang; asOf: LocalDateTime; encoding?: EncodingName | undefined },
): Promise<InspectedFile[]> {
  const ctx: ReadContext = {
    datasets: config.datasets,
    timezone: config.timezone,
    asOf: options.asOf,
    lang: options.lang,
    mustHaveValue: (id) => eventColumnsOf(config.rules, id),
    ...(options.encoding ? { encoding: options.encoding } : {}),
  };
  const out: InspectedFile[] = [];
  const blank = (file: string): InspectedFile => ({
    file,
    dataset: null,
    assignedBy: null,
    encoding: null,
    delimiter: null,
    headerLine: null,
    columns: {},
    missingColumns: [],
    rows: 0,
    rejected: 0,
    totalsRows: 0,
    problems: [],
  });
  const fail = (entry: InspectedFile, err: unknown): void => {
    if (!(err instanceof IslaError)) throw err;
    entry.error = errorMessage(options.lang, err);
  };
  for (const input of inputs) {
    let found: { files: OpenedFile[]; skipped: { file: string; reason: string }[] };
    try {
      found = await openInput(input, ctx);
    } catch (err) {
      const entry = blank(input.file);
      out.push(entry);
      fail(entry, err);
      continue;
    }
    for (const opened of found.files) {
      const entry = blank(opened.file);
      out.push(entry);
      Object.assign(entry, {
        dataset: opened.dataset.id,
        assignedBy: opened.assignedBy,
        encoding: opened.layout.encoding,
        delimiter: opened.layout.delimiter,
        headerLine: opened.layout.headerLine,
        columns: opened.mapping.found,
        missingColumns: opened.mapping.missing,
        ...(isSheetLayout(opened.layout) ? { workbook: opened.layout.file, sheet: opened.layout.sheet } : {}),
      });
      try {
        const missing = missingColumnError(opened, options.lang);
        if (missing) throw missing;
        if (opened.dataset.id === WAIVERS_DATASET) {
          // The log is checked as `isla check` reads it: rule ids, 延期至 or 豁免, 批准人.
          const { approvals, ...summary } = await readWaiverFile(opened, ctx, config.rules);
          Object.assign(entry, summary, { approvals: approvals.length });
        } else Object.assign(entry, await readRows(opened, ctx, () => undefined));
      } catch (err) {
        fail(entry, err);
      }
    }
    for (const s of found.skipped) out.push({ ...blank(s.file), skipped: sheetSkippedWarning(options.lang, s.file, s.reason) });
  }
  return out;
}

const DELIMITER_NAME: Record<string, Record<Lang, string>> = {
  ',': { zh: '逗号', en: 'comma' },
  '\\t': { zh: '制表符', en: 'tab' },
  ';': { zh: '分号', en: 'semicolon' },
  '|': { zh: '竖线', en: 'pipe' },
};

export function renderInspect(files: InspectedFile[], config: EffectiveConfig, lang: Lang, verbose: boolean): string {
  const zh = lang === 'zh';
  const by = {
    explicit: zh ? '命令行指定' : 'given as dataset=path',
    hint: zh ? '文件名' : 'file name',
    sheet: zh ? '工作表名' : 'sheet name',
    header: zh ? '表头' : 'header',
  };
  const out: string[] = [];
  for (const f of files) {
    const dataset = config.datasets.find((d) => d.id === f.dataset);
    out.push(f.file);
    if (f.skipped) {
      out.push(`  ${f.skipped}`, '');
      continue;
    }
    if (dataset) out.push(`  ${zh ? '数据' : 'dataset'}: ${dataset.id}（${zh ? dataset.label : dataset.labelEn}），${zh ? '依据' : 'by'} ${by[f.assignedBy!]}`);
    if (f.sheet !== undefined) {
      out.push(`  ${zh ? '工作簿' : 'workbook'}: ${f.workbook}  ${zh ? '工作表' : 'sheet'}: ${f.sheet}  ${zh ? '格式' : 'format'}: ${f.encoding}  ${zh ? '表头在第' : 'header on row'} ${f.headerLine}${zh ? ' 行' : ''}`);
    } else if (f.encoding) {
      const delimiter = DELIMITER_NAME[f.delimiter === '\t' ? '\\t' : f.delimiter!]![lang];
      out.push(`  ${zh ? '编码' : 'encoding'}: ${f.encoding}  ${zh ? '分隔符' : 'delimiter'}: ${delimiter}  ${zh ? '表头在第' : 'header on line'} ${f.headerLine}${zh ? ' 行' : ''}`);
    }
    if (dataset) {
      out.push(`  ${zh ? '列对应（标准列 ← 文件中的表头）' : 'columns (canonical ← header found)'}:`);
      for (const c of dataset.columns) {
        const found = f.columns[c.name];
        const mark = found ? `← ${found}` : c.inHeader ? (zh ? '缺少（必需）' : 'MISSING (required)') : zh ? '—（无此列）' : '— (not in file)';
        out.push(`    ${c.name} ${mark}`);
      }
    }
    if (f.error) out.push(`  ${zh ? '错误' : 'error'}: ${f.error}`);
    else {
      const extra = [
        ...(f.dateCells !== undefined ? [`${zh ? '日期单元格' : 'date cells'}: ${f.dateCells}`] : []),
        ...(f.totalsRows ? [`${zh ? '跳过合计行' : 'totals rows skipped'}: ${f.totalsRows}`] : []),
        ...(f.approvals === undefined ? [] : [`${zh ? '可采用的批准' : 'approvals that apply'}: ${f.approvals}`]),
      ];
      out.push(`  ${[`${zh ? '读取' : 'rows read'}: ${f.rows}`, `${zh ? '拒绝' : 'rejected'}: ${f.rejected}`, ...extra].join('  ')}`);
      const shown = verbose ? f.problems : f.problems.slice(0, 5);
      for (const p of shown) out.push(`    ${zh ? '第' : 'line'} ${p.line}${zh ? ' 行' : ''}  [${p.code}]  ${p.message}`);
      if (shown.length < f.problems.length) out.push(`    … ${f.problems.length - shown.length} ${zh ? '条（加 --verbose 全部列出）' : 'more (--verbose lists all)'}`);
    }
    out.push('');
  }
  // Names and values come from the files: shown as visible escapes, never raw.
  return out.map(visible).join('\n');
}

export function inspectJson(files: InspectedFile[]): string {
  return JSON.stringify({ files }, null, 2) + '\n';
}

export async function inspectCommand(
  inputs: string[],
  o: { config?: string; encoding?: string; format: string; tz?: string; verbose?: boolean },
  lang: Lang,
  term: Terminal,
): Promise<number> {
  const format = parseChoice('--format', o.format, ['text', 'json'] as const, lang);
  const config = await effectiveConfig({ config: o.config, lang });
  if (o.tz) config.timezone = checkTimezone(o.tz, lang);
  const files = await inspectFiles(await expandInputs(inputs.length ? inputs : ['.'], config.datasets.map((d) => d.id), datasetIdsByName(config.datasets)), config, {
    lang,
    asOf: parseAsOf(undefined, config.timezone, lang),
    encoding: encodingOption(o.encoding, lang),
  });
  term.out(format === 'json' ? inspectJson(files) : renderInspect(files, config, lang, !!o.verbose));
  // The report shows every file; a script reading stderr still gets each error.
  for (const f of files) if (f.error) term.err(f.error);
  for (const f of files) if (f.skipped) term.err(f.skipped);
  return files.some((f) => f.error) ? 2 : 0;
}
