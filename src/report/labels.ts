// Words shared by the human-readable formats (table, markdown, csv, html).
import type { Lang } from '../messages.js';
import type { FindingStatus } from '../rules/types.js';

export const STATUS_LABEL: Record<FindingStatus, Record<Lang, string>> = {
  overdue: { zh: '逾期未交', en: 'overdue' },
  late: { zh: '迟交', en: 'late' },
  incomplete: { zh: '不完整', en: 'incomplete' },
  violation: { zh: '违规', en: 'violation' },
  mismatch: { zh: '不一致', en: 'mismatch' },
  missing: { zh: '缺单', en: 'missing' },
  duplicate: { zh: '重复', en: 'duplicate' },
};

const LABELS = {
  title: { zh: '财务部内部客户服务检查', en: 'Finance internal-service check' },
  period: { zh: '期间', en: 'Period' },
  asOf: { zh: '检查时点', en: 'As of' },
  timezone: { zh: '时区', en: 'Zone' },
  inputs: { zh: '输入文件', en: 'Inputs' },
  dataset: { zh: '数据', en: 'Dataset' },
  file: { zh: '文件', en: 'File' },
  rows: { zh: '行数', en: 'Rows' },
  rejected: { zh: '拒绝', en: 'Rejected' },
  encoding: { zh: '编码', en: 'Encoding' },
  department: { zh: '部门', en: 'Department' },
  due: { zh: '应交', en: 'Due' },
  onTime: { zh: '按时', en: 'On time' },
  late: { zh: '迟交', en: 'Late' },
  overdue: { zh: '逾期未交', en: 'Overdue' },
  pending: { zh: '待交', en: 'Pending' },
  otherFindings: { zh: '其他问题', en: 'Other' },
  onTimeRate: { zh: '按时率', en: 'On-time rate' },
  total: { zh: '合计', en: 'Total' },
  summary: { zh: '部门汇总', en: 'By department' },
  lateItems: { zh: '迟交和逾期未交', en: 'Late and overdue items' },
  otherItems: { zh: '其他问题', en: 'Other findings' },
  rule: { zh: '规则', en: 'Rule' },
  status: { zh: '状态', en: 'Status' },
  key: { zh: '单号', en: 'Key' },
  customer: { zh: '客户', en: 'Customer' },
  eventDate: { zh: '发生日期', en: 'Event' },
  dueDate: { zh: '应交时间', en: 'Due' },
  submitted: { zh: '实交时间', en: 'Delivered' },
  daysLate: { zh: '迟交天数', en: 'Days late' },
  workdaysLate: { zh: '工作日', en: 'Workdays' },
  handler: { zh: '经办人', en: 'Handler' },
  line: { zh: '行', en: 'Line' },
  message: { zh: '说明', en: 'Details' },
  severity: { zh: '级别', en: 'Severity' },
  notProvided: { zh: '未提供数据', en: 'No data provided' },
  notChecked: { zh: '未检查的规则', en: 'Rules not checked' },
  warnings: { zh: '提示', en: 'Warnings' },
  problems: { zh: '被拒绝的行', en: 'Rejected rows' },
  problemsHint: { zh: '（加 --verbose 逐行列出）', en: '(--verbose lists each one)' },
  none: { zh: '无', en: 'none' },
  noLate: { zh: '本期没有迟交或逾期未交的事项。', en: 'Nothing late or overdue this period.' },
  rulesApplied: { zh: '检查的规则', en: 'Rules applied' },
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
} as const;

export type LabelId = keyof typeof LABELS;

export function label(lang: Lang, id: LabelId): string {
  return LABELS[id][lang];
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** `2026-10-16` or `2026-10-16 12:00`. */
export function dueText(dueDate: string | null, dueTime: string | null): string {
  if (dueDate === null) return '';
  return dueTime === null ? dueDate : `${dueDate} ${dueTime}`;
}

export function localText(iso: string | null): string {
  return iso === null ? '' : iso.replace('T', ' ');
}
