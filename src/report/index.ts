// Output formats by name: each a pure function of the result.
import type { CheckResult } from '../check.js';
import type { Lang } from '../messages.js';
import type { Chunks } from '../write-atomic.js';
import { formatJson } from './json.js';
import { formatTable } from './table.js';

export interface FormatContext {
  lang: Lang;
  color: boolean;
  verbose: boolean;
}

export type Formatter = (result: CheckResult, ctx: FormatContext) => Chunks;

export const FORMATS = {
  table: formatTable,
  json: formatJson,
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATS;
