// `isla init [dir]`: a starter isla.config.yaml holding the effective built-in
// service list, commented in Chinese, ready for finance's IT person to edit.
// Loading it back gives exactly the verdicts of no config at all.
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { describeRule } from '../commands/describe.js';
import { datasetLabeller } from '../datasets/label.js';
import { IslaError } from '../errors.js';
import { makeFolder, writeAtomic } from '../write-atomic.js';
import { displayWidth } from '../report/columns.js';
import { KINDS } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import { ruleKeys } from '../service-list/schema.js';
import { CONFIG_FILE_NAME, type EffectiveConfig } from './load.js';
import { WAIVERS_DATASET } from '../waivers/types.js';

const flow = (value: unknown): string => stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trim();

const HEADER = `# isla 配置文件（isla.config.yaml）
# 由 isla init 生成：下面是内置的服务明细和数据格式，照原样使用与不写配置完全相同。
# 按本公司的导出格式、工作日和“及时”的标准修改后保存即可；isla check / rules /
# calendar / inspect 会自动读取当前目录下的这个文件，也可以用 -c 指定。
# 写错的设置项不会被悄悄忽略：isla 会指出文件、行号和正确的写法。

# builtin：在内置服务明细的基础上修改；none：不要内置规则，只用下面 rules 里写的。
extends: builtin

# 导出文件中不带时区的日期和时间，按这个时区理解（IANA 时区名）。
timezone: {{timezone}}

calendar:
  # cn：国家法定节假日和调休上班日（chinese-days 数据）+ 周一至周五；
  # weekdays：只按周一至周五，不看节假日。
  source: {{source}}
  # 公司额外放假、财务不上班的日期，例如 [2026-10-13]。
  extraHolidays: {{extraHolidays}}
  # 财务部额外上班的日期（例如某个周六），例如 [2026-10-17]。
  extraWorkdays: {{extraWorkdays}}
  # 国务院公布新一年的放假安排后，用 isla calendar import 通知文件 --write 写入
  # calendar.years.<年份>（放假日 holidays、调休上班日 workdays、来源 source），
  # 它整年替换软件包的数据；用 isla calendar 2027 核对。

defaults:
  # 期限落在财务休息日时：next-workday 顺延到下一个财务工作日；none 不顺延。
  roll: {{roll}}
`;

const DATASETS_HEADER = `
# 数据集：各部门的导出文件。对内置数据集只能“添加”：
#   hints    文件名提示（中文按包含匹配，英文按整词匹配），例如 [POS]
#   encoding 固定编码（auto、utf-8、gb18030、utf-16le），一般用 auto 自动识别
#   columns  为标准列添加别名：  标准列名: [导出中的列名, ...]
# 注释里是内置的提示和别名。也可以新增数据集，写 label、department、hints 和
# columns（每列 {type: text|date|datetime|month|amount|boolean, key: true, required: true}）。
datasets:
`;

const RULES_HEADER = `
# 规则：服务明细中的每一项，按编号修改（只写要改的键即可），也可以新增编号。
{{kinds}}
#   due       sameDay 当日 | {days: N} N 天（遇休息日顺延）| {workdays: N} N 个财务工作日
#             | {monthly: {day: D, time: "HH:mm"}} 次月 D 日（时间可省略，即当天结束前）
#   event / submitted   计时起点的列 / 交付时间的列（deadline）
#   when      只检查满足条件的行：{field, equals | contains | in | present | gt | timeAtOrAfter}
#             或 {any: [条件, ...]}（满足其一）
#   severity  error（计入退出码 1）| warning（--fail-on warning 时才计入）
rules:
`;

// SPEC §13: finance's own log, read like an export but about the items of the others.
const WAIVERS_COMMENT = [
  '  # 延期豁免登记：财务部批准的延期和豁免，每条批准一行（文件名含“延期”或“豁免”即可识别）。',
  '  #   规则 = 规则编号（如 KF-02a）；单号 = 事项的单号（报表写 部门/报表/YYYY-MM，如 消贷部/欠款报表/2026-09）；',
  '  #   延期至 = 新截止时间（只写日期即当天结束前，不顺延）或 豁免 = 是，二者只填一项；批准人、批准日期必填；原因可写。',
  '  #   延期的事项按新截止时间判断；豁免的事项不计入应交和按时率；报告中单列“已批准延期与豁免”，事后批准另有标注。',
];

