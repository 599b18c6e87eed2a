// The words the kinds describe their checks with, for `isla rules`, the reports and
// `isla init`: "次日（遇财务休息日顺延）", "付款方式 为 分期/按揭".
import type { DueSpec } from '../calendar/due.js';
import type { Lang } from '../messages.js';
import type { Condition } from '../service-list/schema.js';

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

export function describeCondition(c: Condition, lang: Lang): string {
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

/** Conditions that all hold, in words: "付款方式 为 分期且核算单 为 是". */
export function describeConditions(conditions: Condition[], lang: Lang): string {
  return conditions.map((c) => describeCondition(c, lang)).join(lang === 'zh' ? '且' : ' and ');
}
