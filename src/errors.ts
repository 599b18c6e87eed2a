// Typed user errors: something the tool could not judge (exit 2). Each carries a
// catalogued code and its parameters; src/messages.ts renders the one plain
// sentence in the user's language, so no stack trace reaches a finance clerk.

export type IslaErrorCode =
  | 'unreadable'
  | 'empty-file'
  | 'undecodable'
  | 'unterminated-quote'
  | 'no-header'
  | 'missing-column'
  | 'unknown-dataset'
  | 'ambiguous-dataset'
  | 'bad-dataset-name'
  | 'no-inputs'
  | 'bad-option'
  | 'bad-config'
  | 'strict-rejected'
  | 'output-is-input'
  | 'output-in-input-folder'
  | 'write-failed'
  | 'config-exists'
  | 'no-history'
  | 'not-a-workbook'
  | 'no-such-sheet'
  | 'workbook-too-big'
  | 'xlsx-needs-output'
  | 'usage'
  | 'repeated-option'
  | 'empty-option'
  | 'stdin-input'
  | 'period-after-as-of'
  | 'init-not-folder'
  | 'not-a-file'
  | 'bad-smtp-url'
  | 'mail-no-config'
  | 'mail-no-transport'
  | 'mail-no-recipients'
  | 'mail-both'
  | 'no-report-set'
  | 'bad-notice';

export class IslaError extends Error {
  constructor(
    readonly code: IslaErrorCode,
    readonly params: Record<string, string | number | string[]>,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${JSON.stringify(params)}`, options);
    this.name = 'IslaError';
  }
}