const MAIL_EXAMPLE = `
# 邮件（isla check --mail、isla mail 报告文件夹）：各部门负责人只收到本部门的问题，
# 财务部收到全部报告。去掉下面的 # 并改成本公司的地址即可启用。
# 密码（企业邮箱的“授权码”）不能写在这里：放在环境变量 ISLA_SMTP_PASSWORD 中。
# mail:
#   from: 财务部 <finance@dealer.example>
#   replyTo: 王会计 <wang@dealer.example>
#   finance: [finance-manager@dealer.example]      # 收到全部报告
#   departments:                                   # 部门名与服务明细一致
#     消贷部: [loans-head@dealer.example]
#     客服部: [cs-head@dealer.example, 李娜 <li.na@dealer.example>]
#   cc: []                                         # 每封都抄送
#   sendWhen: findings                             # findings：没有问题的部门不发；always：都发
#   attach: csv                                    # 附件：csv（默认）、xlsx（Excel 工作簿）或 both
#   subject:
#     department: "{period} 内部服务检查 · {department}：迟交 {late}，逾期未交 {overdue}"
#     finance: "{period} 内部服务检查：按时率 {onTimeRate}，迟交 {late}，逾期未交 {overdue}"
#   smtp: {host: smtp.exmail.qq.com, port: 465, secure: true, user: finance@dealer.example}
#   # 或 transport: sendmail（交给本机的 sendmail -t -i）
`;

function datasetBlock(config: EffectiveConfig): string {
  const lines: string[] = [];
  for (const d of config.datasets) {
    if (d.id === WAIVERS_DATASET) lines.push(...WAIVERS_COMMENT);
    lines.push(`  ${d.id}:   # ${d.label}（${d.departments.join('、') || '各部门'}）`);
    lines.push(`    hints: []   # 内置：${d.hints.join(', ')}`);
    lines.push(`    encoding: ${d.encoding ?? 'auto'}`);
    lines.push('    columns:');
    for (const c of d.columns) {
      const notes = [c.type !== 'text' ? c.type : '', c.inHeader ? '必需' : '', c.key ? '单号（不可重复）' : '', c.aliases.length ? `内置别名：${c.aliases.join('、')}` : ''].filter(Boolean);
      lines.push(`      ${flow(c.name)}: []${notes.length ? `   # ${notes.join('；')}` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The kinds as each names itself, wrapped like the other comment lines (90 columns). */
function kindsComment(): string {
  const lines = ['#   kind      '];
  for (const [i, [name, kind]] of Object.entries(KINDS).entries()) {
    const item = `${i === 0 ? '' : '| '}${name} ${kind.doc.zh}`;
    const last = lines.length - 1;
    if (i > 0 && displayWidth(lines[last]! + ' ' + item) > 90) lines.push(`#             ${item}`);
    else lines[last] += i === 0 ? item : ` ${item}`;
  }
  return lines.join('\n');
}

function ruleBlock(config: EffectiveConfig): string {
  const labelOf = datasetLabeller(config.datasets, 'zh');
  const lines: string[] = [];
  for (const rule of config.rules) {
    lines.push(`  ${rule.id}:   # ${describeRule(rule, 'zh', labelOf)}`);
    for (const key of ruleKeys(rule.kind) as (keyof Rule)[]) {
      const value = rule[key];
      if (value === undefined || (key === 'severity' && rule.kind === 'manual')) continue;
      lines.push(`    ${key}: ${key === 'due' && 'sameDay' in (value as object) ? 'sameDay' : flow(value)}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function starterConfig(config: EffectiveConfig): string {
  const header = HEADER.replace('{{timezone}}', config.timezone)
    .replace('{{source}}', config.calendar.source)
    .replace('{{extraHolidays}}', flow(config.calendar.extraHolidays))
    .replace('{{extraWorkdays}}', flow(config.calendar.extraWorkdays))
    .replace('{{roll}}', config.defaultRoll);
  return header + DATASETS_HEADER + datasetBlock(config) + RULES_HEADER.replace('{{kinds}}', kindsComment()) + ruleBlock(config) + MAIL_EXAMPLE;
}

/** Write the starter config into `dir`; an existing file is kept unless `force`. */
export async function writeStarterConfig(dir: string, config: EffectiveConfig, force: boolean): Promise<string> {
  // `isla init my.yaml` would otherwise make a folder named my.yaml.
  const info = await stat(dir).catch(() => null);
  if (info ? !info.isDirectory() : /\.(ya?ml|json)$/i.test(dir)) throw new IslaError('init-not-folder', { path: dir, why: info ? 'file' : 'name' });
  const target = path.join(dir, CONFIG_FILE_NAME);
  const exists = await access(target).then(() => true, () => false);
  if (exists && !force) throw new IslaError('config-exists', { path: target });
  await makeFolder(dir).catch((cause: NodeJS.ErrnoException) => {
    throw new IslaError('write-failed', { path: dir, reason: cause.code ?? String(cause) }, { cause });
  });
  await writeAtomic(target, [starterConfig(config)]);
  return target;
}
