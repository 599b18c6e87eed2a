// `isla trend` formats by name: each a pure function of the trend.
import type { TrendResult } from '../../history/trend.js';
import type { Chunks } from '../../write-atomic.js';
import { formatTrendCsv } from './csv.js';
import { formatTrendHtml } from './html.js';
import { formatTrendJson } from './json.js';
import { formatTrendMarkdown } from './markdown.js';
import { type TrendFormatContext, formatTrendTable } from './table.js';

export const TREND_FORMATS = {
  table: formatTrendTable,
  html: formatTrendHtml,
  markdown: formatTrendMarkdown,
  csv: formatTrendCsv,
  json: formatTrendJson,
} satisfies Record<string, (trend: TrendResult, ctx: TrendFormatContext) => Chunks>;

export type TrendFormatName = keyof typeof TREND_FORMATS;
