// What every human-readable format says of finance's approvals (SPEC §13): the
// note beside an item (已批准延期至 11-10 · 王经理), the words of the 已批准延期与豁免
// section and of the waiver log. Shown only when the run had a waiver log, so a
// report without one reads exactly as before.
import type { CheckResult } from '../check.js';
import type { Lang } from '../messages.js';
import type { ApprovedStatus, Waiver } from '../rules/types.js';

export const APPROVED_STATUS_LABEL: Record<ApprovedStatus, Record<Lang, string>> = {
  onTime: { zh: '按时', en: 'on time' },
  late: { zh: '迟交', en: 'late' },
  overdue: { zh: '逾期未交', en: 'overdue' },
  pending: { zh: '待交', en: 'pending' },
  waived: { zh: '已豁免', en: 'waived' },
};

const WORDS = {
  extended: { zh: '延期', en: 'Extended' },
  waived: { zh: '豁免', en: 'Waived' },
  section: { zh: '已批准延期与豁免', en: 'Approved extensions and waivers' },
  none: { zh: '本期没有已批准的延期或豁免。', en: 'No approved extension or waiver this period.' },
  result: { zh: '结果', en: 'Result' },
  approval: { zh: '批准', en: 'Approval' },
  approver: { zh: '批准人', en: 'Approver' },
  approvedOn: { zh: '批准日期', en: 'Approved on' },
  reason: { zh: '原因', en: 'Reason' },
  retroactive: { zh: '事后批准', en: 'approved after the due' },
  log: { zh: '延期豁免登记', en: 'Waiver log' },
  unmatched: { zh: '未匹配的登记（规则和单号在本次输入中找不到，请核对）', en: 'Unmatched approvals (rule and key match nothing in the inputs: check them)' },
  listHint: { zh: '（加 --verbose 列出）', en: '(--verbose lists them)' },
  // The columns of findings.xlsx's 延期与豁免 sheet that no other format has.
  until: { zh: '延期至', en: 'Extended to' },
  unmatchedStatus: { zh: '未匹配', en: 'unmatched' },
  logFile: { zh: '登记文件', en: 'Log file' },
  logLine: { zh: '登记行', en: 'Log line' },
} as const;

export function approvalWord(lang: Lang, id: keyof typeof WORDS): string {
  return WORDS[id][lang];
}

/** A run given a waiver log (or one whose items carry approvals) shows the counts and the section. */
export function hasWaiverLog(result: CheckResult): boolean {
  return result.inputs.some((i) => i.dataset === 'waivers') || result.approved.length > 0;
}

/** `11-10` within the period's year, `2027-01-05` otherwise; with the time when one was given. */
function shortMoment(iso: string, year: string): string {
  const text = iso.replace('T', ' ');
  return text.startsWith(year + '-') ? text.slice(5) : text;
}

/** What was approved: `延期至 11-10` or `豁免`. */
export function approvalText(w: Waiver, year: string, lang: Lang): string {
  if (w.kind === 'waiver') return lang === 'zh' ? '豁免' : 'waived';
  return `${lang === 'zh' ? '延期至 ' : 'extended to '}${shortMoment(w.until!, year)}`;
}

/** The note beside an item: `已批准延期至 11-10 · 王经理`, marked 事后批准 when it came after the due. */
export function approvalNote(w: Waiver, year: string, lang: Lang): string {
  const what = lang === 'zh' ? `已批准${approvalText(w, year, lang)}` : `approved: ${approvalText(w, year, lang)}`;
  return [what, w.approver, ...(w.retroactive ? [WORDS.retroactive[lang]] : [])].join(' · ');
}

/** `采用 4 条，未匹配 1 条`. */
export function waiverLogText(result: CheckResult, lang: Lang): string {
  const { applied, unmatched } = result.waiverLog;
  return lang === 'zh' ? `采用 ${applied} 条，未匹配 ${unmatched.length} 条` : `${applied} applied, ${unmatched.length} unmatched`;
}
