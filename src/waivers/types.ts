// Finance's approved exceptions (SPEC §13) as the engine carries them: plain data,
// so they cross to the worker threads as they are.
import type { LocalDateTime } from '../ingest/local-time.js';

export const WAIVERS_DATASET = 'waivers';

/** The log's canonical columns (src/datasets/builtin.ts). */
export const WAIVER_COLUMNS = {
  rule: '规则',
  key: '单号',
  until: '延期至',
  excused: '豁免',
  approver: '批准人',
  approved: '批准日期',
  reason: '原因',
} as const;

/** One approval row of the log, validated. */
export interface Approval {
  /** Its place in the log: how threads tell approvals apart. */
  id: number;
  file: string;
  line: number;
  ruleId: string;
  /** The item's key as finance wrote it, and as `exists` compares VINs. */
  key: string;
  match: string;
  kind: 'extension' | 'waiver';
  /** The new due moment (date only: the end of that day; never rolled). */
  until: LocalDateTime | null;
  approver: string;
  approved: LocalDateTime;
  reason: string | null;
}
