// A rule's check in plain words, for `isla rules` and the reports:
// "提车日期 → 提交日期：次日（遇财务休息日顺延）".
import type { DueSpec } from '../calendar/due.js';
import type { Lang } from '../messages.js';
import type { Condition } from '../service-list/schema.js';
import type { Rule } from '../rules/types.js';

export function describeDue(due: DueSpec, lang: Lang): string {
  const zh = lang === 'zh';
  if ('sameDay' in due) return zh ? '当日' : 'the same day';
  if ('workdays' in due) return zh ? `${due.workdays} 个财务工作日内` : `within ${due.workdays} finance workdays`;
  if ('days' in due) {
    const rolled = due.roll !== 'none';
    const base = zh ? (due.days === 1 ? '次日' : `${due.days} 天内`) : due.days === 1 ? 'the next day' : `within ${due.days} days`;
    return rolled ? (zh ? `${base}（遇财务休息日顺延）` : `${base} (moved to the next finance workday)`) : base;
  }
  const time = due.monthly.time;
  return zh
    ? `次月 ${due.monthly.day} 日${time ? ` ${time} 前` : '（含）前'}（遇休息日顺延）`
    : `by day ${due.monthly.day} of the next month${time ? ` at ${time}` : ''} (moved to the next workday)`;
}

function describeCondition(c: Condition, lang: Lang): string {
  const zh = lang === 'zh';
  if ('any' in c) return c.any.map((x) => describeCondition(x, lang)).join(zh ? ' 或 ' : ' or ');
  const parts: string[] = [];
  if (c.equals !== undefined) parts.push(zh ? `${c.field} 为 ${c.equals === true ? '是' : c.equals}` : `${c.field} = ${c.equals}`);
  if (c.in !== undefined) parts.push(zh ? `${c.field} 为 ${c.in.join('/')}` : `${c.field} is ${c.in.join('/')}`);
  if (c.contains !== undefined) parts.push(zh ? `${c.field} 含 ${[c.contains].flat().join('/')}` : `${c.field} contains ${[c.contains].flat().join('/')}`);
  if (c.present !== undefined) parts.push(zh ? `${c.field}${c.present ? '已填' : '未填'}` : `${c.field} ${c.present ? 'filled in' : 'empty'}`);
  if (c.gt !== undefined) parts.push(`${c.field} > ${c.gt}`);
  if (c.timeAtOrAfter !== undefined) parts.push(zh ? `${c.field} 在 ${c.timeAtOrAfter} 及以后` : `${c.field} at or after ${c.timeAtOrAfter}`);
  return parts.join(zh ? '且' : ' and ');
}

export function describeRule(rule: Rule, lang: Lang, labelOf: (id: string) => string): string {
  const zh = lang === 'zh';
  const when = rule.when?.length ? (zh ? `；仅当 ${rule.when.map((c) => describeCondition(c, lang)).join('且')}` : `; only when ${rule.when.map((c) => describeCondition(c, lang)).join(' and ')}`) : '';
  switch (rule.kind) {
    case 'manual':
      return zh ? '人工核对' : 'checked by hand';
    case 'deadline':
      return `${rule.event} → ${rule.submitted}：${describeDue(rule.due!, lang)}${when}`;
    case 'report':
      return zh
        ? `报送记录中 ${rule.department}“${rule.report}”每月一份：${describeDue(rule.due!, lang)}${when}`
        : `one "${rule.report}" from ${rule.department} a month in the report log: ${describeDue(rule.due!, lang)}${when}`;
    case 'required': {
      const extra = rule.positive?.length ? (zh ? `，${rule.positive.join('、')} 大于 0` : `, ${rule.positive.join(', ')} > 0`) : '';
      const value = rule.value !== undefined ? (zh ? `，且为“${rule.value === true ? '是' : rule.value}”` : `, each "${rule.value}"`) : '';
      return (zh ? `${rule.fields!.join('、')} 必填${extra}${value}` : `${rule.fields!.join(', ')} filled in${extra}${value}`) + when;
    }
    case 'expect':
      return (zh ? `${rule.field} 应为“${rule.value === true ? '是' : rule.value}”` : `${rule.field} must be "${rule.value}"`) + when;
    case 'forbid':
      return (zh ? `不得出现：${rule.forbid!.map((c) => describeCondition(c, lang)).join('且')}` : `must not happen: ${rule.forbid!.map((c) => describeCondition(c, lang)).join(' and ')}`) + when;
    case 'match':
      return (zh ? `${rule.fields![0]} 与 ${rule.fields![1]} 一致（都填写时）` : `${rule.fields![0]} equals ${rule.fields![1]} (when both are filled in)`) + when;
    case 'exists':
      return (zh ? `${labelOf(rule.in!.dataset)}中须有相同${rule.in!.field}的记录` : `a ${labelOf(rule.in!.dataset)} record with the same ${rule.in!.field} must exist`) + when;
  }
}
