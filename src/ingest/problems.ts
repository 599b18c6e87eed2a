// The catalogue of row problems (SPEC §3.5): a code, where it is, and a sentence.
import { type Lang, rowProblemMessage } from '../messages.js';

export type ProblemCode =
  | 'missing-value'
  | 'invalid-date'
  | 'invalid-amount'
  | 'invalid-boolean'
  | 'invalid-month'
  | 'future-date'
  | 'ragged-row'
  | 'invalid-waiver'
  | 'invalid-cell'
  /** Bytes of a UTF-8 file that are not UTF-8 (one stray GBK character). */
  | 'undecodable-cell'
  | 'before-event'
  | 'unknown-department'
  | 'unknown-report'
  /** Not a rejected row: the header line again, skipped (files pasted together). */
  | 'repeated-header';

export interface Problem {
  file: string;
  line: number;
  field: string;
  value: string;
  code: ProblemCode;
  message: string;
}

export function problem(
  lang: Lang,
  p: { file: string; line: number; field: string; value: string; code: ProblemCode; detail?: string | undefined; note?: 'not-submitted' | undefined },
): Problem {
  return {
    file: p.file,
    line: p.line,
    field: p.field,
    value: p.value,
    code: p.code,
    message: rowProblemMessage(lang, p.code, p.field, p.value, p.detail, p.note),
  };
}
