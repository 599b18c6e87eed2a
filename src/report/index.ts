// Output formats by name: each a pure function of the result.
import type { CheckResult } from '../check.js';
import type { Lang } from '../messages.js';
import type { Chunks } from '../write-atomic.js';
import { formatCsv } from './csv.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatTable } from './table.js';

export interface FormatContext {
  lang: Lang;
  color: boolean;
  verbose: boolean;
  /** The rules this run applied, in words (the HTML page lists them). */
  rules?: { id: string; department: string; item: string; check: string }[];
  /** Dataset names for people (刷卡单), by id; ids are shown where none is given. */
  datasetLabels?: Record<string, string>;
  /** `check --report`: the department history block (SPEC §10), rendered by report/trend/blocks.ts. */
  historyHtml?: string | undefined;
  /** Each department mail's own history block (only its months and the total), HTML and text. */
  departmentHistory?: Record<string, { html: string; text: string }> | undefined;
  /** Where this run's full report set goes (--report), for lists the terminal cuts short. */
  reportDir?: string;
  /** A mail lists the first N items of each list, as the terminal does; the report set lists all. */
  listCap?: number;
  /** The mail's attachment that holds every item, for the lists it cuts short. */
  attachmentName?: string;
  /** Whom the page is for when it is one department's mail (消贷部); the whole company when absent. */
  audience?: string;
}

/** `刷卡单 (swipes)`: the name a clerk knows, and the id a `dataset=path` needs. */
export function datasetName(id: string, ctx: FormatContext): string {
  const label = ctx.datasetLabels?.[id];
  return label ? `${label} (${id})` : id;
}

export type Formatter = (result: CheckResult, ctx: FormatContext) => Chunks;

export const FORMATS = {
  table: formatTable,
  json: formatJson,
  csv: formatCsv,
  markdown: formatMarkdown,
  html: formatHtml,
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATS;
