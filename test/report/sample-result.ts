// A hand-built result for the formatter tests, with hostile values where a
// spreadsheet, a mail client or a Markdown renderer could be fooled.
import type { CheckResult } from '../../src/check.js';

export function sampleResult(): CheckResult {
  return {
    schemaVersion: 1,
    tool: { name: 'isla', version: '0.1.0' },
    period: { label: '2026-10', start: '2026-10-01', end: '2026-10-31' },
    asOf: '2026-11-06T09:00:00+08:00',
    timezone: 'Asia/Shanghai',
    inputs: [{ dataset: 'swipes', file: 'exports/刷卡单.csv', encoding: 'gb18030', delimiter: ',', rows: 3, rejected: 1 }],
    notProvided: ['storage'],
    notChecked: [{ ruleId: 'XD-07', reason: 'column 公证费报送日期 not in file' }],
    summary: {
      total: { due: 2, onTime: 1, late: 1, overdue: 0, pending: 0, extended: 0, waived: 0, otherFindings: 2, onTimeRate: 0.5, notJudged: 0 },
      byDepartment: [{ department: '客服部', due: 2, onTime: 1, late: 1, overdue: 0, pending: 0, extended: 0, waived: 0, otherFindings: 2, onTimeRate: 0.5, notJudged: 0 }],
    },
    findings: [
      {
        ruleId: 'KF-02a', department: '客服部', dataset: 'swipes', status: 'late', severity: 'error',
        key: '=HYPERLINK("http://x")', customer: '<script>alert(1)</script>', handler: '李"娜" & 张|三',
        file: 'exports/刷卡单.csv', line: 5, eventDate: '2026-10-15', dueDate: '2026-10-16', dueTime: null,
        submitted: '2026-10-19T10:20', daysLate: 3, workdaysLate: 1, message: '提车次日提供刷卡单：迟 3 天',
      },
      {
        ruleId: 'XD-03', department: '客服部', dataset: 'loans', status: 'mismatch', severity: 'warning',
        key: '-12', customer: '@王芳', handler: '\t周敏', file: 'exports/放贷.csv', line: 7, eventDate: '2026-10-12',
        dueDate: null, dueTime: null, submitted: null, message: '+购车人与合同人不一致\r\n*查档案*',
      },
      {
        ruleId: null, department: '客服部', dataset: 'swipes', status: 'duplicate', severity: 'warning',
        key: '\rSK-9', customer: '=1+1', handler: null, file: 'exports/刷卡单.csv', line: 8, eventDate: '2026-10-20',
        dueDate: null, dueTime: null, submitted: null, message: '刷卡单号 SK-9 repeats line 6',
      },
    ],
    approved: [],
    waiverLog: { applied: 0, unmatched: [] },
    problems: [{ file: 'exports/刷卡单.csv', line: 9, field: '提车日期', value: '2026-02-30', code: 'invalid-date', message: 'no such date' }],
    warnings: [],
  };
}
