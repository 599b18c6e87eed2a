// `isla rules`: the whole service list and how each item is checked.
import { datasetLabeller } from '../datasets/label.js';
import { effectiveConfig } from '../config/effective.js';
import type { EffectiveConfig } from '../config/load.js';
import type { Lang } from '../messages.js';
import { parseChoice } from '../options.js';
import { WAIVERS_DATASET } from '../waivers/types.js';
import { describeRule } from './describe.js';
import type { Terminal } from './terminal.js';

export type RulesFormat = 'table' | 'markdown' | 'json';

export function renderRules(config: EffectiveConfig, lang: Lang, format: RulesFormat): string {
  const labelOf = datasetLabeller(config.datasets, lang);
  const rows = config.rules.map((r) => ({
    id: r.id,
    department: r.department,
    item: r.item,
    kind: r.kind,
    check: describeRule(r, lang, labelOf),
    dataset: r.kind === 'manual' ? null : r.dataset!,
    severity: r.kind === 'manual' ? null : r.severity,
  }));
  if (format === 'json') return JSON.stringify({ rules: rows }, null, 2) + '\n';
  const head = lang === 'zh' ? ['编号', '部门', '服务项目（原文）', '检查方式', '数据'] : ['Id', 'Department', 'Item (as written)', 'How it is checked', 'Dataset'];
  const cells = rows.map((r) => [r.id, r.department, r.item, r.check, r.dataset ? `${r.dataset}（${labelOf(r.dataset)}）` : lang === 'zh' ? '人工核对' : 'manual']);
  if (format === 'markdown') {
    const esc = (s: string): string => s.replace(/\|/g, '\\|');
    return [
      `| ${head.join(' | ')} |`,
      `| ${head.map(() => '---').join(' | ')} |`,
      ...cells.map((c) => `| ${c.map(esc).join(' | ')} |`),
    ].join('\n') + '\n\n' + waiverNote(config, lang) + '\n';
  }
  // Plain text: one block per item, since the item texts are long sentences.
  const out: string[] = [];
  let dept = '';
  for (const c of cells) {
    if (c[1] !== dept) {
      dept = c[1]!;
      out.push(`${out.length ? '\n' : ''}${dept}`);
    }
    out.push(`  ${c[0]!.padEnd(7)} ${c[2]}`);
    out.push(`          ${c[3]}  [${c[4]}]`);
  }
  return out.join('\n') + '\n\n' + waiverNote(config, lang) + '\n';
}

/** SPEC §13: how finance's approvals attach to the items above. */
function waiverNote(config: EffectiveConfig, lang: Lang): string {
  const log = config.datasets.find((d) => d.id === WAIVERS_DATASET);
  if (!log) return '';
  return lang === 'zh'
    ? `延期与豁免：财务部在${log.label}（${log.id}，列 ${log.columns.map((c) => c.name).join('、')}）中每条批准登记一行，按“规则”编号和“单号”对应到上面的事项；期限类（deadline、report）可延期至新时间或豁免，其他自动检查只能豁免，人工核对项无需登记。`
    : `Extensions and waivers: finance logs each approval as one row of ${log.labelEn} (${log.id}; columns ${log.columns.map((c) => c.name).join(', ')}), matched to the items above by rule id and key; deadline and report items can be extended or waived, the other automatic checks only waived, manual items need no entry.`;
}

export async function rulesCommand(o: { config?: string; format: string }, lang: Lang, term: Terminal): Promise<number> {
  const format = parseChoice('--format', o.format, ['table', 'markdown', 'json'] as const, lang);
  term.out(renderRules(await effectiveConfig({ config: o.config, lang }), lang, format));
  return 0;
}
