// `isla trend -f json`: SPEC §10's shape, as built (schemaVersion 1, kind "trend").
import type { TrendResult } from '../../history/trend.js';
import type { Chunks } from '../../write-atomic.js';

export function* formatTrendJson(trend: TrendResult): Chunks {
  yield JSON.stringify(trend, null, 2) + '\n';
}
